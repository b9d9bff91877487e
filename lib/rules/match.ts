import type { Article } from '../feed/article';
import { foldText, NO_SPACE_SCRIPTS, parseRuleText, REGEX_INPUT_LIMIT, type Term } from './parse';
import type { Rule } from './rule';

/** What a rule reads of a post: its title, summary, tags (labels and terms) and authors. */
export type MatchablePost = Pick<Article, 'title' | 'summary' | 'tags' | 'tagTerms' | 'authors'>;

/**
 * What the rules say about one post. `hiddenBy`: the mute rule it matched, or (when its feed keeps only matching
 * posts) the first only-rule it failed; hidden posts are not listed, counted or announced. `alertBy`: the alert
 * rule it matched (never set on a hidden post: a mute wins over an alert).
 */
export type Verdict = { hiddenBy?: Rule; alertBy?: Rule };

export type CompiledRules = {
  /** No rules: every post is shown, and nothing is worked out per post. */
  readonly none: boolean;
  verdict(post: MatchablePost, feedId: string): Verdict;
};

const NOTHING: Verdict = Object.freeze({});

/** A letter, digit or mark of a script written with spaces: what a whole word must not touch. */
const WORD_CHAR = `[[\\p{L}\\p{N}\\p{M}]--${NO_SPACE_SCRIPTS}]`;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function termSource(term: Term): string {
  // A phrase's spaces match any run of spaces or hyphens: "frontier model" matches "frontier-model".
  const body = term.text.split(' ').map(escape).join('[\\s\\-]+');
  if (term.noSpaces) return body;
  // The boundary before the term is checked behind it, once the term has matched (`(?<!W term)`): a lookbehind in
  // front ran at every position of every post, and made matching ten thousand posts several times slower.
  return `${body}${term.openStart ? '' : `(?<!${WORD_CHAR}${body})`}${term.openEnd ? '' : `(?!${WORD_CHAR})`}`;
}

/** One rule, ready to test a post's folded text. */
type CompiledRule = { rule: Rule; test(text: string): boolean };

function compileRule(rule: Rule): CompiledRule | undefined {
  const parsed = parseRuleText(rule.text);
  if (!parsed.ok) return undefined;
  if ('regex' in parsed) {
    const { regex } = parsed;
    return {
      rule,
      test: (text) => regex.test(text.length > REGEX_INPUT_LIMIT ? text.slice(0, REGEX_INPUT_LIMIT) : text),
    };
  }
  const regex = new RegExp(parsed.terms.map(termSource).join('|'), 'v');
  return { rule, test: (text) => regex.test(text) };
}

/**
 * Rules of one kind that apply to a feed, with one test for all of them: one pattern joins their terms, so most
 * posts (which match nothing) cost one search; which rule matched is asked only of posts that matched.
 */
type Group = { rules: CompiledRule[]; any(text: string): boolean; first(text: string): Rule | undefined };

function groupOf(rules: CompiledRule[]): Group {
  const terms: string[] = [];
  /** Each term's first word: a post that contains none of them (most posts) is not searched with the pattern. */
  const words = new Set<string>();
  const regexRules: CompiledRule[] = [];
  for (const compiled of rules) {
    const parsed = parseRuleText(compiled.rule.text);
    if (parsed.ok && 'terms' in parsed) {
      terms.push(...parsed.terms.map(termSource));
      for (const term of parsed.terms) words.add(term.text.split(' ')[0]!);
    } else regexRules.push(compiled);
  }
  const joined = terms.length ? new RegExp(terms.join('|'), 'v') : undefined;
  const firstWords = [...words];
  // A plain substring search is many times faster than the pattern's search, position by position.
  const mayMatch = (text: string) => firstWords.some((word) => text.includes(word));
  return {
    rules,
    any: (text) => (!!joined && mayMatch(text) && joined.test(text)) || regexRules.some((r) => r.test(text)),
    first: (text) => rules.find((r) => r.test(text))?.rule,
  };
}

type FeedGroups = { mute: Group; only: Group; alert: Group };

/** A post's text as rules read it, folded once per post object (fields apart, so no phrase spans two). */
const foldedTexts = new WeakMap<object, string>();
export function foldedTextOf(post: MatchablePost): string {
  let text = foldedTexts.get(post);
  if (text === undefined) {
    // Each field folded on its own (plain ASCII is only lower-cased), then joined by a character no term matches.
    text = [post.title, post.summary, ...post.tags, ...(post.tagTerms ?? []), ...post.authors]
      .map(foldText)
      .join('\u0001');
    foldedTexts.set(post, text);
  }
  return text;
}

const compiledSets = new WeakMap<readonly Rule[], CompiledRules>();
/** The last rules compiled, by content: the background reads the settings afresh for each write step. */
let lastCompiled: { json: string; compiled: CompiledRules } | undefined;
const NO_RULES: CompiledRules = { none: true, verdict: () => NOTHING };

/**
 * The rules compiled once per list of rules (the same array, as settings hand it out, gives the same compiled set):
 * their patterns are built once, and each post's verdict is remembered while the post object lives, so a page that
 * rebuilds its list when one feed changes only judges that feed's new posts.
 */
export function compileRules(rules: readonly Rule[] | undefined): CompiledRules {
  if (!rules?.length) return NO_RULES;
  let compiled = compiledSets.get(rules);
  if (!compiled) {
    const json = JSON.stringify(rules);
    compiled = lastCompiled?.json === json ? lastCompiled.compiled : compile(rules);
    lastCompiled = { json, compiled };
    compiledSets.set(rules, compiled);
  }
  return compiled;
}

function compile(rules: readonly Rule[]): CompiledRules {
  const all = rules.flatMap((rule) => compileRule(rule) ?? []);
  if (!all.length) return NO_RULES;
  const byFeed = new Map<string, FeedGroups>();
  const groupsFor = (feedId: string): FeedGroups => {
    let groups = byFeed.get(feedId);
    if (!groups) {
      const applies = all.filter((c) => c.rule.feedId === undefined || c.rule.feedId === feedId);
      const of = (kind: Rule['kind']) => groupOf(applies.filter((c) => c.rule.kind === kind));
      groups = { mute: of('mute'), only: of('only'), alert: of('alert') };
      byFeed.set(feedId, groups);
    }
    return groups;
  };
  const verdicts = new WeakMap<object, Verdict>();
  return {
    none: false,
    verdict(post, feedId) {
      let verdict = verdicts.get(post);
      if (verdict) return verdict;
      const groups = groupsFor(feedId);
      const text = foldedTextOf(post);
      if (groups.mute.rules.length && groups.mute.any(text)) verdict = { hiddenBy: groups.mute.first(text) };
      else if (groups.only.rules.length && !groups.only.any(text)) verdict = { hiddenBy: groups.only.rules[0]!.rule };
      else if (groups.alert.rules.length && groups.alert.any(text)) verdict = { alertBy: groups.alert.first(text) };
      else verdict = NOTHING;
      verdicts.set(post, verdict);
      return verdict;
    },
  };
}

/** Whether the rules hide a post from the list, the badge and notifications. */
export function isHidden(rules: CompiledRules, post: MatchablePost, feedId: string): boolean {
  return !rules.none && rules.verdict(post, feedId).hiddenBy !== undefined;
}
