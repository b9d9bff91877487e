import { browser } from 'wxt/browser';
import type { MessageKey } from './catalogue';

// UI strings live in public/_locales/<lang>/messages.json and are read through the browser's own i18n (so the
// manifest, the pages and notifications share one catalogue); the browser falls back to English, the default
// locale, for a key a translation lacks. So pages carry no copy of the catalogue (it was 4 KB gzipped of the popup's
// first paint). Pure modules that need the English text itself (the parser's and fetcher's errors) use ./catalogue.

export type { MessageKey } from './catalogue';

/** The translated string for `key`, with `$1`…`$9` (or named placeholders) filled from `substitutions`. */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  return browser.i18n.getMessage(key, substitutions.map(String));
}

/** An error (or any message) in the reader's language when it carries a key, else its stored text. */
export function localised(error: { message: string; code?: string; params?: string[] }): string {
  // A code no catalogue has (stored by an older or newer version) reads as an empty string: the stored text then.
  return (error.code && browser.i18n.getMessage(error.code as MessageKey, error.params ?? [])) || error.message;
}

/** The browser's UI language, for `Intl` date and number formatting. */
export function uiLocale(): string | undefined {
  try {
    return browser.i18n?.getUILanguage();
  } catch {
    return undefined;
  }
}
