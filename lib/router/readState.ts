import type { PageHandlers } from '../messages';
import { settingsItem } from '../store/settings';
import { refreshBadge } from '../sync/badge';
import { markAllRead, markAllSeen, setRead } from '../sync/readMarks';

// What the reader did with posts: seen (the popup showed them), read, unread. The marks are lib/sync/readMarks.ts's.

/** The read-state page requests. */
export function readStateHandlers(): Pick<PageHandlers, 'markAllSeen' | 'setRead' | 'markAllRead'> {
  return {
    async markAllSeen({ upTo }) {
      await markAllSeen(await followedIds(), upTo);
      await refreshBadge();
      return { ok: true };
    },

    async setRead({ keys, read }) {
      await setRead(keys, read);
      await refreshBadge();
      return { ok: true };
    },

    async markAllRead({ upTo }) {
      await markAllRead(await followedIds(), upTo);
      await refreshBadge();
      return { ok: true };
    },
  };
}

async function followedIds(): Promise<string[]> {
  return (await settingsItem.get()).feeds.map((feed) => feed.id);
}
