import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The stores read the extension's name and summary from the manifest, in every locale it ships: the Chrome Web Store
// refuses a package whose description is over 132 characters or whose name is over 75 (Firefox shows the same 132),
// so a translation that grows past them would only be found at upload. See docs/store/README.md.
const locales = readdirSync('public/_locales');
const messages = (locale: string): Record<string, { message: string }> =>
  JSON.parse(readFileSync(`public/_locales/${locale}/messages.json`, 'utf8'));

describe('the manifest texts the stores read', () => {
  it.each(locales)('%s: the name fits in 75 characters and the description in 132', (locale) => {
    const m = messages(locale);
    expect([...m.extName!.message].length).toBeLessThanOrEqual(75);
    expect([...m.extDescription!.message].length).toBeLessThanOrEqual(132);
  });
});
