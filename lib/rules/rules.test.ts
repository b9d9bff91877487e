import { describe, expect, it } from 'vitest';
import { compileRules, type MatchablePost } from './match';
import { foldText, parseRuleText, problemWithNewRule, readRules, riskyPattern } from './parse';
import { RULES_LIMIT, type Rule } from './rule';

const post = (title: string, more: Partial<MatchablePost> = {}): MatchablePost => ({
  title,
  summary: '',
  tags: [],
  authors: [],
  ...more,
});

/** Whether one mute rule with `text` hides `p` (feed `f`). */
const mutes = (text: string, p: MatchablePost) =>
  compileRules([{ kind: 'mute', text }]).verdict(p, 'f').hiddenBy !== undefined;

describe('matching a rule', () => {
  it('ignores case and accents, and reads ß as ss', () => {
    expect(mutes('cafe', post('Le CAFÉ de Paris'))).toBe(true);
    expect(mutes('Café', post('cafe culture'))).toBe(true);
    expect(mutes('Straße', post('Die STRASSE ist frei'))).toBe(true);
    expect(mutes('strasse', post('Eine neue Straße'))).toBe(true);
    expect(mutes('Über', post('uber alles'))).toBe(true);
  });

  it('matches whole words only: AI does not match "said"', () => {
    expect(mutes('AI', post('He said so'))).toBe(false);
    expect(mutes('AI', post('Why AI matters'))).toBe(true);
    expect(mutes('AI', post('AI-generated images'))).toBe(true);
    expect(mutes('evals', post('Medievals'))).toBe(false);
  });

  it('matches a quoted phrase as a whole, its spaces also matching hyphens', () => {
    expect(mutes('"frontier model"', post('A new frontier model'))).toBe(true);
    expect(mutes('"frontier model"', post('frontier-model policy'))).toBe(true);
    expect(mutes('"frontier model"', post('the model at the frontier'))).toBe(false);
    // German quotation marks too.
    expect(mutes('„KI Sicherheit“', post('Neues zur KI-Sicherheit'))).toBe(true);
  });

  it('matches any of several terms', () => {
    const rules = compileRules([{ kind: 'mute', text: 'crypto "prompt injection" nft' }]);
    expect(rules.verdict(post('NFT drop'), 'f').hiddenBy).toBeDefined();
    expect(rules.verdict(post('On prompt injection'), 'f').hiddenBy).toBeDefined();
    expect(rules.verdict(post('Prompt engineering'), 'f').hiddenBy).toBeUndefined();
  });

  it('keeps German compounds apart unless a star opens the word', () => {
    expect(mutes('Sicherheit', post('Sicherheitsforschung heute'))).toBe(false);
    expect(mutes('Sicherheit', post('Datensicherheit'))).toBe(false);
    expect(mutes('Sicherheit', post('KI-Sicherheit'))).toBe(true);
    expect(mutes('Sicherheit*', post('Sicherheitsforschung heute'))).toBe(true);
    expect(mutes('*sicherheit', post('Datensicherheit'))).toBe(true);
    expect(mutes('*sicherheit', post('Sicherheitsforschung'))).toBe(false);
    expect(mutes('*sicher*', post('Unsicherheiten'))).toBe(true);
  });

  it('matches CJK (and other scripts without spaces) as a substring', () => {
    expect(mutes('安全', post('人工智能安全研究'))).toBe(true);
    expect(mutes('セキュリティ', post('AIセキュリティの話'))).toBe(true);
    expect(mutes('안전', post('인공지능안전성'))).toBe(true);
    expect(mutes('安全', post('人工智能研究'))).toBe(false);
    // A Latin word beside CJK text is still a whole word there.
    expect(mutes('AI', post('AI安全'))).toBe(true);
  });

  it('reads the title, summary, tags (labels and terms) and authors', () => {
    expect(mutes('bitcoin', post('x', { summary: 'All about Bitcoin.' }))).toBe(true);
    expect(mutes('crypto', post('x', { tags: ['Crypto'] }))).toBe(true);
    expect(mutes('crypto', post('x', { tags: ['Money'], tagTerms: ['crypto'] }))).toBe(true);
    expect(mutes('"jane doe"', post('x', { authors: ['Jane Doe'] }))).toBe(true);
    // A phrase never spans two fields.
    expect(mutes('"policy jane"', post('AI policy', { authors: ['Jane'] }))).toBe(false);
  });

  it('takes a /regular expression/, case-insensitive', () => {
    expect(mutes('/gpt-?\\d+/', post('GPT5 is out'))).toBe(true);
    expect(mutes('/gpt-?\\d+/', post('GPT is out'))).toBe(false);
  });
});

