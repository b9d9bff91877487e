import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { readAllMarks, readFeedCache } from '@/tests/unit/store';
import { freshStoreFollowing, runStoreStep, storeStepArbs, type StoreStep } from '@/tests/unit/storeSteps';
import { buildDigest, mutedEntries } from '../digest/digest';
import { rulesHandlers } from '../router/rules';
import { emptyMarks, markerOf } from '../store/marks';
import { settingsItem } from '../store/settings';
import { badgeText, refreshBadge } from '../sync/badge';
import { compileRules } from './match';
import type { Rule } from './rule';

// The rules' promises, held over any sequence of arrivals, reads and rule changes: the badge is the number of unseen
// posts no rule hides, and taking a rule away gives back exactly the list there was before it.

const FEEDS = ['f1', 'f2'];
const WORDS = ['crypto', 'safety', 'sports'];
/** Post n's title carries one of the words: the rules' subject, known to the model below without the matcher. */
const wordOf = (n: number) => WORDS[n % WORDS.length]!;
const titled = (n: number) => ({ title: `Post ${n} on ${wordOf(n)}` });

const ruleArb: fc.Arbitrary<Rule> = fc.record(
  { kind: fc.constant('mute' as const), text: fc.constantFrom(...WORDS), feedId: fc.constantFrom(...FEEDS) },
  { requiredKeys: ['kind', 'text'] },
);

/** Beside the common steps: a mute rule added or taken away. */
type Step = StoreStep | { kind: 'mute'; rule: Rule } | { kind: 'unmute'; rule: Rule };

const common = storeStepArbs(FEEDS, 20);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: common.commit },
  { weight: 1, arbitrary: common.seen },
  { weight: 1, arbitrary: common.read },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('mute' as const), rule: ruleArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('unmute' as const), rule: ruleArb }) },
);

const handlers = rulesHandlers();

async function run(step: Step, i: number): Promise<unknown> {
  switch (step.kind) {
    case 'mute':
      return handlers.addRule({ type: 'addRule', rule: step.rule });
    case 'unmute':
      return handlers.removeRule({ type: 'removeRule', rule: step.rule });
    default:
      return runStoreStep(step, i, titled);
  }
}

/** The badge a person would count: unseen posts whose word no mute rule (for all feeds or theirs) names. */
async function expectedBadge(): Promise<number> {
  const [cache, marks, settings] = await Promise.all([readFeedCache(), readAllMarks(), settingsItem.get()]);
  let count = 0;
  for (const [feedId, view] of Object.entries(cache)) {
    const marker = markerOf(marks[feedId] ?? emptyMarks());
    for (const post of view.articles) {
      const word = post.title.split(' ').at(-1);
      const muted = (settings.rules ?? []).some((r) => r.text === word && (!r.feedId || r.feedId === feedId));
      if (!marker.isSeen(post) && !muted) count++;
    }
  }
  return count;
}

async function digestKeys(rules: readonly Rule[] | undefined) {
  const [cache, marks, settings] = await Promise.all([readFeedCache(), readAllMarks(), settingsItem.get()]);
  const digest = buildDigest(settings.feeds, cache, marks, undefined, compileRules(rules));
  // A post two feeds carry is listed once, from either feed: compared by the post's address.
  const post = (entry: { article: { url?: string } }) => entry.article.url;
  return { listed: digest.map(post), muted: mutedEntries(digest).map(post) };
}

describe('the rules, over any sequence of arrivals, reads and rule changes', () => {
  it('the badge equals the number of unseen posts no rule hides', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 12 }), async (steps) => {
        await freshStoreFollowing(FEEDS);
        for (const [i, step] of steps.entries()) await run(step, i);
        const count = await refreshBadge();
        expect(count).toBe(await expectedBadge());
        expect(await browser.action.getBadgeText({})).toBe(badgeText(count));
      }),
      { numRuns: 40 },
    );
  });

  it('muting then unmuting gives back the same list, the same badge, and every muted post while muted', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArb, { minLength: 1, maxLength: 10 }),
        fc.uniqueArray(ruleArb, { minLength: 1, maxLength: 3, selector: (r) => `${r.text} ${r.feedId}` }),
        async (steps, mutes) => {
          await freshStoreFollowing(FEEDS);
          for (const [i, step] of steps.entries()) if (step.kind !== 'mute') await run(step, i);
          // No rules left standing from the steps: the list before is the unfiltered one.
          for (const rule of (await settingsItem.get()).rules ?? []) await run({ kind: 'unmute', rule }, 0);
          const before = await digestKeys(undefined);
          const badgeBefore = await refreshBadge();
          for (const rule of mutes) await run({ kind: 'mute', rule }, 0);
          const whileMuted = await digestKeys((await settingsItem.get()).rules);
          // Nothing disappears: every post is either listed or among the muted.
          expect([...whileMuted.listed, ...whileMuted.muted].sort()).toEqual([...before.listed].sort());
          for (const rule of mutes) await run({ kind: 'unmute', rule }, 0);
          expect((await settingsItem.get()).rules).toBeUndefined();
          expect(await digestKeys((await settingsItem.get()).rules)).toEqual(before);
          expect(await refreshBadge()).toBe(badgeBefore);
        },
      ),
      { numRuns: 30 },
    );
  });
});
