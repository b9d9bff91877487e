// Where the popup's main thread spends the time from navigation start to its first article, from a Chromium trace.
// Used by tests/bench/trace.ts (see docs/PERFORMANCE.md) and the bench (long tasks before the first article).
import type { CDPSession, Page } from 'playwright-core';
import { settle } from './cdp';

export type TraceEvent = {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: { url?: string } };
};

/** What a top-level main-thread task was busy with, in words. */
export function kindOf(event: TraceEvent, children: TraceEvent[]): string {
  const names = new Set([event.name, ...children.map((c) => c.name)]);
  const url = [event, ...children].map((e) => e.args?.data?.url).find(Boolean) ?? '';
  const file =
    url
      .split('/')
      .pop()
      ?.replace(/-[\w-]{8}\.js$/, '.js') ?? '';
  if (names.has('EvaluateScript') || names.has('v8.evaluateModule')) return `evaluate ${file || 'script'}`;
  if (names.has('v8.compile') || names.has('v8.compileModule') || names.has('CompileScript'))
    return `compile ${file || 'script'}`;
  if (names.has('ParseHTML')) return 'parse HTML';
  if (names.has('Layout') || names.has('UpdateLayoutTree') || names.has('Paint') || names.has('PrePaint')) {
    return names.has('FunctionCall') || names.has('RunMicrotasks')
      ? 'script (with style/layout)'
      : 'style, layout, paint';
  }
  if (
    names.has('FunctionCall') ||
    names.has('RunMicrotasks') ||
    names.has('TimerFire') ||
    names.has('FireAnimationFrame')
  )
    return 'script (callbacks, React)';
  if (names.has('ResourceReceivedData') || names.has('ResourceFinish') || names.has('ResourceSendRequest'))
    return 'loading';
  return 'other';
}

/** One opening of `url` in `page`, traced: main-thread time by kind of work up to the first article, and its long tasks. */
export async function traceFirstArticle(
  page: Page,
  cdp: CDPSession,
  url: string,
): Promise<{ kinds: Record<string, number>; longestTaskMs: number; tasksOver50: number }> {
  await settle();
  const events: TraceEvent[] = [];
  const collect = ({ value }: { value: unknown[] }) => void events.push(...(value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', collect);
  const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.start', {
    categories:
      'devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,v8,blink.user_timing,loading,toplevel',
    transferMode: 'ReportEvents',
  });
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('first-article').length > 0, null, {
    timeout: 30_000,
    polling: 20,
  });
  await cdp.send('Tracing.end');
  await done;
  cdp.off('Tracing.dataCollected', collect);

  const mark = events.find((e) => e.name === 'first-article' && e.cat.includes('user_timing'));
  if (!mark) throw new Error('no first-article mark in the trace');
  const start = events
    .filter((e) => e.name === 'navigationStart' && e.pid === mark.pid)
    .map((e) => e.ts)
    .filter((ts) => ts <= mark.ts)
    .pop();
  if (start === undefined) throw new Error('no navigationStart in the trace');
  // The popup's main thread: where the mark was made.
  const main = events.filter(
    (e) =>
      e.pid === mark.pid &&
      e.tid === mark.tid &&
      e.ph === 'X' &&
      e.dur !== undefined &&
      e.ts >= start &&
      e.ts < mark.ts,
  );
  const top = outermostTasks(main);
  const out: Record<string, number> = { 'to first article (ms)': (mark.ts - start) / 1000 };
  let busy = 0;
  for (const task of top) {
    const end = task.ts + task.dur!;
    const children = main.filter((e) => e !== task && e.ts >= task.ts && e.ts < end);
    const kind = kindOf(task, children);
    const ms = (Math.min(end, mark.ts) - task.ts) / 1000;
    out[kind] = (out[kind] ?? 0) + ms;
    busy += ms;
  }
  out['main thread idle (waiting: storage, loading)'] = out['to first article (ms)']! - busy;
  const durations = top.map((task) => task.dur! / 1000);
  return { kinds: out, longestTaskMs: Math.max(0, ...durations), tasksOver50: durations.filter((d) => d > 50).length };
}

/** The tasks a thread ran, by start time, outermost only (a task can run nested ones): complete events with a length. */
export function outermostTasks(events: TraceEvent[]): TraceEvent[] {
  const top: TraceEvent[] = [];
  for (const task of events
    .filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask')
    .sort((x, y) => x.ts - y.ts)) {
    const last = top.at(-1);
    if (!last || task.ts >= last.ts + last.dur!) top.push(task);
  }
  return top;
}
