// `npx tsx tests/bench/profileImport.ts [feeds]` (after `npm run build`): a CPU profile of the options page while a
// 2,000-feed OPML import answers and its feeds are fetched (the bench's `import` section), summarised twice: self
// time per function over the whole profile, and within the page's longest busy stretch (its longest task, about).
// A developer's tool for finding what the page's long tasks are; `npm run bench -- --only=import` stays the measure.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchExtension } from '../e2e/support/extension';
import { feedDocument, startFeedServer } from '../e2e/support/feedServer';
import { opmlOf } from './importFigures';

const FEEDS = Number(process.argv[2] ?? 2000);
/** How long the page is profiled once the import has answered. */
const WATCH_MS = 15_000;

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number } };
type Profile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

const server = await startFeedServer();
for (let i = 0; i < FEEDS; i++)
  server.json(`/import/${i}.json`, feedDocument(server.origin, [{ id: `i${i}`, title: `Post ${i}`, hoursAgo: 1 }]));
const ext = await launchExtension();
try {
  const options = await ext.context.newPage();
  await options.goto(`chrome-extension://${ext.id}/options.html`);
  await options.getByLabel('Feed URL').waitFor();
  const cdp = await ext.context.newCDPSession(options);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  const started = performance.now();
  await options.getByLabel('Import feeds (OPML)').setInputFiles({
    name: 'feeds.opml',
    mimeType: 'text/x-opml',
    buffer: Buffer.from(opmlOf(server, FEEDS)),
  });
  await options.getByText(`Imported ${FEEDS} new feeds (0 skipped).`).waitFor({ timeout: 120_000 });
  console.log(`answered in ${(performance.now() - started).toFixed(0)} ms`);
  await new Promise((resolve) => setTimeout(resolve, WATCH_MS));
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  writeFileSync(join(tmpdir(), 'options-import.cpuprofile'), JSON.stringify(profile));

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const nameOf = (nodeId: number) => {
    const { callFrame: f } = byId.get(nodeId)!;
    return `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
  };
  const selfTime = (from: number, to: number) => {
    const self = new Map<string, number>();
    for (let i = from; i < to; i++) {
      const name = nameOf(profile.samples[i]!);
      self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
    }
    return [...self].sort((a, b) => b[1] - a[1]);
  };
  // The longest run of samples that are not idle: the page's longest busy stretch.
  let best = { from: 0, to: 0, ms: 0 };
  let from = 0;
  let ms = 0;
  profile.samples.forEach((nodeId, i) => {
    if (nameOf(nodeId).startsWith('(idle)')) {
      from = i + 1;
      ms = 0;
      return;
    }
    ms += (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (ms > best.ms) best = { from, to: i + 1, ms };
  });
  const total = (profile.endTime - profile.startTime) / 1000;
  const idle = selfTime(0, profile.samples.length).find(([name]) => name.startsWith('(idle)'))?.[1] ?? 0;
  console.log(
    `profile ${total.toFixed(0)} ms, busy ${(total - idle).toFixed(0)} ms; written to ${join(tmpdir(), 'options-import.cpuprofile')}`,
  );
  console.log('\nself time, whole profile:');
  for (const [name, t] of selfTime(0, profile.samples.length).slice(0, 25))
    console.log(`${t.toFixed(1).padStart(8)} ms  ${name}`);
  console.log(`\nthe longest busy stretch: ${best.ms.toFixed(0)} ms; self time in it:`);
  for (const [name, t] of selfTime(best.from, best.to).slice(0, 25))
    console.log(`${t.toFixed(1).padStart(8)} ms  ${name}`);
} finally {
  await ext.close();
  await server.close();
}
