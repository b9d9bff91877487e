// `npx tsx tests/bench/profileSync.ts [feeds] [posts]` (after `npm run build`): a CPU profile of the service worker
// during one refresh pass in which every feed gains a post (the bench's scale case), summarised as self time per
// function. A developer's tool for finding where a pass spends its time; `npm run bench` stays the measure.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyBuild, launchExtension } from '../e2e/support/extension';
import { startFeedServer } from '../e2e/support/feedServer';
import { workerChannel } from './cdp';
import { idleMs, selfTimes, type Profile } from './cpuProfile';
import { jsonFeed } from './generate';

const FEEDS = Number(process.argv[2] ?? 40);
const POSTS = Number(process.argv[3] ?? 250);

const server = await startFeedServer();
let gained = 0;
const bodies = new Map<number, string>();
for (let i = 0; i < FEEDS; i++) {
  server.route(`/scale/${i}.json`, (_q, res) => {
    if (!bodies.has(i)) bodies.set(i, jsonFeed(POSTS, { newer: gained, site: `feed${i}.example` }));
    res.writeHead(200, { 'content-type': 'application/feed+json' }).end(bodies.get(i));
  });
}
const dir = copyBuild(['http://127.0.0.1/*']);
writeFileSync(join(dir, 'blank.html'), '<!doctype html><meta charset="utf-8"><title>blank</title>');
const ext = await launchExtension({ extensionDir: dir });
try {
  const page = await ext.context.newPage();
  // The messages go from a blank extension page: no page of ours listens to the store while the pass runs.
  await page.goto(`chrome-extension://${ext.id}/blank.html`);
  const ask = (m: unknown) => page.evaluate((message) => chrome.runtime.sendMessage(message), m);
  for (let i = 0; i < FEEDS; i++) await ask({ type: 'addFeed', url: server.url(`/scale/${i}.json`) });
  const pass = async () => {
    gained++;
    bodies.clear();
    const start = performance.now();
    await ask({ type: 'syncNow' });
    return performance.now() - start;
  };
  console.log(`warm-up pass: ${(await pass()).toFixed(0)} ms`);
  const worker = await workerChannel(page);
  if (!worker) throw new Error('the service worker is not running');
  const { call } = worker;
  await call('Profiler.enable');
  await call('Profiler.setSamplingInterval', { interval: 200 });
  await call('Profiler.start');
  const ms = await pass();
  const { profile } = (await call('Profiler.stop')) as { profile: Profile };
  // For a closer look: open it in Chromium's DevTools (Performance → Load profile).
  writeFileSync(join(tmpdir(), 'worker.cpuprofile'), JSON.stringify(profile));
  const self = selfTimes(profile);
  const total = (profile.endTime - profile.startTime) / 1000;
  // The worker's busy time (every sample but idle): what a loaded machine stretches least, unlike the pass's wall time.
  const busy = total - idleMs(self);
  console.log(`worker busy: ${busy.toFixed(0)} ms of the profile`);
  console.log(
    `profiled pass: ${ms.toFixed(0)} ms; profile ${total.toFixed(0)} ms, written to ${join(tmpdir(), 'worker.cpuprofile')}`,
  );
  for (const [name, t] of self.slice(0, 30)) console.log(`${t.toFixed(1).padStart(8)} ms  ${name}`);
} finally {
  await ext.close();
  await server.close();
}

declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };
