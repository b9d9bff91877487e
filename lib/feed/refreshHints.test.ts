import { describe, expect, it } from 'vitest';
import { parseFeed } from './parseFeed';

// What a feed's document says about its updates, as the scheduler gets it (FeedInfo.refresh).
const SY = 'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"';
const rss = (channel: string) =>
  `<?xml version="1.0"?><rss version="2.0" ${SY}><channel><title>T</title><link>https://a.test/</link>${channel}<item><title>x</title><guid>1</guid></item></channel></rss>`;
const refreshOf = (body: string) => {
  const parsed = parseFeed(body, { contentType: 'application/rss+xml', fetchedUrl: 'https://a.test/feed' });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.feed.refresh;
};

describe('a feed’s own word on its updates', () => {
  it('reads RSS <ttl>, <skipHours> and <skipDays>', () => {
    expect(
      refreshOf(
        rss(
          '<ttl>120</ttl><skipHours><hour>0</hour><hour>1</hour><hour>24</hour></skipHours><skipDays><day>Saturday</day><day>sunday</day></skipDays>',
        ),
      ),
    ).toEqual({ ttlMinutes: 120, skipHours: [0, 1], skipDays: [0, 6] });
  });

  it('reads sy:updatePeriod and sy:updateFrequency, in RSS 2.0, RSS 1.0 and Atom', () => {
    expect(
      refreshOf(rss('<sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>')),
    ).toEqual({ updateEveryMinutes: 720 });
    expect(refreshOf(rss('<sy:updatePeriod>hourly</sy:updatePeriod>'))).toEqual({ updateEveryMinutes: 60 });
    const rdf = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" ${SY}><channel rdf:about="x"><title>T</title><link>https://a.test/</link><sy:updatePeriod>weekly</sy:updatePeriod></channel><item rdf:about="https://a.test/1"><title>x</title><link>https://a.test/1</link></item></rdf:RDF>`;
    expect(refreshOf(rdf)).toEqual({ updateEveryMinutes: 7 * 1440 });
    const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" ${SY}><title>T</title><id>x</id><updated>2024-01-01T00:00:00Z</updated><sy:updatePeriod>daily</sy:updatePeriod><entry><id>1</id><title>x</title><updated>2024-01-01T00:00:00Z</updated></entry></feed>`;
    expect(refreshOf(atom)).toEqual({ updateEveryMinutes: 1440 });
  });

  it('ignores what cannot be meant: no hints, a zero ttl, every hour or every day skipped, unknown periods', () => {
    expect(refreshOf(rss(''))).toBeUndefined();
    expect(refreshOf(rss('<ttl>0</ttl><sy:updatePeriod>fortnightly</sy:updatePeriod>'))).toBeUndefined();
    const allHours = Array.from({ length: 24 }, (_, h) => `<hour>${h}</hour>`).join('');
    expect(refreshOf(rss(`<skipHours>${allHours}</skipHours>`))).toBeUndefined();
    const allDays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
    expect(refreshOf(rss(`<skipDays>${allDays.map((d) => `<day>${d}</day>`).join('')}</skipDays>`))).toBeUndefined();
  });
});
