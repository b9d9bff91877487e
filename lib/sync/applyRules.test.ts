import { describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { freshStoreFollowing, runStoreStep } from '@/tests/unit/storeSteps';
import { rulesHandlers } from '../router/rules';
import type { Rule } from '../rules/rule';
import { applyRules, RULES_APPLIED_KEY } from './applyRules';
import { refreshBadge } from './badge';

// A rule change recounts the badge from the stored posts (./applyRules.ts), unless the store's index was last counted
// with these very rules: what was counted with what is the store's to say, not the worker's memory.

const handlers = rulesHandlers();
const muteCrypto: Rule = { kind: 'mute', text: 'crypto' };
const add = (rule: Rule) => handlers.addRule({ type: 'addRule', rule });
const remove = (rule: Rule) => handlers.removeRule({ type: 'removeRule', rule });

/** A store following one feed that holds one unseen post on crypto: a badge of 1 until a rule mutes it. */
async function storeWithCryptoPost(): Promise<void> {
  await freshStoreFollowing(['f1']);
  await runStoreStep({ kind: 'commit', feed: 'f1', ids: [0] }, 0, () => ({ title: 'A post on crypto' }));
  expect(await refreshBadge()).toBe(1);
}

describe('applying the rules to the badge', () => {
  it('recounts a store whose index was counted without the rule, whatever this worker applied before', async () => {
    await storeWithCryptoPost();
    await add(muteCrypto);
    expect(await refreshBadge()).toBe(0);
    // The same worker, a store counted afresh (a restored or reset store): the same rule must still be applied.
    await storeWithCryptoPost();
    await add(muteCrypto);
    expect(await refreshBadge()).toBe(0);
  });

  it('ends counted with the last rules after quick changes that overlap', async () => {
    await storeWithCryptoPost();
    await Promise.all([add(muteCrypto), remove(muteCrypto), add(muteCrypto)]);
    expect(await refreshBadge()).toBe(0);
    await Promise.all([remove(muteCrypto), add(muteCrypto), remove(muteCrypto)]);
    expect(await refreshBadge()).toBe(1);
  });

  it('recounts nothing when the rules are the ones the index was counted with', async () => {
    await storeWithCryptoPost();
    await add(muteCrypto);
    const set = vi.spyOn(browser.storage.local, 'set');
    await applyRules();
    expect(set).not.toHaveBeenCalled();
    expect(await refreshBadge()).toBe(0);
  });

  it('a damaged record of the rules applied is taken for none: the rules are applied, nothing else changes', async () => {
    await storeWithCryptoPost();
    await browser.storage.local.set({ [RULES_APPLIED_KEY]: { not: 'a string' } });
    await add(muteCrypto);
    expect(await refreshBadge()).toBe(0);
    expect((await browser.storage.local.get(RULES_APPLIED_KEY))[RULES_APPLIED_KEY]).toBe(JSON.stringify([muteCrypto]));
    // A record claiming the current rules while the index was counted without them cannot be told apart; one that
    // names other rules is recounted.
    await browser.storage.local.set({ [RULES_APPLIED_KEY]: '[{"kind":"mute","text":"other"}]' });
    await remove(muteCrypto);
    expect(await refreshBadge()).toBe(1);
  });
});
