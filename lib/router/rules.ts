import { t } from '../i18n/t';
import type { MessageKey } from '../i18n/catalogue';
import type { PageHandlers } from '../messages';
import { cleanRule, problemWithNewRule } from '../rules/parse';
import { sameRule, type RuleProblem } from '../rules/rule';
import { foldText } from '../rules/parse';
import { fitsInSync, updateSettings } from '../store/settings';
import { applyRules } from '../sync/applyRules';

// The reader's rules (lib/rules) and each feed's notifications, changed from the options page.

const PROBLEM_KEYS: Record<RuleProblem['code'], MessageKey> = {
  empty: 'rules_errorEmpty',
  tooLong: 'rules_errorTooLong',
  badPattern: 'rules_errorPattern',
  riskyPattern: 'rules_errorRisky',
  duplicate: 'rules_errorDuplicate',
  tooMany: 'rules_errorTooMany',
  tooBig: 'rules_errorTooBig',
};

/** A rule's problem in the reader's language. */
export function ruleProblemText(problem: RuleProblem): string {
  return t(PROBLEM_KEYS[problem.code], 'detail' in problem ? problem.detail : '');
}

export function rulesHandlers(): Pick<PageHandlers, 'addRule' | 'removeRule' | 'setFeedNotify'> {
  return {
    async addRule({ rule }) {
      const candidate = cleanRule(rule);
      let problem: string | undefined;
      // Checked inside the settings step: against the rules as they are when it is added, not as the page saw them.
      await updateSettings((settings) => {
        const rules = settings.rules ?? [];
        if (candidate.feedId && !settings.feeds.some((feed) => feed.id === candidate.feedId))
          problem = t('rules_errorNoFeed');
        else {
          const found = problemWithNewRule(rules, candidate);
          // Settings that sync now must still sync with the rule: refused rather than left on this browser alone.
          const stopsSyncing = fitsInSync(settings) && !fitsInSync({ ...settings, rules: [...rules, candidate] });
          problem = found ? ruleProblemText(found) : stopsSyncing ? t('rules_errorSyncFull') : undefined;
        }
        return problem ? settings : { ...settings, rules: [...rules, candidate] };
      });
      if (problem) return { ok: false, error: { message: problem } };
      await applyRules();
      return { ok: true };
    },

    async removeRule({ rule }) {
      await updateSettings((settings) => {
        const rules = (settings.rules ?? []).filter((r) => !sameRule(r, rule, foldText));
        const { rules: _old, ...rest } = settings;
        return rules.length ? { ...rest, rules } : rest;
      });
      await applyRules();
      return { ok: true };
    },

    async setFeedNotify({ feedId, notify }) {
      await updateSettings((settings) => ({
        ...settings,
        feeds: settings.feeds.map((feed) => {
          if (feed.id !== feedId) return feed;
          const { notify: _old, ...rest } = feed;
          return notify ? rest : { ...rest, notify: false };
        }),
      }));
      return { ok: true };
    },
  };
}
