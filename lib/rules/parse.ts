import {
  RULE_TEXT_LIMIT,
  RULES_BYTES_LIMIT,
  RULES_LIMIT,
  RuleSchema,
  rulesBytes,
  sameRule,
  type Rule,
  type RuleProblem,
} from './rule';

// A rule's text as a person means it. Decisions, each with a test in ./rules.test.ts:
// - Case and accents do not matter: "Café", "cafe" and "CAFÉ" are one word; "ß" reads as "ss".
// - A word or "quoted phrase" matches whole words: `AI` does not match "said". A phrase's spaces also match hyphens
//   ("frontier model" matches "frontier-model").
// - German compounds: whole words too, so `Sicherheit` does not match "Sicherheitsforschung" (but does match
//   "KI-Sicherheit", where a hyphen parts the words). A star at the end (`Sicherheit*`) matches words that start so,
//   a star in front (`*sicherheit`) words that end so ("Datensicherheit"), both (`*sicher*`) anywhere.
// - In scripts written without spaces (Chinese, Japanese, Korean, Thai, Lao, Khmer, Burmese) a term matches
//   anywhere, as a substring: there are no word boundaries to look for.
// - `/…/` is a regular expression, case-insensitive, on the same folded text. It may not repeat a group that itself
//   repeats or offers alternatives (`(a+)+`, `(a|b)*`: the shapes whose matching time explodes), refer back
//   (`\1`) or look around, and may use at most two unbounded repeats (`*`, `+`, `{n,}`). It reads at most the first
//   REGEX_INPUT_LIMIT characters of a post.

/** Scripts written without spaces between words: a term in them matches as a substring. */
export const NO_SPACE_SCRIPTS =
  '[\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Hangul}\\p{sc=Thai}\\p{sc=Lao}\\p{sc=Khmer}\\p{sc=Myanmar}]';
const NO_SPACE = new RegExp(NO_SPACE_SCRIPTS, 'u');

/** How much of a post's text a regular expression reads: caps the time a clumsy pattern can take per post. */
export const REGEX_INPUT_LIMIT = 1000;
const MAX_UNBOUNDED_REPEATS = 2;

const NON_ASCII = /[^ -~\t\n\r]/;
const ACCENTS = /[\u0300-\u036f]/g;

/** Text folded for matching: lower case, accents off, "ß" as "ss" (plain ASCII, most posts, is only lower-cased). */
export function foldText(text: string): string {
  const lower = text.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  return lower.normalize('NFD').replace(ACCENTS, '').normalize('NFC').replace(/ß/g, 'ss');
}

/** One term of a rule, folded: a word or phrase matched whole, or open at a side marked with a star. */
export type Term = { text: string; openStart: boolean; openEnd: boolean; noSpaces: boolean };

export type ParsedRule =
  { ok: true; terms: Term[] } | { ok: true; regex: RegExp } | { ok: false; problem: RuleProblem };

/** German and typographic quotation marks mean the same as straight ones. */
const QUOTES = /[„“”«»]/g;

/** A rule's text read as terms or one regular expression, or why it cannot be. */
export function parseRuleText(text: string): ParsedRule {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, problem: { code: 'empty' } };
  if (trimmed.length > RULE_TEXT_LIMIT) return { ok: false, problem: { code: 'tooLong' } };
  if (trimmed.length > 2 && trimmed.startsWith('/') && trimmed.endsWith('/')) return parseRegex(trimmed.slice(1, -1));
  const terms: Term[] = [];
  for (const [, quoted, bare] of trimmed.replace(QUOTES, '"').matchAll(/"([^"]*)"?|([^\s"]+)/g)) {
    const term = termOf(quoted ?? bare ?? '', quoted !== undefined);
    if (term && !terms.some((t) => sameTerm(t, term))) terms.push(term);
  }
  return terms.length ? { ok: true, terms } : { ok: false, problem: { code: 'empty' } };
}

function termOf(raw: string, phrase: boolean): Term | undefined {
  let text = foldText(raw).replace(/\s+/g, ' ').trim();
  const openStart = !phrase && text.length > 1 && text.startsWith('*');
  if (openStart) text = text.slice(1);
  const openEnd = !phrase && text.length > 1 && text.endsWith('*');
  if (openEnd) text = text.slice(0, -1);
  if (!text || text === '*') return undefined;
  return { text, openStart, openEnd, noSpaces: NO_SPACE.test(text) };
}

