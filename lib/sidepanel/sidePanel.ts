import { browser } from 'wxt/browser';

// The digest beside the page: Chrome's side panel (`side_panel`, MV3) and Firefox's sidebar (`sidebar_action`) show
// the same page, sidepanel.html, which renders the popup's list. Only opening it differs between the two.

/** Chrome's `sidePanel` namespace (MV3 only; the polyfill's types do not know it). */
type ChromeSidePanel = { open(options: { windowId: number }): Promise<void> };

function chromeSidePanel(): ChromeSidePanel | undefined {
  return (globalThis as { chrome?: { sidePanel?: ChromeSidePanel } }).chrome?.sidePanel;
}

/** Firefox's `sidebarAction` (WXT's browser type is Chrome's, which has none). */
function firefoxSidebar(): { open(): Promise<void> } | undefined {
  return (browser as unknown as { sidebarAction?: { open(): Promise<void> } }).sidebarAction;
}

/** Whether this browser can show the panel at all (Chrome 114+, Firefox). */
export function hasSidePanel(): boolean {
  return !!firefoxSidebar() || !!chromeSidePanel();
}

/**
 * Opens the panel in the reader's window. Call it straight from a click or a command, before any `await`: both
 * browsers open it only in answer to the reader's own gesture, and Firefox forgets the gesture at the first await.
 * `windowId` (Chrome): the window to open it in, known before the click.
 */
export function openSidePanel(windowId: number | undefined): Promise<void> {
  const sidebar = firefoxSidebar();
  if (sidebar) return sidebar.open();
  const sidePanel = chromeSidePanel();
  if (sidePanel && windowId !== undefined) return sidePanel.open({ windowId });
  return Promise.reject(new Error('This browser has no side panel.'));
}

/** The keyboard shortcut's command (Chrome; Firefox opens its sidebar through `_execute_sidebar_action`). */
export const OPEN_SIDE_PANEL_COMMAND = 'open-side-panel';
