import { browser } from 'wxt/browser';
import { inEnglish, isMessageKey, type MessageKey } from './catalogue';

// UI strings live in public/_locales/<lang>/messages.json (the browser's own i18n, so the manifest, the popup and
// notifications share one catalogue). English is bundled as the fallback for places without `browser.i18n`
// (unit tests on the fake browser) and for keys a translation lacks.

export type { MessageKey } from './catalogue';

/** The translated string for `key`, with `$1`…`$9` (or named placeholders) filled from `substitutions`. */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  let translated = '';
  try {
    translated = browser.i18n?.getMessage(key, substitutions.map(String)) ?? '';
  } catch {
    // No i18n API here (fake browser): fall through to the bundled English.
  }
  return translated || inEnglish(key, ...substitutions);
}

/** An error (or any message) in the reader's language when it carries a key, else its stored text. */
export function localised(error: { message: string; code?: string; params?: string[] }): string {
  return error.code && isMessageKey(error.code) ? t(error.code, ...(error.params ?? [])) : error.message;
}

/** The browser's UI language, for `Intl` date and number formatting. */
export function uiLocale(): string | undefined {
  try {
    return browser.i18n?.getUILanguage();
  } catch {
    return undefined;
  }
}
