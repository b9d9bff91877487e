import type { Extension } from './extension';

/**
 * Rewrites the cached copy of one post in place, as a bug, an older version or a damaged disk could leave it, and
 * returns how many stored copies were changed. The one place the end-to-end tests reach into the article cache's
 * storage: it finds the post wherever the store keeps it (a stored list of posts, or an object's `articles` or
 * `head` list, in any key), so a change of storage layout needs no change here.
 */
export function rewriteCachedPost(ext: Extension, postId: string, fields: Record<string, unknown>): Promise<number> {
  return ext.inExtension(
    async (api, { postId, fields }) => {
      const stored: Record<string, unknown> = await api.storage.local.get(null);
      const changed: Record<string, unknown> = {};
      let copies = 0;
      const visit = (value: unknown, depth: number): boolean => {
        if (!value || typeof value !== 'object' || depth > 4) return false;
        let touched = false;
        const lists = Array.isArray(value)
          ? [value]
          : [(value as { articles?: unknown }).articles, (value as { head?: unknown }).head].filter(Array.isArray);
        for (const articles of lists as unknown[][]) {
          for (const article of articles) {
            if (article && typeof article === 'object' && (article as { id?: unknown }).id === postId) {
              Object.assign(article, fields);
              copies++;
              touched = true;
            }
          }
        }
        if (!Array.isArray(value))
          for (const child of Object.values(value))
            if (!lists.includes(child as unknown[]) && visit(child, depth + 1)) touched = true;
        return touched;
      };
      for (const [key, value] of Object.entries(stored)) if (visit(value, 0)) changed[key] = value;
      await api.storage.local.set(changed);
      return copies;
    },
    { postId, fields },
  );
}