const sameTerm = (a: Term, b: Term) => a.text === b.text && a.openStart === b.openStart && a.openEnd === b.openEnd;

function parseRegex(source: string): ParsedRule {
  if (riskyPattern(source)) return { ok: false, problem: { code: 'riskyPattern' } };
  try {
    return { ok: true, regex: new RegExp(foldText(source), 'iu') };
  } catch (error) {
    return { ok: false, problem: { code: 'badPattern', detail: (error as Error).message } };
  }
}

/**
 * Whether a pattern has a shape whose matching time can explode: a repeated group that itself repeats or (unless
 * merely optional) offers alternatives, a back-reference, a lookaround, or more than MAX_UNBOUNDED_REPEATS unbounded
 * repeats. Conservative on purpose: a refused pattern gets a message; a slow one would freeze the reader's list.
 */
export function riskyPattern(source: string): boolean {
  if (/\\[1-9]|\\k<|\(\?<?[=!]/.test(source)) return true;
  const groups: { repeats: boolean; alternates: boolean }[] = [{ repeats: false, alternates: false }];
  let unbounded = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (char === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      continue;
    }
    const top = groups[groups.length - 1]!;
    if (char === '[') inClass = true;
    else if (char === '(') groups.push({ repeats: false, alternates: false });
    else if (char === '|') top.alternates = true;
    else if (char === ')' && groups.length > 1) {
      const group = groups.pop()!;
      const next = source[i + 1];
      const quantified = next === '*' || next === '+' || next === '{' || next === '?';
      if (quantified && (group.repeats || (group.alternates && next !== '?'))) return true;
      const parent = groups[groups.length - 1]!;
      parent.repeats ||= group.repeats;
    } else if (char === '*' || char === '+' || char === '{' || char === '?') {
      // `*?`, `+?` are lazy forms of the repeat before them, not new ones.
      if (char === '?' && (source[i - 1] === '*' || source[i - 1] === '+' || source[i - 1] === '}')) continue;
      top.repeats = true;
      if (char === '*' || char === '+' || (char === '{' && /^\{\d*,\}/.test(source.slice(i)))) unbounded++;
    }
  }
  return unbounded > MAX_UNBOUNDED_REPEATS;
}

/**
 * Why `candidate` cannot join `rules` (undefined: it can): its text must parse, say something the others do not
 * say, and keep the rules within RULES_LIMIT and RULES_BYTES_LIMIT.
 */
export function problemWithNewRule(rules: readonly Rule[], candidate: Rule): RuleProblem | undefined {
  const parsed = parseRuleText(candidate.text);
  if (!parsed.ok) return parsed.problem;
  if (rules.some((rule) => sameRule(rule, candidate, foldText))) return { code: 'duplicate' };
  if (rules.length >= RULES_LIMIT) return { code: 'tooMany' };
  if (rulesBytes([...rules, candidate]) > RULES_BYTES_LIMIT) return { code: 'tooBig' };
  return undefined;
}

/** A rule as a person typed it, cleaned: text trimmed, a feed id only when it names one. */
export function cleanRule(rule: Rule): Rule {
  return { kind: rule.kind, text: rule.text.trim(), ...(rule.feedId && { feedId: rule.feedId }) };
}

/**
 * Stored rules read one by one: a malformed rule (another version's, or damaged on the way through sync) is left
 * out alone, and returned as it was so the caller can keep it in storage; every other rule stays.
 */
export function readRules(raw: unknown): { rules: Rule[]; bad: unknown[] } {
  const rules: Rule[] = [];
  const bad: unknown[] = [];
  if (!Array.isArray(raw)) return { rules, bad };
  for (const entry of raw) {
    const parsed = RuleSchema.safeParse(entry);
    if (parsed.success && parseRuleText(parsed.data.text).ok && !rules.some((r) => sameRule(r, parsed.data, foldText)))
      rules.push(parsed.data);
    else {
      bad.push(entry);
      console.warn('AI Safety Brief: a stored rule is malformed or repeated; it is kept in storage but not used.');
    }
  }
  return { rules, bad };
}
