import type { Tab } from './driver';

/**
 * How far the element `selector` (with exactly the text `text`, if given) was moved by layout shifts since the page
 * started, as Chromium's Layout Instability API reports them: a shift moves whichever box it names and everything
 * inside it. A control that moves on its own, as late data arrives above it, moves from under the reader's pointer.
 * Firefox has no such API: there this answers undefined.
 */
export function shiftsOf(tab: Tab, selector: string, text?: string): Promise<number[] | undefined> {
  if (tab.browser !== 'chromium') return Promise.resolve(undefined);
  return tab.evaluate(
    ({ selector, text }) =>
      new Promise<number[]>((resolve) => {
        type Shift = PerformanceEntry & { sources: { node?: Node; previousRect: DOMRect; currentRect: DOMRect }[] };
        const targets = [...document.querySelectorAll(selector)].filter(
          (element) => text === undefined || element.textContent === text,
        );
        const moved: number[] = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as Shift[])
            for (const source of entry.sources)
              if (targets.some((target) => source.node?.contains(target) || target.contains(source.node ?? null)))
                moved.push(source.currentRect.top - source.previousRect.top);
        }).observe({ type: 'layout-shift', buffered: true });
        // Buffered entries come in the observer's first callback, before this timer.
        setTimeout(() => resolve(moved), 200);
      }),
    { selector, text },
  );
}
