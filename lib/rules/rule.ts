import { z } from 'zod/mini';

/**
 * The reader's rules about which posts reach them (pure: no browser APIs). A rule is a kind, a text and, for a rule
 * about one feed, that feed's id:
 * - `mute`: a matching post is hidden from the list, not counted on the badge and never announced;
 * - `only`: where a feed has only-rules (its own, or ones for all feeds), just the posts matching one of them stay;
 * - `alert`: a matching post is announced even when its feed's notifications are off (quiet hours still apply).
 *
 * A rule's text is a list of terms, any of which matches: `crypto "prompt injection" Sicherheit*`, or one
 * `/regular expression/` (see ./parse.ts for what a term means).
 */
export const RULE_KINDS = ['mute', 'only', 'alert'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** A rule's text, at most (one person's list of words; a regular expression gets the same cap). */
export const RULE_TEXT_LIMIT = 100;
/** Rules, at most: they travel with the settings in one storage.sync item of 8 KB, which also holds the feeds. */
export const RULES_LIMIT = 40;
/** The rules' share of that item, as JSON: 2 KB of the 8 KB, whatever the number of rules. */
export const RULES_BYTES_LIMIT = 2048;

export const RuleSchema = z.object({
  kind: z.enum(RULE_KINDS),
  text: z.string().check(z.minLength(1), z.maxLength(RULE_TEXT_LIMIT)),
  /** The feed the rule is about; absent: every feed. */
  feedId: z.optional(z.string().check(z.minLength(1))),
});
export type Rule = z.infer<typeof RuleSchema>;

/** Why a rule cannot be saved, or was dropped when read: each has a message in both languages (`rules_error_*`). */
export type RuleProblem =
  | { code: 'empty' }
  | { code: 'tooLong' }
  | { code: 'badPattern'; detail: string }
  | { code: 'riskyPattern' }
  | { code: 'duplicate' }
  | { code: 'tooMany' }
  | { code: 'tooBig' };

/** The JSON size of a list of rules, as storage.sync counts it (UTF-8 bytes). */
export function rulesBytes(rules: readonly Rule[]): number {
  return new TextEncoder().encode(JSON.stringify(rules)).length;
}

/** Two rules that say the same thing: same kind, same feed, same text once folded (case, accents, spaces). */
export function sameRule(a: Rule, b: Rule, fold: (text: string) => string): boolean {
  return a.kind === b.kind && a.feedId === b.feedId && fold(a.text.trim()) === fold(b.text.trim());
}
