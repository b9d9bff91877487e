import { parseFeed } from '@/lib/feed/parseFeed';
import {
  capRawText,
  cleanText,
  decodeAttribute,
  excerpt,
  findSourceLine,
  htmlToText,
  repairMojibake,
  readMarkup,
  withoutClosingSourceLine,
} from '@/lib/feed/text';

// Adversarial texts and a timer for the text functions, shared by the Node property test
// (lib/feed/textTiming.property.test.ts) and the Firefox one (tests/e2e/trustBoundaries.e2e.ts, which bundles this
// file and runs it in an extension page). Pure: no Node or browser API but `performance.now()`.

/** Every function that runs a pattern or a scan over feed text, and the whole parse of one post carrying it. */
export const TEXT_FUNCTIONS: Record<string, (text: string) => unknown> = {
  cleanText,
  htmlToText,
  readMarkup,
  repairMojibake,
  excerpt,
  findSourceLine,
  withoutClosingSourceLine,
  decodeAttribute,
  capRawText,
  parseJsonFeedPost: (text) =>
    parseFeed(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: text.slice(0, 1000),
        items: [{ id: '1', title: text, summary: text, content_html: text }],
      }),
      { contentType: 'application/feed+json', fetchedUrl: 'https://feed.test/feed.json' },
    ),
};

/** The characters patterns trip on: brackets, markup, entities, white space, colons, mojibake leads, controls. */
export const RUN_CHARACTERS = [')', '(', '<', '>', '&', ' ', '\n', ':', '/', '"', 'Ã', '\u0085', '\u202e', 'a', '-'];

/** `unit` repeated to `length` characters. */
const run = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/** Fixed adversarial inputs of `length` characters (1 MB in the tests): runs, nestings, and the "Source:" line. */
export function adversarialTexts(length: number): Record<string, string> {
  const half = Math.floor(length / 2);
  const texts: Record<string, string> = {
    sourceThenBrackets: `A summary. Source: https://example.org/story${run(')', length)}`,
    // One letter after the run: the old closing-punctuation trim (`/[).,;]+$/`) then backtracked from every bracket,
    // and Firefox threw "too much recursion" after 6.8 s at 100,000 brackets.
    sourceThenBracketsThenLetter: `A summary. Source: https://example.org/story${run(')', length)}x`,
    sourceNoHostThenBrackets: `Source: https://${run(')', length)}`,
    manySourceLines: run('Source: https://x.test/a) ', length),
    sourceLabelsOnly: run('Sources', length),
    sourceThenSpaces: `Source${run(' ', length)}x`,
    nestedBrackets: run('(', half) + run(')', half),
    nestedTags: run('<b>', half) + run('</b>', half),
    unclosedTags: run('<a href="', length),
    unclosedComment: `<!--${run('-', length)}`,
    entities: run('&amp;', length),
    unterminatedEntities: run('&#', length),
    mojibake: run('Ã©', length),
    mojibakeLeads: run('Ã', length),
    c1Controls: run('\u0085\u0092', length),
    bidi: run('\u202e\u2066', length),
    spacesAndNewlines: run(' \n\t', length),
    oneLongWord: run('a', length),
    urlLike: `https://${run('a.', length)}`,
  };
  for (const c of RUN_CHARACTERS) texts[`run of ${JSON.stringify(c)}`] = run(c, length);
  return texts;
}

export type Timing = { fn: string; input: string; ms: number; error?: string };

/** Runs every text function on every text; the slowest first. An exception (too much recursion) is recorded. */
export function timeTextFunctions(texts: Record<string, string>): Timing[] {
  const timings: Timing[] = [];
  for (const [input, text] of Object.entries(texts)) {
    for (const [fn, run] of Object.entries(TEXT_FUNCTIONS)) {
      const start = performance.now();
      let error: string | undefined;
      try {
        run(text);
      } catch (thrown) {
        error = String(thrown);
      }
      timings.push({ fn, input, ms: performance.now() - start, ...(error ? { error } : {}) });
    }
  }
  return timings.sort((a, b) => b.ms - a.ms);
}
