import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { HOUR } from '@/tests/unit/feeds';
import { oneSyncedFeed } from '@/tests/unit/follow';
import { readMarks, readStates, setSettings } from '@/tests/unit/store';
import { FeedMarksSchema, articleKey } from '../store/marks';
import { marksKey } from '../store/feedStore';
import { settingsItem } from '../store/settings';
import { emptySyncedState, postHash, withAllReadUpTo, type SyncedFeedState } from '../store/syncedReadState';
import { receiveReadState } from './readStateSync';

// What another browser's sync could deliver, each case found in a hostile-input pass over the synced read state:
// none of it may cost the reader a mark. Each of these failed on the code before this change.

const NOW = Date.parse('2026-11-20T12:00:00Z');
const { feedId: FEED_ID, shardKey: KEY, syncedPosts: SYNCED_POSTS, follow } = oneSyncedFeed(20, NOW);
const pubOf = (n: number) => Math.floor((NOW - HOUR - n * 60e3) / 1000).toString(36);
const badge = () => browser.action.getBadgeText({});

const fromPeer = (state: SyncedFeedState) => receiveReadState({ [KEY]: { [FEED_ID]: state } });

/** The marks as stored validate: what the next read of them will see is what was written. */
async function storedMarksValidate() {
  const raw = (await browser.storage.local.get(marksKey(FEED_ID)))[marksKey(FEED_ID)];
  return FeedMarksSchema.safeParse(raw).success;
}

describe('a peer that sends the edges of the schema', () => {
  it('cannot leave a post stuck unread with a mark made at the largest time the format allows', async () => {
    const handlers = await follow();
    await fromPeer({ ...emptySyncedState(), e: [`${postHash('p3')}.${pubOf(3)}.zzzzzzzz.0`] });
    expect((await readStates()).p3).toBe('unread');
    await handlers.setRead({ type: 'setRead', keys: [articleKey(FEED_ID, 'p3')], read: true });
    expect((await readStates()).p3).toBe('read');
    expect(await storedMarksValidate()).toBe(true);
    // And it stays read when the same peer writes its mark again.
    await fromPeer({ ...emptySyncedState(), e: [`${postHash('p3')}.${pubOf(3)}.zzzzzzzz.0`] });
    expect((await readStates()).p3).toBe('read');
  });

  it('cannot push the watermarks past the schema: "mark all read" after a mark at t = 1e11 keeps every post read', async () => {
    const handlers = await follow();
    await fromPeer({ s: 0, r: 0, t: 1e11, e: [] });
    await handlers.setRead({ type: 'setRead', keys: [articleKey(FEED_ID, 'p5')], read: false });
    await handlers.markAllRead({ type: 'markAllRead' });
    expect(await storedMarksValidate()).toBe(true);
    // The next opening of the popup reads the marks again.
    await handlers.markAllSeen({ type: 'markAllSeen' });
    const states = Object.values(await readStates());
    expect(states).toHaveLength(20);
    expect(states.every((state) => state === 'read')).toBe(true);
    expect(await badge()).toBe('');
  });

  it('cannot reset the seen watermark, the read list or the first-sync cutoff by sending more marks than the cap', async () => {
    const handlers = await follow();
    await handlers.markAllSeen({ type: 'markAllSeen' });
    await handlers.setRead({ type: 'setRead', keys: [articleKey(FEED_ID, 'p7')], read: true });
    const before = await readMarks(FEED_ID);
    expect(before.before).toBeDefined();
    // 19 writes of 300 marks each, each within Chrome's quotas; each a mark of a post this browser does not have.
    for (let write = 0; write < 19; write++) {
      const e = Array.from({ length: 300 }, (_, n) => {
        const hash = (write * 300 + n).toString(36).padStart(8, 'x');
        return `${hash}.${(1_700_000_000 + write * 300 + n).toString(36)}.${(1_800_000_000 + n).toString(36)}.1`;
      });
      await fromPeer({ s: 0, r: 0, t: 0, e });
    }
    expect(await storedMarksValidate()).toBe(true);
    // One more receive: nothing the reader had is gone.
    await fromPeer(withAllReadUpTo(emptySyncedState(), NOW - 400 * HOUR, NOW - 400 * HOUR));
    const after = await readMarks(FEED_ID);
    expect(after.seenSeq).toBe(before.seenSeq);
    expect(after.before).toBe(before.before);
    expect(after.read).toContain('p7');
    expect((await readStates()).p7).toBe('read');
    expect(await badge()).toBe('');
  });

  it("takes other browsers' marks with a followed feed named like a property (`constructor`)", async () => {
    await follow();
    const settings = await settingsItem.get();
    await setSettings({
      ...settings,
      feeds: [...settings.feeds, { id: 'constructor', url: 'https://odd.test/feed', addedAt: NOW }],
    });
    await fromPeer(withAllReadUpTo(emptySyncedState(), NOW, NOW, SYNCED_POSTS));
    expect(await badge()).toBe('');
    expect(Object.values(await readStates()).every((state) => state === 'read')).toBe(true);
  });
});

describe('stored marks that fail their schema', () => {
  it('are set aside and kept record by record, never replaced by empty marks', async () => {
    const handlers = await follow();
    await handlers.markAllSeen({ type: 'markAllSeen' });
    await handlers.setRead({ type: 'setRead', keys: [articleKey(FEED_ID, 'p2')], read: true });
    const good = await readMarks(FEED_ID);
    // As the code before this change stored them: 5,102 marks, over the schema's 5,000, and `t` past its limit.
    const e = Array.from({ length: 5102 }, (_, n) => `${n.toString(36).padStart(8, 'x')}.${pubOf(30)}.1.1`);
    const broken = { ...good, synced: { ...good.synced!, t: 1e11 + 1, e } };
    await browser.storage.local.set({ [marksKey(FEED_ID)]: broken });
    const salvaged = await readMarks(FEED_ID);
    expect(FeedMarksSchema.safeParse(salvaged).success).toBe(true);
    expect(salvaged.seenSeq).toBe(good.seenSeq);
    expect(salvaged.before).toBe(good.before);
    expect(salvaged.read).toEqual(['p2']);
    expect(salvaged.synced!.t).toBe(1e11);
    expect(salvaged.synced!.e.length).toBeLessThanOrEqual(5000);
    expect((await readStates()).p2).toBe('read');
    expect(await badge()).toBe('');
    // Kept aside for a bug report.
    const quarantine = (await browser.storage.local.get('quarantine')).quarantine as { where: string }[];
    expect(quarantine.some((entry) => entry.where === marksKey(FEED_ID))).toBe(true);
  });
});