describe('what rules do together', () => {
  const rules: Rule[] = [
    { kind: 'mute', text: 'crypto' },
    { kind: 'only', text: '"AI safety" alignment', feedId: 'tech' },
    { kind: 'alert', text: 'recall' },
  ];
  const compiled = compileRules(rules);

  it('mute hides everywhere and says which rule; only keeps just matching posts of its feed', () => {
    expect(compiled.verdict(post('Crypto news'), 'blog').hiddenBy).toEqual(rules[0]);
    expect(compiled.verdict(post('Phones'), 'tech').hiddenBy).toEqual(rules[1]);
    expect(compiled.verdict(post('On alignment'), 'tech').hiddenBy).toBeUndefined();
    expect(compiled.verdict(post('Phones'), 'blog').hiddenBy).toBeUndefined();
  });

  it('alert marks a matching post; a mute wins over it', () => {
    expect(compiled.verdict(post('Product recall'), 'blog').alertBy).toEqual(rules[2]);
    expect(compiled.verdict(post('Crypto recall'), 'blog')).toEqual({ hiddenBy: rules[0] });
  });

  it('is compiled once per list of rules and judges each post once', () => {
    expect(compileRules(rules)).toBe(compiled);
    const p = post('Crypto');
    expect(compiled.verdict(p, 'blog')).toBe(compiled.verdict(p, 'blog'));
    expect(compileRules([]).none).toBe(true);
  });
});

describe('checking a new rule', () => {
  const none: Rule[] = [];
  it('refuses an empty rule, a duplicate, a bad or risky pattern, too many or too big', () => {
    expect(problemWithNewRule(none, { kind: 'mute', text: '   ' })).toEqual({ code: 'empty' });
    expect(problemWithNewRule(none, { kind: 'mute', text: '""' })).toEqual({ code: 'empty' });
    expect(problemWithNewRule([{ kind: 'mute', text: 'Café' }], { kind: 'mute', text: ' cafe ' })).toEqual({
      code: 'duplicate',
    });
    // The same text as another kind, or for another feed, is another rule.
    expect(problemWithNewRule([{ kind: 'mute', text: 'x' }], { kind: 'alert', text: 'x' })).toBeUndefined();
    expect(problemWithNewRule(none, { kind: 'mute', text: '/(unclosed/' })).toMatchObject({ code: 'badPattern' });
    expect(problemWithNewRule(none, { kind: 'mute', text: '/(a+)+$/' })).toEqual({ code: 'riskyPattern' });
    const many = Array.from({ length: RULES_LIMIT }, (_, i): Rule => ({ kind: 'mute', text: `w${i}` }));
    expect(problemWithNewRule(many, { kind: 'mute', text: 'one more' })).toEqual({ code: 'tooMany' });
    const long = Array.from({ length: 25 }, (_, i): Rule => ({ kind: 'mute', text: `${i}${'x'.repeat(90)}` }));
    expect(problemWithNewRule(long, { kind: 'mute', text: 'more' })).toEqual({ code: 'tooBig' });
    expect(problemWithNewRule(none, { kind: 'mute', text: 'x'.repeat(101) })).toEqual({ code: 'tooLong' });
  });

  it('refuses the pattern shapes whose matching time explodes', () => {
    for (const risky of ['(a+)+', '(a*)*b', '(a|aa)*', '(x+){2,}', '(a)\\1', '(?=a)', 'a.*b.*c.*d'])
      expect(riskyPattern(risky), risky).toBe(true);
    for (const fine of ['gpt-?\\d+', '(open|closed)ai', '(AI|ML)?ops', 'elon.*musk', '[(+*]+x', 'a+?b'])
      expect(riskyPattern(fine), fine).toBe(false);
  });

  it('a refused pattern is refused quickly, and an allowed one runs in bounded time on a long post', () => {
    const text = 'a'.repeat(5000);
    const rules = compileRules([{ kind: 'mute', text: '/a.*a.*b/' }]);
    const started = performance.now();
    rules.verdict(post(text), 'f');
    // Bounded input: the two repeats read at most REGEX_INPUT_LIMIT characters (generous: a loaded machine).
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('reading stored rules', () => {
  it('drops a bad rule alone and keeps the others', () => {
    const good: Rule = { kind: 'mute', text: 'crypto' };
    const read = readRules([
      good,
      { kind: 'shout', text: 'x' },
      { kind: 'mute', text: '/(a+)+/' },
      { kind: 'alert', text: 'y' },
    ]);
    expect(read.rules).toEqual([good, { kind: 'alert', text: 'y' }]);
    expect(read.bad).toHaveLength(2);
  });

  it('folds text for matching', () => {
    expect(foldText('Ÿes CAFÉ Straße')).toBe('yes cafe strasse');
    expect(parseRuleText('Sicherheit* "AI safety"')).toMatchObject({ ok: true, terms: [{ openEnd: true }, {}] });
  });
});
