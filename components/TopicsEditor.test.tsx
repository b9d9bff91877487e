// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { topicsItem } from '@/lib/topics/topics';
import { TopicsEditor } from './TopicsEditor';

// The popup's first screen is kept composed with the topics it was composed from (lib/popup/composedScreen.ts):
// saving new topics asks the background for the next one, once they are stored, so the next opening draws it.

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

it("asks for the popup's next first screen once the new topics are stored", async () => {
  const asked: unknown[] = [];
  vi.spyOn(browser.runtime, 'sendMessage').mockImplementation((async (message: { type: string }) => {
    if (message.type === 'composeFirstScreen') asked.push((await topicsItem.get()).terms);
    return { ok: true };
  }) as never);
  render(<TopicsEditor />);
  const terms = screen.getByRole('textbox');
  await waitFor(() => expect((terms as HTMLTextAreaElement).disabled).toBe(false));
  fireEvent.change(terms, { target: { value: 'alignment\nevals' } });
  fireEvent.click(screen.getAllByRole('button')[0]!);
  await waitFor(() => expect(asked).toEqual([['alignment', 'evals']]));
});
