import { describe, expect, it } from 'vitest';
import { setSettings } from '@/tests/unit/store';
import { RULES_LIMIT } from '../rules/rule';
import { defaultSettings, settingsItem } from '../store/settings';
import { rulesHandlers } from './rules';

const handlers = rulesHandlers();
const add = (text: string, kind: 'mute' | 'only' | 'alert' = 'mute', feedId?: string) =>
  handlers.addRule({ type: 'addRule', rule: { kind, text, ...(feedId && { feedId }) } });
const feeds = [{ id: 'f', url: 'https://blog.test/feed.json', title: 'Desk', addedAt: 0 }];

describe('the rules handlers', () => {
  it('add a rule, and refuse one that is empty, repeated, invalid, risky, for no feed, or past the cap, in words', async () => {
    await setSettings({ ...defaultSettings(), feeds });
    expect(await add('  Crypto ')).toEqual({ ok: true });
    expect((await settingsItem.get()).rules).toEqual([{ kind: 'mute', text: 'Crypto' }]);
    const refused = async (text: string, kind?: 'mute', feedId?: string) => {
      const answer = await add(text, kind, feedId);
      return answer.ok ? 'accepted' : answer.error.message;
    };
    expect(await refused(' ')).toMatch(/^Type a word/);
    expect(await refused('crypto')).toBe('You already have this rule.');
    expect(await refused('/(unclosed/')).toMatch(/^This is not a valid regular expression: /);
    expect(await refused('/(a+)+/')).toMatch(/too long to match/);
    expect(await refused('x', 'mute', 'gone')).toBe('That feed is no longer followed.');
    for (let i = 1; i < RULES_LIMIT; i++) expect(await add(`w${i}`)).toEqual({ ok: true });
    expect(await refused('one more')).toMatch(/^You have 40 rules/);
    expect((await settingsItem.get()).rules).toHaveLength(RULES_LIMIT);
  });

  it('refuse a rule that would stop settings that sync now from syncing', async () => {
    // Feeds whose entries fill most of the 8 KB storage.sync item.
    const many = Array.from({ length: 60 }, (_, i) => ({
      id: `feed-${i}`,
      url: `https://blog-${i}.example.org/feeds/posts/all.json`,
      title: `Blog number ${i}`,
      addedAt: i,
    }));
    await setSettings({ ...defaultSettings(), feeds: many });
    let refused: string | undefined;
    for (let i = 0; i < 30 && !refused; i++) {
      const answer = await add(`a longer word number ${i} to fill the space`);
      if (!answer.ok) refused = answer.error.message;
    }
    expect(refused).toMatch(/no longer fit in the browser’s sync storage/);
  });

  it("remove a rule by what it says, and switch a feed's notifications", async () => {
    await setSettings({ ...defaultSettings(), feeds });
    await add('crypto');
    await add('recall', 'alert', 'f');
    await handlers.removeRule({ type: 'removeRule', rule: { kind: 'mute', text: 'CRYPTO' } });
    expect((await settingsItem.get()).rules).toEqual([{ kind: 'alert', text: 'recall', feedId: 'f' }]);
    await handlers.setFeedNotify({ type: 'setFeedNotify', feedId: 'f', notify: false });
    expect((await settingsItem.get()).feeds[0]!.notify).toBe(false);
    await handlers.setFeedNotify({ type: 'setFeedNotify', feedId: 'f', notify: true });
    expect((await settingsItem.get()).feeds[0]).toEqual(feeds[0]);
  });
});
