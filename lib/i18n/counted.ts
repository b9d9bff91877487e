import { t } from './t';

// Messages that carry a count. The browser's i18n has no plural rules, so the catalogue words one and many as two
// keys (the `…One` key has the "1" in its text) and these pick between them: the pages say "1 post", never "1 posts".

/** After following a feed, from the options page or from the feeds a page links in the popup. */
export function feedAddedText(title: string, posts: number): string {
  return posts === 1 ? t('options_addedOne', title) : t('options_added', title, posts);
}

/** A followed feed's archive: how many posts it keeps and their size (already formatted). */
export function keptPostsText(posts: number, size: string, locale?: string): string {
  return posts === 1 ? t('options_keepsOne', size) : t('options_keeps', posts.toLocaleString(locale), size);
}

export function skippedItemsText(items: number): string {
  return items === 1 ? t('options_skippedOne') : t('options_skipped', items);
}

export function feedsCheckedText(feeds: number): string {
  return feeds === 1 ? t('options_refreshedOne') : t('options_refreshed', feeds);
}

/** After an OPML import: the one/many choice follows the new feeds; "skipped" reads the same for any count. */
export function feedsImportedText(added: number, skipped: number): string {
  return added === 1 ? t('options_importedOne', skipped) : t('options_imported', added, skipped);
}

export function backupRestoredText(feeds: number): string {
  return feeds === 1 ? t('options_restoredOne') : t('options_restored', feeds);
}

export function postsTrimmedText(removed: number): string {
  return removed === 1 ? t('options_trimDoneOne') : t('options_trimDone', removed);
}
