// Deterministic, realistic feeds for the benchmark: HTML content, tags, authors, sources, images.

function random(seed: number) {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const WORDS =
  'model safety alignment frontier policy evals lab risk compute governance oversight audit red team release report interpretability chips export law court agency'.split(
    ' ',
  );
const TAGS = ['AI safety', 'Policy', 'Evals', 'Research', 'Misuse', 'Governance', 'Chips', 'Law'];

type Item = {
  id: string;
  title: string;
  summary: string;
  html: string;
  tags: string[];
  author: string;
  date: string;
  source: string;
  image: string;
};

/**
 * `count` items; with `newer`, that many more, newer than the first (so a feed can gain posts between polls). Each
 * item's words come from its own number, so the items a feed already had read the same after it gains one.
 */
function items(
  count: number,
  seed = 42,
  { newer = 0, site = 'blog.example', start = Date.UTC(2026, 10, 25) } = {},
): Item[] {
  let rand = random(seed);
  const word = () => WORDS[Math.floor(rand() * WORDS.length)]!;
  const sentence = (n: number) => Array.from({ length: n }, word).join(' ');
  return Array.from({ length: count + newer }, (_, k) => k - newer).map(
    (i) => (
      (rand = random(seed + i * 7919)),
      {
        id: `https://${site}/posts/${i}`,
        title: `${sentence(6)} ${i}`,
        summary: sentence(30),
        html: `<p>${sentence(60)}</p><p><a href="/posts/${i}">${sentence(4)}</a> &amp; <em>${sentence(20)}</em></p><p>Source : https://www.reuters.com/technology/${i}/</p>`,
        tags: [TAGS[i % TAGS.length]!, TAGS[(i * 3 + 1) % TAGS.length]!],
        author: `Writer ${i % 13}`,
        date: new Date(start - i * 3600e3).toISOString(),
        source: `https://www.reuters.com/technology/story-${i}/?utm_source=feed`,
        image: `https://blog.example/images/${i}.png`,
      }
    ),
  );
}

/**
 * A JSON Feed of `count` posts; `newer` adds that many newer posts on top (the feed gained them since). Post `i` is
 * dated `i` hours before `start` (the newer ones after it): by default 25 November 2026, long enough ago that a feed's
 * first sync counts every post as seen.
 */
export function jsonFeed(
  count: number,
  { newer = 0, site = 'blog.example', start = Date.UTC(2026, 10, 25) } = {},
): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: site === 'blog.example' ? 'Bench Desk' : `Bench Desk ${site}`,
    home_page_url: `https://${site}/`,
    feed_url: `https://${site}/feed.json`,
    items: items(count, 42, { newer, site, start }).map((item) => ({
      id: item.id,
      url: item.id,
      external_url: item.source,
      title: item.title,
      summary: item.summary,
      content_html: item.html,
      image: item.image,
      date_published: item.date,
      tags: item.tags,
      authors: [{ name: item.author }],
    })),
  });
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function rssFeed(count: number): string {
  const body = items(count)
    .map(
      (item) =>
        `<item><title>${xml(item.title)}</title><link>${item.id}</link><guid>${item.id}</guid>` +
        `<description>${xml(item.html)}</description><pubDate>${new Date(item.date).toUTCString()}</pubDate>` +
        item.tags.map((tag) => `<category>${xml(tag)}</category>`).join('') +
        `<dc:creator>${xml(item.author)}</dc:creator><source url="${xml(item.source)}">Reuters</source></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Bench Desk</title><link>https://blog.example/</link><description>Bench</description>\n${body}\n</channel></rss>`;
}

export function atomFeed(count: number): string {
  const body = items(count)
    .map(
      (item) =>
        `<entry><id>${item.id}</id><title>${xml(item.title)}</title><link rel="alternate" href="${item.id}"/>` +
        `<link rel="related" href="${xml(item.source)}"/><updated>${item.date}</updated><published>${item.date}</published>` +
        `<author><name>${xml(item.author)}</name></author><summary>${xml(item.summary)}</summary>` +
        `<content type="html">${xml(item.html)}</content>` +
        item.tags.map((tag) => `<category term="${xml(tag)}"/>`).join('') +
        `</entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Bench Desk</title><id>https://blog.example/</id><updated>2026-11-25T00:00:00Z</updated><link href="https://blog.example/"/>\n${body}\n</feed>`;
}
