import { describe, expect, it } from 'vitest';
import type { Article } from '../feed/article';
import { DEFAULT_TOPIC_TERMS, feedMixesTopics, parseTopicTerms, topicMatcher, topicsItem } from './topics';

const post = (title: string, summary = '', tags: string[] = []): Article => ({
  id: title,
  title,
  summary,
  tags,
  authors: [],
});

describe('topicMatcher', () => {
  const matches = topicMatcher(DEFAULT_TOPIC_TERMS);

  it('matches a tag exactly (any case), or a term as a whole word or phrase in the title or summary', () => {
    expect(matches(post('Weekly notes', '', ['ai safety']))).toBe(true);
    expect(matches(post('New interpretability results'))).toBe(true);
    expect(matches(post('Lab publishes', 'Its red-teaming of frontier models found gaps'))).toBe(true);
    expect(matches(post('EU AI Act enters into force'))).toBe(true);
    // A category filed under a term the label does not show (Atom `term`).
    expect(matches({ ...post('Weekly notes', '', ['Research']), tagTerms: ['AI safety'] })).toBe(true);
  });

  it('does not match inside other words or on unrelated posts', () => {
    expect(matches(post('Medievals and their castles'))).toBe(false);
    expect(matches(post('Stock markets rally', 'Chip makers lead', ['markets']))).toBe(false);
    expect(matches(post('AGIle teams ship faster'))).toBe(false);
  });

  it('matches everything when the list is empty (the filter then has nothing to say)', () => {
    expect(topicMatcher([])(post('Anything'))).toBe(true);
  });

  it('treats terms as text, not as regular expressions', () => {
    const m = topicMatcher(['c++ (safety)']);
    expect(m(post('Notes on C++ (safety) profiles'))).toBe(true);
    expect(m(post('c safety'))).toBe(false);
  });
});

describe('feedMixesTopics', () => {
  const matches = topicMatcher(DEFAULT_TOPIC_TERMS);
  const onTopic = (n: number) => Array.from({ length: n }, (_, i) => post(`AI safety update ${i}`));
  const offTopic = (n: number) => Array.from({ length: n }, (_, i) => post(`Gadget review ${i}`));

  it('is on for a general feed with some AI-safety posts', () => {
    expect(feedMixesTopics([...onTopic(4), ...offTopic(8)], matches)).toBe(true);
  });
  it('is off for a feed about AI safety', () => {
    expect(feedMixesTopics([...onTopic(10), ...offTopic(1)], matches)).toBe(false);
  });
  it('is off when nothing matches (filtering would hide everything) and for a feed too short to judge', () => {
    expect(feedMixesTopics(offTopic(20), matches)).toBe(false);
    expect(feedMixesTopics([...onTopic(2), ...offTopic(5)], matches)).toBe(false);
  });
});

describe('parseTopicTerms and storage', () => {
  it('splits on lines and commas, trims, and drops duplicates in any case', () => {
    expect(parseTopicTerms(' AI safety\nalignment,  Alignment ,\n\n evals ')).toEqual([
      'AI safety',
      'alignment',
      'evals',
    ]);
  });
  it('starts from the documented defaults and keeps what the reader saves', async () => {
    expect((await topicsItem.get()).terms).toEqual([...DEFAULT_TOPIC_TERMS]);
    await topicsItem.set({ terms: ['evals'] });
    expect((await topicsItem.get()).terms).toEqual(['evals']);
  });
});
