import { z } from 'zod/mini';
import type { Article } from '../feed/article';
import { storedValue } from '../store/storedValue';
import { defineValidatedItem } from '../store/validatedItem';

/**
 * What counts as "AI safety" for the popup's topic filter. A post matches when one of its tags equals a term, or a
 * term appears as a whole word (or phrase) in its title or summary. Terms are case-insensitive. The reader edits
 * the list in the options page; this is where it starts.
 */
export const DEFAULT_TOPIC_TERMS: readonly string[] = [
  'AI safety',
  'AI alignment',
  'alignment',
  'AI risk',
  'AI governance',
  'AI policy',
  'AI regulation',
  'AI Act',
  'frontier AI',
  'frontier model',
  'interpretability',
  'evals',
  'red teaming',
  'deepfake',
  'misuse',
  'CSAM',
  'child safety',
  'child abuse',
  'AI-generated',
  'existential risk',
  'superintelligence',
  'AGI',
  'model welfare',
  'responsible scaling',
];

export const TopicsSchema = z.object({
  terms: z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(80))).check(z.maxLength(200)),
});
export type Topics = z.infer<typeof TopicsSchema>;

export const topicsValue = storedValue('local:topics', TopicsSchema, () => ({ terms: [...DEFAULT_TOPIC_TERMS] }));
export const topicsItem = defineValidatedItem(topicsValue, { version: 1 });

/** Clean a list typed by a person: one term per line or comma, trimmed, duplicates (any case) dropped. */
export function parseTopicTerms(text: string): string[] {
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const raw of text.split(/[\n,]/)) {
    const term = raw.trim().replace(/\s+/g, ' ').slice(0, 80);
    if (!term || seen.has(term.toLowerCase())) continue;
    seen.add(term.toLowerCase());
    terms.push(term);
  }
  return terms;
}

export type TopicMatcher = (article: Pick<Article, 'title' | 'summary' | 'tags' | 'tagTerms'>) => boolean;

/**
 * A matcher for `terms`, compiled once (it runs over thousands of cached posts on each keystroke). Each post's answer
 * is remembered while the post object lives: with the topic filter on, a page filters the whole digest again
 * whenever a feed changes, and only the changed feeds' posts are new objects to match.
 */
export function topicMatcher(terms: readonly string[]): TopicMatcher {
  const lowered = terms.map((term) => term.toLowerCase());
  if (!lowered.length) return () => true;
  const tagSet = new Set(lowered);
  const escaped = lowered.map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[\\s-]+'));
  // Whole words only: "evals" must not match "medievals"; Unicode-aware, so German compounds stay apart too.
  const inText = new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'iu');
  const answers = new WeakMap<object, boolean>();
  return (article) => {
    let onTopic = answers.get(article);
    if (onTopic === undefined) {
      onTopic =
        article.tags.some((tag) => tagSet.has(tag.toLowerCase())) ||
        !!article.tagTerms?.some((term) => tagSet.has(term.toLowerCase())) ||
        inText.test(article.title) ||
        inText.test(article.summary);
      answers.set(article, onTopic);
    }
    return onTopic;
  };
}

/**
 * A feed "mixes topics" when, among its newest posts, some are on topic and many are not: between MIN_ON_TOPIC and
 * MAX_ON_TOPIC of them match. Then the filter starts on. A feed about AI safety (like the blog this extension was
 * made for) leaves it off; so does a feed where nothing matches (the terms do not fit it, and filtering would hide
 * everything), and a feed too short to judge.
 */
export const MIN_ON_TOPIC = 0.1;
export const MAX_ON_TOPIC = 0.8;
const SAMPLE = 30;
const MIN_SAMPLE = 10;

/** Cheap to ask again for posts already asked about: the matcher remembers each post's answer (see topicMatcher). */
export function feedMixesTopics(articles: readonly Article[], matches: TopicMatcher): boolean {
  const sample = articles.slice(0, SAMPLE);
  if (sample.length < MIN_SAMPLE) return false;
  const share = sample.filter(matches).length / sample.length;
  return share >= MIN_ON_TOPIC && share < MAX_ON_TOPIC;
}
