// `npx tsx tests/bench/profileImport.ts [feeds]` (after `npm run build`): a CPU profile of the options page while a
// 2,000-feed OPML import answers and its feeds are fetched (the bench's `import` section), summarised as self time
// per function over the whole profile, then within each of its three longest busy stretches (runs of samples with no
// idle between them: a long task, or tasks back to back).
// A developer's tool for finding what the page's long tasks are; `npm run bench -- --only=import` stays the measure.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { idleMs, sampleNames, selfTimes, type Profile } from './cpuProfile';
import { importOpml, openOptionsForImport } from './importFigures';

const FEEDS = Number(process.argv[2] ?? 2000);
/** How long the page is profiled once the import has answered. */
const WATCH_MS = 15_000;
/** Busy stretches shown, longest first. */
const STRETCHES = 3;

const { server, ext, options, close } = await openOptionsForImport(FEEDS);
try {
  const cdp = await ext.context.newCDPSession(options);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  console.log(`answered in ${(await importOpml(options, server, FEEDS)).toFixed(0)} ms`);
  await new Promise((resolve) => setTimeout(resolve, WATCH_MS));
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  writeFileSync(join(tmpdir(), 'options-import.cpuprofile'), JSON.stringify(profile));

  // Runs of samples that are not idle: the page's busy stretches, longest first (its longest tasks, about).
  const stretches: { from: number; to: number; ms: number }[] = [];
  let current = { from: 0, to: 0, ms: 0 };
  sampleNames(profile).forEach((name, i) => {
    if (name.startsWith('(idle)')) {
      if (current.ms) stretches.push(current);
      current = { from: i + 1, to: i + 1, ms: 0 };
      return;
    }
    current = { ...current, to: i + 1, ms: current.ms + (profile.timeDeltas[i] ?? 0) / 1000 };
  });
  if (current.ms) stretches.push(current);
  stretches.sort((a, b) => b.ms - a.ms);
  const total = (profile.endTime - profile.startTime) / 1000;
  const whole = selfTimes(profile);
  console.log(
    `profile ${total.toFixed(0)} ms, busy ${(total - idleMs(whole)).toFixed(0)} ms; written to ${join(tmpdir(), 'options-import.cpuprofile')}`,
  );
  console.log('\nself time, whole profile:');
  for (const [name, t] of whole.slice(0, 25)) console.log(`${t.toFixed(1).padStart(8)} ms  ${name}`);
  for (const stretch of stretches.slice(0, STRETCHES)) {
    console.log(`\na busy stretch of ${stretch.ms.toFixed(0)} ms; self time in it:`);
    for (const [name, t] of selfTimes(profile, stretch.from, stretch.to).slice(0, 15))
      console.log(`${t.toFixed(1).padStart(8)} ms  ${name}`);
  }
} finally {
  await close();
}
