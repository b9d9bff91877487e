// `npx tsx tests/bench/traceImport.ts [--timeline]` (after `npm run build`): the options page's longest tasks while a
// 2,000-feed OPML import answers and its first feeds are fetched, from a Chromium performance trace: each task's
// length and what it was made of (trace events by name, their summed time). Where profileImport.ts shows the scripts' share,
// this shows the renderer's own (storage events, style, layout) task by task.
import { importOpml, IMPORT_FEEDS, openOptionsForImport } from './importFigures';
import { outermostTasks, type TraceEvent } from './traceFirstArticle';

const WATCH_MS = 10_000;
/** Longest tasks shown, each with what it was made of. */
const SHOWN = 6;
/** `--timeline`: the window listed, from just before the page said the feeds were imported (ms). */
const TIMELINE_FROM_MS = -100;
const TIMELINE_TO_MS = 1000;

const { server, ext, options, close } = await openOptionsForImport(IMPORT_FEEDS);
try {
  const cdp = await ext.context.newCDPSession(options);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => void events.push(...(value as unknown as TraceEvent[])));
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    categories:
      'devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,v8,blink.user_timing,toplevel,extensions',
    transferMode: 'ReportEvents',
  });
  const markedAt = await options.evaluate(() => (performance.mark('options-traced'), performance.now()));
  console.log(`answered in ${(await importOpml(options, server, IMPORT_FEEDS)).toFixed(0)} ms`);
  // When the page said so, in ms after the mark (the trace's clock is another; the mark ties the two).
  const shownAt = ((await options.evaluate('globalThis.__importAnswer.shown')) as number) - markedAt;
  await new Promise((resolve) => setTimeout(resolve, WATCH_MS));
  await cdp.send('Tracing.end');
  await done;
  const mark = events.find((e) => e.name === 'options-traced');
  if (!mark) throw new Error('no mark in the trace');
  const main = events.filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === 'X' && e.dur !== undefined);
  const top = outermostTasks(main);
  const busy = top.reduce((sum, task) => sum + task.dur!, 0) / 1000;
  console.log(
    `${top.length} tasks, busy ${busy.toFixed(0)} ms; tasks over 50 ms: ${top.filter((t) => t.dur! > 50_000).length}`,
  );
  // `--timeline`: every task of over 2 ms, and every gap of over 20 ms, in the second after the page said the feeds
  // were imported (when the list is first drawn).
  if (process.argv.includes('--timeline')) {
    let from = shownAt + TIMELINE_FROM_MS;
    for (const task of top) {
      const at = (task.ts - mark.ts) / 1000;
      if (at < shownAt + TIMELINE_FROM_MS || at > shownAt + TIMELINE_TO_MS) continue;
      const end = task.ts + task.dur!;
      const names = main
        .filter((e) => e !== task && e.ts >= task.ts && e.ts < end && e.dur! > 1000)
        .map((e) => `${e.name}:${(e.dur! / 1000).toFixed(0)}`)
        .slice(0, 6);
      if (task.dur! > 2000 || at - from > 20)
        console.log(
          `+${at.toFixed(0)} ${(task.dur! / 1000).toFixed(1)} ms gap-before ${(at - from).toFixed(0)} ${names.join(' ')}`,
        );
      from = (end - mark.ts) / 1000;
    }
  }
  for (const task of [...top].sort((x, y) => y.dur! - x.dur!).slice(0, SHOWN)) {
    const end = task.ts + task.dur!;
    const byName = new Map<string, number>();
    for (const e of main)
      if (e !== task && e.ts >= task.ts && e.ts < end) byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur! / 1000);
    const parts = [...byName]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([n, ms]) => `${n} ${ms.toFixed(0)}`);
    console.log(
      `\n${(task.dur! / 1000).toFixed(0)} ms at +${((task.ts - mark.ts) / 1000).toFixed(0)} ms: ${parts.join(', ')}`,
    );
  }
} finally {
  await close();
}
