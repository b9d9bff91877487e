// A CPU profile as Chromium's Profiler domain returns it, and its self time per function: what the profiling tools
// (profileSync.ts, profileImport.ts) print.

export type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number } };
export type Profile = {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
};

/** Each sample's function, as `name file:line` (`(idle) :-1` for idle time). */
export function sampleNames(profile: Profile): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  return profile.samples.map((nodeId) => {
    const { callFrame: f } = byId.get(nodeId)!;
    return `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
  });
}

/** Self time in ms per function over samples `from` to `to`, largest first. */
export function selfTimes(profile: Profile, from = 0, to = profile.samples.length): [string, number][] {
  const names = sampleNames(profile);
  const self = new Map<string, number>();
  for (let i = from; i < to; i++) self.set(names[i]!, (self.get(names[i]!) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  return [...self].sort((a, b) => b[1] - a[1]);
}

/** The profile's idle time in ms. */
export const idleMs = (self: [string, number][]) => self.find(([name]) => name === '(idle) :-1')?.[1] ?? 0;
