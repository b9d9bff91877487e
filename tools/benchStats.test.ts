import { describe, expect, it } from 'vitest';
import { formatBytes, formatRatio, interleaved, median } from './benchStats';

describe('bench statistics', () => {
  it('takes the median of odd and even counts, unmoved by one outlier', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([1, 1, 1, 1000])).toBe(1);
    expect(median([])).toBeNaN();
  });

  it('interleaves subject and baseline after a warm-up and reports the ratio of medians', async () => {
    const order: string[] = [];
    const fake = [10, 5, 5, 10, 10, 5]; // subject, baseline, baseline, subject, subject, baseline
    const result = await interleaved(
      () => order.push('s'),
      () => order.push('b'),
      { runs: 3, warmup: 1, measure: async (fn) => (fn(), fake.shift()!) },
    );
    expect(order).toEqual(['s', 'b', 's', 'b', 'b', 's', 's', 'b']);
    expect(result).toEqual({ subjectMs: 10, baselineMs: 5, ratio: 2 });
  });

  it('formats ratios and sizes for people', () => {
    expect(formatRatio(1.234)).toBe('1.23×');
    expect(formatRatio(Number.NaN)).toBe('n/a');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.00 MB');
  });
});
