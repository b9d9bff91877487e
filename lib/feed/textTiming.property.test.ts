import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adversarialTexts, RUN_CHARACTERS, TEXT_FUNCTIONS, timeTextFunctions } from '@/tests/unit/textTiming';

// No feed text can make the text functions slow: each is linear, and a text is capped before any pattern runs
// (lib/feed/text.ts, `capRawText`; `findSourceLine` reads only the text's last 4 KB). Timed, with a bound far above
// what linear work takes (the slowest, on 1 MB, about 0.4 s on a quiet two-core machine, up to 4 s at a load
// average of 20) and far below what quadratic work would (the old source-line pattern took 7 s on 100 KB; on 1 MB
// it would take minutes), so the test fails on a pattern that backtracks, not on a busy machine. Firefox runs the
// same texts: tests/e2e/trustBoundaries.e2e.ts.

const MB = 1024 * 1024;
/** The most one function may take on 1 MB of adversarial text. */
const BOUND_MS = 15_000;

describe('the text functions on adversarial input', () => {
  it('take less than the bound on every 1 MB run, nesting and "Source:" line, and never throw', () => {
    const timings = timeTextFunctions(adversarialTexts(MB));
    expect(timings.filter((t) => t.error)).toEqual([]);
    expect(timings[0]!.ms, `${timings[0]!.fn} on ${timings[0]!.input}`).toBeLessThan(BOUND_MS);
  }, 120_000);

  it('take less than the bound on random mixes of the characters patterns trip on', () => {
    const unit = fc.string({
      unit: fc.constantFrom(...RUN_CHARACTERS, 'Source: https://x.test/'),
      minLength: 1,
      maxLength: 12,
    });
    fc.assert(
      fc.property(unit, fc.integer({ min: 10_000, max: 200_000 }), (pattern, length) => {
        const text = pattern.repeat(Math.ceil(length / pattern.length));
        for (const [name, run] of Object.entries(TEXT_FUNCTIONS)) {
          const start = performance.now();
          run(text);
          const ms = performance.now() - start;
          // At most 200 KB: a fifth of the 1 MB texts, a fifth of their bound.
          if (ms > BOUND_MS / 5) throw new Error(`${name} took ${Math.round(ms)} ms on ${JSON.stringify(pattern)}×`);
        }
      }),
      { numRuns: 15 },
    );
  }, 120_000);

  it('read a closing source line after 100,000 ")" as its address', () => {
    const text = `A summary. Source: https://example.org/story${')'.repeat(100_000)}`;
    expect(TEXT_FUNCTIONS.findSourceLine!(text)).toBe('https://example.org/story');
  });
});
