// How long a page's main thread is kept busy: the longest gap between timer ticks, watched from inside the page. A
// `longtask` observer sees nothing in extension pages here, so the page times itself. Used by the import test
// (tests/e2e/trustBoundaries.e2e.ts, both browsers) and the bench's import section (tests/bench/importFigures.ts).
//
// Both are source text, not functions: the bench runs under tsx, whose helpers a serialised function would carry
// along into the page, and text is what Chromium's `page.evaluate` and Firefox's BiDi `script.evaluate` both take.

/** Starts the probe in the page: from now on it keeps the longest gap between two ticks of a zero-delay timer. */
export const START_TICK_PROBE = `(() => {
  const probe = { longest: 0 };
  globalThis.__tickProbe = probe;
  let last = performance.now();
  const tick = () => {
    const now = performance.now();
    probe.longest = Math.max(probe.longest, now - last);
    last = now;
    setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
})()`;

/** The longest gap (ms) the probe has seen since START_TICK_PROBE ran in the same page. */
export const LONGEST_TICK_GAP_MS = 'globalThis.__tickProbe.longest';
