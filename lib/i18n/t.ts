import { browser } from 'wxt/browser';
import english from '../../public/_locales/en/messages.json';

// UI strings live in public/_locales/<lang>/messages.json (the browser's own i18n, so the manifest, the popup and
// notifications share one catalogue). English is bundled as the fallback for places without `browser.i18n`
// (unit tests on the fake browser) and for keys a translation lacks.

export type MessageKey = keyof typeof english;
type Catalogue = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

/** The translated string for `key`, with `$1`…`$9` (or named placeholders) filled from `substitutions`. */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  const subs = substitutions.map(String);
  let translated = '';
  try {
    translated = browser.i18n?.getMessage(key, subs) ?? '';
  } catch {
    // No i18n API here (fake browser): fall through to the bundled English.
  }
  return translated || fillEnglish(key, subs);
}

function fillEnglish(key: MessageKey, subs: string[]): string {
  const entry = (english as Catalogue)[key];
  if (!entry) return key;
  let message = entry.message;
  for (const [name, placeholder] of Object.entries(entry.placeholders ?? {})) {
    message = message.replace(new RegExp(`\\$${name}\\$`, 'gi'), placeholder.content);
  }
  return message.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
}

/** The browser's UI language, for `Intl` date and number formatting. */
export function uiLocale(): string | undefined {
  try {
    return browser.i18n?.getUILanguage();
  } catch {
    return undefined;
  }
}
