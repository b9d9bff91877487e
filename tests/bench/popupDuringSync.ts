// `npx tsx tests/bench/popupDuringSync.ts <build> [<build> …] [--syncs=N] [--warm=N] [--trace] [--profile]`: the
// popup's longest task in each of N syncs while it is open over 40 feeds × 250 posts (the bench's
// `popup_worst_task_during_sync_ms`, sync by sync), for each build in turn; give the same builds twice (A B A B) to
// alternate them. `--warm=N` opens the popup N times first, as the bench's earlier sections do (their garbage is
// still in the extension's renderer); `--trace` prints what each task over 40 ms was made of, from a Chromium trace
// (tracing slows the page: read the kinds of work, not the lengths); `--profile` prints, for each sync with a task
// over 50 ms, the functions a JavaScript profile of that sync spent most time in. A developer's tool; `npm run
// bench` stays the measure.
import type { CDPSession } from 'playwright-core';
import { median } from '../../tools/benchStats';
import { startFeedServer } from '../e2e/support/feedServer';
import { ask, readStateWritten, refreshPassBench, SCALE_FEEDS, SCALE_POSTS } from './refreshPass';
import type { TraceEvent } from './traceFirstArticle';

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const builds = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const syncs = arg('syncs', 10);
const warm = arg('warm', 0);
const tracing = process.argv.includes('--trace');
const profiling = process.argv.includes('--profile');
if (!builds.length) {
  throw new Error('usage: popupDuringSync.ts <build> [<build> …] [--syncs=N] [--warm=N] [--trace] [--profile]');
}

const server = await startFeedServer();
const summary: string[] = [];
try {
  for (const [run, build] of builds.entries()) {
    const { ext, page, gainOne, close } = await refreshPassBench(server, `during${run}`, { recent: true, build });
    try {
      // As the bench: every post seen, then the popup opened (after `warm` openings) and its whole archive listed.
      await ask(page, { type: 'syncNow' });
      await ask(page, { type: 'markAllSeen' });
      await readStateWritten(page);
      const blankUrl = `chrome-extension://${ext.id}/blank.html`;
      const popupUrl = `chrome-extension://${ext.id}/popup.html`;
      await page.goto(blankUrl);
      const popup = await ext.context.newPage();
      const listedAll = () =>
        popup.waitForFunction(
          (all) => Number(document.querySelector('.list__row')?.getAttribute('aria-setsize')) >= all,
          SCALE_FEEDS * SCALE_POSTS,
          { timeout: 60_000 },
        );
      for (let opening = 0; opening < warm; opening++) {
        await popup.goto(popupUrl);
        await listedAll();
        await new Promise((resolve) => setTimeout(resolve, 400));
        await popup.goto(blankUrl);
      }
      await popup.goto(popupUrl);
      await listedAll();
      await new Promise((resolve) => setTimeout(resolve, 500));
      await popup.evaluate(() => {
        const g = globalThis as unknown as { tasks: number[] };
        g.tasks = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) g.tasks.push(Math.round(entry.duration));
        }).observe({ type: 'longtask' });
      });
      const cdp = await popup.context().newCDPSession(popup);
      const longest: number[] = [];
      for (let sync = 0; sync < syncs; sync++) {
        await popup.evaluate(() => void ((globalThis as unknown as { tasks: number[] }).tasks = []));
        gainOne();
        const trace = tracing ? await startTrace(cdp) : undefined;
        if (profiling) {
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
          await cdp.send('Profiler.start');
        }
        await ask(page, { type: 'syncNow' });
        await new Promise((resolve) => setTimeout(resolve, 600));
        const tasks = await popup.evaluate(() => (globalThis as unknown as { tasks: number[] }).tasks);
        longest.push(Math.max(0, ...tasks));
        if (profiling) {
          const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
          if (Math.max(0, ...tasks) > 50) {
            console.log(`sync ${sync}: tasks over 50 ms ${tasks.join(', ')}; the profile's heaviest functions:`);
            for (const line of heaviest(profile)) console.log(`  ${line}`);
          }
        }
        if (trace) {
          console.log(`sync ${sync}: tasks over 50 ms ${tasks.join(', ') || 'none'}`);
          for (const line of describeLongTasks(await trace())) console.log(`  ${line}`);
        }
      }
      const over = longest.filter((ms) => ms > 50).length;
      summary.push(
        `${build}: longest task per sync ${longest.join(', ')} ms; median ${median(longest)}, worst ` +
          `${Math.max(...longest)}, ${over} of ${syncs} syncs over 50 ms`,
      );
      console.log(summary.at(-1));
    } finally {
      await close();
    }
  }
} finally {
  await server.close();
}
console.log(summary.join('\n'));

type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
};

/** The functions the profile spent most time in, themselves and with what they called (ms), the idle time left out. */
function heaviest(profile: CpuProfile): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const name = (id: number) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    return `${functionName || '(anonymous)'} ${url.split('/').at(-1)}:${lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const ms = profile.timeDeltas[i]! / 1000;
    if (name(id).startsWith('(idle)') || name(id).startsWith('(program)')) return;
    self.set(name(id), (self.get(name(id)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      if (seen.has(name(at))) continue;
      seen.add(name(at));
      total.set(name(at), (total.get(name(at)) ?? 0) + ms);
    }
  });
  const top = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([n, ms]) => `${ms.toFixed(1)} ${n}`);
  return [...top(self).map((l) => `self ${l}`), ...top(total).map((l) => `total ${l}`)];
}

/** Starts a trace of the popup's renderer; the returned function ends it and gives its events. */
async function startTrace(cdp: CDPSession): Promise<() => Promise<TraceEvent[]>> {
  const events: TraceEvent[] = [];
  const collect = ({ value }: { value: unknown[] }) => void events.push(...(value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', collect);
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8,toplevel',
    transferMode: 'ReportEvents',
  });
  return async () => {
    const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.end');
    await done;
    cdp.off('Tracing.dataCollected', collect);
    return events;
  };
}

/** Each renderer main-thread task over 40 ms, with the events inside it that took longest (nested ones included). */
function describeLongTasks(events: TraceEvent[]): string[] {
  const threadName = (e: TraceEvent) => (e as { args?: { name?: string } }).args?.name;
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && threadName(e) === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const tasks = events.filter(
    (e) => e.ph === 'X' && e.name === 'RunTask' && mains.has(`${e.pid}:${e.tid}`) && e.dur! > 40_000,
  );
  return tasks.map((task) => {
    const end = task.ts + task.dur!;
    const byName = new Map<string, number>();
    for (const e of events) {
      if (e === task || e.ph !== 'X' || e.pid !== task.pid || e.tid !== task.tid) continue;
      if (e.ts < task.ts || e.ts >= end || e.name.includes('RunTask')) continue;
      byName.set(e.name, (byName.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
    }
    const inside = [...byName]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([name, ms]) => `${name} ${ms.toFixed(1)}`);
    return `task ${(task.dur! / 1000).toFixed(1)} ms: ${inside.join(' | ')}`;
  });
}
