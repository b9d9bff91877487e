import { describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../store/settings';
import { createBackup, readBackup } from './backup';
import { feedsFromOpml, feedsToOpml } from './opml';

const settings: Settings = {
  ...defaultSettings(),
  feeds: [
    { id: 'demo', url: '/demo-feed.json', title: 'Demo', addedAt: 0, demo: true },
    { id: 'a', url: 'https://a.test/feed.json', title: 'A & B <Desk>', addedAt: 1 },
    { id: 'b', url: 'https://b.test/rss', title: 'B', name: 'My B', addedAt: 2, paused: true },
  ],
};

describe('OPML', () => {
  it('exports the real feeds with their names and reads them back', () => {
    const opml = feedsToOpml(settings.feeds, new Date('2026-11-25T00:00:00Z'));
    expect(opml).toContain('xmlUrl="https://a.test/feed.json"');
    expect(opml).toContain('A &amp; B &lt;Desk&gt;');
    expect(opml).not.toContain('demo-feed');
    expect(feedsFromOpml(opml)).toEqual({
      ok: true,
      skipped: 0,
      feeds: [
        { url: 'https://a.test/feed.json', title: 'A & B <Desk>' },
        { url: 'https://b.test/rss', title: 'My B' },
      ],
    });
  });

  it('flattens folders, drops duplicates, and skips what is not http(s)', () => {
    const opml = `<?xml version="1.0"?><opml version="1.0"><head><title>x</title></head><body>
      <outline text="News"><outline text="One" xmlUrl="https://one.test/feed"/><outline text="Two" xmlUrl="https://two.test/atom"/></outline>
      <outline text="Again" xmlUrl="https://one.test/feed"/><outline text="Bad" xmlUrl="javascript:alert(1)"/><outline text="Folder only"/>
    </body></opml>`;
    expect(feedsFromOpml(opml)).toEqual({
      ok: true,
      skipped: 1,
      feeds: [
        { url: 'https://one.test/feed', title: 'One' },
        { url: 'https://two.test/atom', title: 'Two' },
      ],
    });
  });

  it('says what is wrong with a file that is not OPML, or lists no feeds', () => {
    for (const bad of ['', 'not xml at all', '<html><body>hi</body></html>', '{"feeds":[]}']) {
      const result = feedsFromOpml(bad);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/not OPML|damaged|no feeds/);
    }
    expect(feedsFromOpml('<opml version="2.0"><head/><body><outline text="x"/></body></opml>')).toMatchObject({
      ok: false,
    });
  });
});

describe('backup', () => {
  const readState = { seen: ['a 1', 'a 2'], read: ['a 1'] };

  it('round-trips settings and read state', () => {
    const result = readBackup(createBackup(settings, readState));
    expect(result).toMatchObject({ ok: true, backup: { settings, readState } });
  });

  it('refuses a damaged or foreign file with a reason, naming the bad field', () => {
    expect(readBackup('{')).toEqual({ ok: false, message: 'This file is not a backup: it is not JSON.' });
    expect(readBackup('{"hello":1}')).toEqual({
      ok: false,
      message: 'This JSON file is not an AI Safety Brief backup.',
    });
    const broken = JSON.parse(createBackup(settings, readState));
    broken.settings.pollMinutes = 'often';
    const result = readBackup(JSON.stringify(broken));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/settings\.pollMinutes/);
  });
});
