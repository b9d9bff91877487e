import type { CardHandlers, PageHandlers } from '../messages';
import type { SyncDeps } from '../sync/syncFeeds';
import { feedHandlers } from './feeds';
import { firstScreenHandlers } from './firstScreen';
import { importExportHandlers } from './importExport';
import { readStateHandlers } from './readState';
import { rulesHandlers } from './rules';
import { settingsHandlers } from './settings';
import { cardHandlers, cardSiteHandlers } from './summaryCard';

// The background's one message router: every request the extension's pages and the summary card may send, answered
// by the module of its area. `createMessageListener` (lib/messages.ts) checks the sender and the message, then
// calls these. A new page request's handler goes in its area's module (a new area: a module here, spread below).

/** What the background does for each page request. `deps` lets tests pass a fetch and a clock. */
export function createPageHandlers(deps: SyncDeps = {}): PageHandlers {
  return {
    ...feedHandlers(deps),
    ...readStateHandlers(),
    ...firstScreenHandlers(),
    ...settingsHandlers(),
    ...rulesHandlers(),
    ...importExportHandlers(deps),
    ...cardSiteHandlers(),
  };
}

/** Every handler the background's message listener dispatches to. */
export function createRouter(deps: SyncDeps = {}): { page: PageHandlers; card: CardHandlers } {
  return { page: createPageHandlers(deps), card: cardHandlers() };
}
