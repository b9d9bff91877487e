// Statistics for `npm run bench`: noisy machines, so figures are medians of interleaved runs and are reported as
// ratios against a baseline measured in the same run.

export function median(values: readonly number[]): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Runs `subject` and `baseline` alternately (`runs` times each, after `warmup` unmeasured rounds) so drift in the
 * machine's speed hits both alike, and returns both medians and their ratio.
 */
export async function interleaved(
  subject: () => unknown | Promise<unknown>,
  baseline: () => unknown | Promise<unknown>,
  {
    runs = 9,
    warmup = 2,
    measure = timeIt,
  }: { runs?: number; warmup?: number; measure?: (fn: () => unknown) => Promise<number> } = {},
): Promise<{ subjectMs: number; baselineMs: number; ratio: number }> {
  for (let i = 0; i < warmup; i++) {
    await subject();
    await baseline();
  }
  const subjectTimes: number[] = [];
  const baselineTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first, so neither always runs on a warmer cache.
    if (i % 2) {
      baselineTimes.push(await measure(baseline));
      subjectTimes.push(await measure(subject));
    } else {
      subjectTimes.push(await measure(subject));
      baselineTimes.push(await measure(baseline));
    }
  }
  const subjectMs = median(subjectTimes);
  const baselineMs = median(baselineTimes);
  return { subjectMs, baselineMs, ratio: subjectMs / baselineMs };
}

async function timeIt(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** A ratio for the table: two decimals, or "n/a" when it could not be measured. */
export function formatRatio(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'n/a';
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}
