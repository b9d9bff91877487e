import english from '../../public/_locales/en/messages.json';

// The UI strings' keys and the English catalogue, without any browser API: pure modules (the feed parser, the
// fetcher) name their messages here and stay testable in Node. Pages and the background translate with `t()`.

export type MessageKey = keyof typeof english;
export type Catalogue = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

/** The English text of `key`, with `$1`…`$9` (or named placeholders) filled from `substitutions`. */
export function inEnglish(key: MessageKey, ...substitutions: (string | number)[]): string {
  return fromCatalogue(english, key, substitutions);
}

/** `key`'s text in a `messages.json` catalogue, filled as the browser's `i18n.getMessage` fills it. */
export function fromCatalogue(catalogue: Catalogue, key: string, substitutions: (string | number)[]): string {
  const entry = catalogue[key];
  if (!entry) return key;
  const subs = substitutions.map(String);
  let message = entry.message;
  for (const [name, placeholder] of Object.entries(entry.placeholders ?? {})) {
    message = message.replace(new RegExp(`\\$${name}\\$`, 'gi'), placeholder.content);
  }
  return message.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(english, key);
}

/** A message that can be shown in any language later: its key and values, with the English text as a fallback. */
export type Localisable = { message: string; code: MessageKey; params: string[] };

export function localisable(key: MessageKey, ...substitutions: (string | number)[]): Localisable {
  return { message: inEnglish(key, ...substitutions), code: key, params: substitutions.map(String) };
}
