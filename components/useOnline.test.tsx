// @vitest-environment happy-dom
import { render } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import { useOnline } from './useOnline';

afterEach(() => vi.restoreAllMocks());

it('sees the browser go offline between its first render and its subscription (the popup loading)', () => {
  let online = true;
  vi.spyOn(navigator, 'onLine', 'get').mockImplementation(() => online);
  const seen: boolean[] = [];
  function Header() {
    seen.push(useOnline());
    return null;
  }
  // Renders after Header and before any effect runs: the offline event fires while nothing listens yet.
  function GoesOffline() {
    online = false;
    window.dispatchEvent(new Event('offline'));
    return null;
  }
  render(
    <>
      <Header />
      <GoesOffline />
    </>,
  );
  expect(seen[0]).toBe(true);
  expect(seen.at(-1)).toBe(false);
});
