import { describe, expect, it } from 'vitest';
import { TEXT_LIMITS } from '../feed/limits';
import { feedsFromOpml } from './opml';

// An OPML file comes from outside, like a feed: its titles go through the same cleaning and the same cap.
describe('OPML titles', () => {
  it('are capped and lose bidi controls and controls, like every text from outside', () => {
    const long = 'L'.repeat(100_000);
    const opml = `<?xml version="1.0"?><opml version="2.0"><head/><body>
      <outline text="${long}" xmlUrl="https://long.test/feed"/>
      <outline title="evil&#x202E;moc.sretuer" text="x" xmlUrl="https://bidi.test/feed"/>
      <outline text="  spaced&#9;  out  " xmlUrl="https://space.test/feed"/>
    </body></opml>`;
    const result = feedsFromOpml(opml);
    if (!result.ok) throw new Error(result.message);
    const [capped, bidi, spaced] = result.feeds;
    expect(capped!.title!.length).toBe(TEXT_LIMITS.opmlTitle);
    expect(capped!.title!.endsWith('…')).toBe(true);
    expect(bidi!.title).toBe('evilmoc.sretuer');
    expect(spaced!.title).toBe('spaced out');
  });
});
