/**
 * Where the reader was in a page that is about to be drawn again with new nodes (the plain first screen replaced by
 * React's, the plain list by the virtualiser's): the card it was in (by its post), its place under that card (or
 * under the page's root), and what it is and says. Found again in the new nodes, and checked: the new page may list
 * other posts by then (a search typed meanwhile, a post arrived), and an aim that no longer finds its element finds
 * nothing rather than something else.
 */
export type Aim = { card?: string; path: number[]; tag: string; text: string | null };

/** `element`'s aim, under `root`. */
export function aimOf(root: Element, element: Element): Aim {
  const card = element.closest<HTMLElement>('article[data-key]');
  const within = card && root.contains(card) ? card : root;
  const path: number[] = [];
  for (let at = element; at !== within && at.parentElement; at = at.parentElement)
    path.unshift([...at.parentElement.children].indexOf(at));
  return {
    card: within === card ? card.dataset.key : undefined,
    path,
    tag: element.tagName,
    text: element.textContent,
  };
}

/** The element under `root` that `aim` names, if it is there and still what it was. */
export function findAim(root: Element, aim: Aim): Element | undefined {
  let at: Element | undefined | null = aim.card
    ? [...root.querySelectorAll<HTMLElement>('article[data-key]')].find((card) => card.dataset.key === aim.card)
    : root;
  for (const index of aim.path) at = at?.children[index];
  return at && at.tagName === aim.tag && at.textContent === aim.text ? at : undefined;
}
