import { describe, expect, it } from 'vitest';
import { DEFAULTS, simulate } from './model';

// The scale model on a small population (the figures in the report are from `npm run sim:politeness`, a million).
describe('the politeness model', () => {
  const installs = 30_000;
  it('a day of browsers restarted at nine: the polite schedule keeps the peak minute within 1.5× the mean', () => {
    const before = simulate({ ...DEFAULTS, installs, rule: 'before', overnight: false });
    const after = simulate({ ...DEFAULTS, installs, rule: 'after', overnight: false });
    expect(before.peakToMean).toBeGreaterThan(2);
    expect(after.peakToMean).toBeLessThanOrEqual(1.5);
    // Restarts no longer fetch: fewer requests, every one conditional.
    expect(after.requests).toBeLessThan(before.requests);
    expect(after.conditionalShare).toBe(1);
  }, 60_000);

  it('browsers closed overnight: the peak comes within a tenth of what the open browsers alone force', () => {
    const after = simulate({ ...DEFAULTS, installs, rule: 'after', overnight: true });
    expect(after.peakToMean / after.openPeakToMean).toBeLessThan(1.15);
  }, 60_000);
});
