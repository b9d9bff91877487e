// What a post card's markup is made of, shared by the React card (./ArticleCard.tsx, ./Bidi.tsx) and the popup's
// plain first screen (./digest/plainFirstScreen.ts), which must draw the same thing. No React here: the plain
// first screen loads before it.

/** Summaries longer than this (about three lines of the popup) get a More/Less toggle; shorter ones show whole. */
export const LONG_SUMMARY = 240;

/**
 * The ids a card's title and summary carry (its `aria-labelledby` and its More button's `aria-controls`), one pair per
 * post and `place` (the same post may show twice: in "About this page" and in the list). Letters, digits and hyphens
 * stay; any other character is written as `_<hex>_`, so two posts never share an id (`a?b` and `a/b` once both gave
 * `a_b`, and a card was labelled by another's title).
 */
export function cardIds(
  key: string,
  place: 'list' | 'about' | 'muted' = 'list',
): { titleId: string; summaryId: string } {
  const idBase = key.replace(/[^A-Za-z0-9-]/g, (char) => `_${char.charCodeAt(0).toString(16)}_`);
  const scope = place === 'list' ? '' : `${place}-`;
  return { titleId: `${scope}title-${idBase}`, summaryId: `${scope}summary-${idBase}` };
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
