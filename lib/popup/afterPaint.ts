/**
 * Resolves after the browser has painted the current frame: a task queued from the frame's animation callback runs
 * once that frame's style, layout and paint are done.
 */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
}
