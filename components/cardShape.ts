// What a post card's markup is made of, shared by the React card (./ArticleCard.tsx, ./Bidi.tsx) and the popup's
// plain first screen (./digest/plainFirstScreen.ts), which must draw the same thing. No React here: the plain
// first screen loads before it.

/** Summaries longer than this (about three lines of the popup) get a More/Less toggle; shorter ones show whole. */
export const LONG_SUMMARY = 240;

/** The ids a card's title and summary carry (its `aria-labelledby` and its More button's `aria-controls`). */
export function cardIds(key: string): { titleId: string; summaryId: string } {
  const idBase = key.replace(/[^\w-]/g, '_');
  return { titleId: `title-${idBase}`, summaryId: `summary-${idBase}` };
}

/** Stands for an element in a translated message, which is then split around it. A private-use character. */
const SLOT = '\uE000';

/**
 * A translated message split around the place its element goes: `(slot) => t('card_source', slot)` →
 * `['Source: ', '']`, the element between each two parts.
 */
export function splitAtSlot(message: (slot: string) => string): string[] {
  return message(SLOT).split(SLOT);
}
