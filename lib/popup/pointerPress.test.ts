// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterPointerPress, LONGEST_PRESS_MS, watchPointerPress } from './pointerPress';

const settled = async (promise: Promise<void>) => {
  let done = false;
  void promise.then(() => (done = true));
  await vi.advanceTimersByTimeAsync(0);
  return done;
};

describe('waiting for a press to be released', () => {
  afterEach(() => {
    dispatchEvent(new Event('pointerup'));
    vi.useRealTimers();
  });

  it('resolves at once with no press, after the release with one, and after a second if the release never comes', async () => {
    vi.useFakeTimers();
    watchPointerPress();
    watchPointerPress(); // a second watcher (the page's module after the early script) changes nothing
    expect(await settled(afterPointerPress())).toBe(true);

    document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    const released = afterPointerPress();
    expect(await settled(released)).toBe(false);
    document.body.dispatchEvent(new Event('pointerup', { bubbles: true }));
    expect(await settled(released)).toBe(true);

    document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    const held = afterPointerPress();
    await vi.advanceTimersByTimeAsync(LONGEST_PRESS_MS - 10);
    expect(await settled(held)).toBe(false);
    await vi.advanceTimersByTimeAsync(10);
    expect(await settled(held)).toBe(true);
  });
});
