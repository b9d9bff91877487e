import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import english from '../../public/_locales/en/messages.json';
import german from '../../public/_locales/de/messages.json';
import { fromCatalogue } from './catalogue';
import {
  backupRestoredText,
  feedAddedText,
  feedsCheckedText,
  feedsImportedText,
  keptPostsText,
  postsTrimmedText,
  skippedItemsText,
} from './counted';

afterEach(() => vi.restoreAllMocks());

describe('messages with a count', () => {
  it('say one thing in the singular and any other count in the plural', () => {
    expect(feedAddedText('Desk', 1)).toBe('Added “Desk” with 1 post.');
    expect(feedAddedText('Desk', 2)).toBe('Added “Desk” with 2 posts.');
    expect(feedAddedText('Desk', 0)).toBe('Added “Desk” with 0 posts.');
    expect(keptPostsText(1, '2 KB')).toBe('Keeps 1 post (2 KB)');
    expect(keptPostsText(1200, '2 MB', 'en')).toBe('Keeps 1,200 posts (2 MB)');
    expect(skippedItemsText(1)).toBe('1 skipped item');
    expect(skippedItemsText(3)).toBe('3 skipped items');
    expect(feedsCheckedText(1)).toBe('Checked 1 feed.');
    expect(feedsCheckedText(4)).toBe('Checked 4 feeds.');
    expect(feedsImportedText(1, 0)).toBe('Imported 1 new feed (0 skipped).');
    expect(feedsImportedText(2, 1)).toBe('Imported 2 new feeds (1 skipped).');
    expect(feedsImportedText(0, 1)).toBe('Imported 0 new feeds (1 skipped).');
    expect(backupRestoredText(1)).toBe('Restored the backup: 1 feed.');
    expect(backupRestoredText(5)).toBe('Restored the backup: 5 feeds.');
    expect(postsTrimmedText(1)).toBe('Removed 1 older post.');
    expect(postsTrimmedText(7)).toBe('Removed 7 older posts.');
  });

  it('choose the same way in German', () => {
    vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation((key, subs) =>
      fromCatalogue(german, key, [subs ?? []].flat()),
    );
    expect(feedAddedText('Desk', 1)).toBe('„Desk“ mit 1 Beitrag hinzugefügt.');
    expect(keptPostsText(1, '2 KB')).toBe('Behält 1 Beitrag (2 KB)');
    expect(keptPostsText(3, '2 KB')).toBe('Behält 3 Beiträge (2 KB)');
    expect(feedsCheckedText(1)).toBe('1 Feed geprüft.');
    expect(feedsCheckedText(2)).toBe('2 Feeds geprüft.');
    expect(feedsImportedText(1, 0)).toBe('1 neuer Feed importiert (0 übersprungen).');
    expect(feedsImportedText(2, 0)).toBe('2 neue Feeds importiert (0 übersprungen).');
    expect(backupRestoredText(1)).toBe('Sicherung wiederhergestellt: 1 Feed.');
    expect(postsTrimmedText(1)).toBe('1 älteren Beitrag entfernt.');
  });

  it('have their singular key in every catalogue', () => {
    const singular = (catalogue: object) => Object.keys(catalogue).filter((key) => /One(When)?$/.test(key));
    expect(singular(german).sort()).toEqual(singular(english).sort());
  });
});
