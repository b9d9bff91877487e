/** What a key press means in the popup's list. Pure, so every binding is unit tested without a browser. */
export type ListKeyAction =
  'next' | 'previous' | 'first' | 'last' | 'openPost' | 'openSource' | 'focusSearch' | 'clear';

export type KeyPress = { key: string; shiftKey?: boolean; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean };

/**
 * Where a key was pressed: `text` in a text field (typing must win), `card` on a post card itself, `other` anywhere
 * else (a button, a link: their own Enter must keep working).
 */
export type KeyPlace = 'text' | 'card' | 'other';

/** The `KeyPlace` of a key event's target; a card counts only inside `list`, the list the keys move in. */
export function keyPlace(target: EventTarget | null, list: Node | null | undefined): KeyPlace {
  const element = target as Partial<Element> | null;
  if (element?.matches?.('input, textarea, select')) return 'text';
  return element?.matches?.('article') && list?.contains(target as Node) ? 'card' : 'other';
}

export function listKeyAction(press: KeyPress, where: KeyPlace): ListKeyAction | undefined {
  if (press.ctrlKey || press.metaKey || press.altKey) return undefined;
  if (press.key === 'Escape') return 'clear';
  if (where === 'text') return press.key === 'ArrowDown' ? 'first' : undefined;
  switch (press.key) {
    case 'ArrowDown':
    case 'j':
      return 'next';
    case 'ArrowUp':
    case 'k':
      return 'previous';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    case '/':
      return 'focusSearch';
    case 's':
      return where === 'card' ? 'openSource' : undefined;
    case 'Enter':
      if (where !== 'card') return undefined;
      return press.shiftKey ? 'openSource' : 'openPost';
    default:
      return undefined;
  }
}

/** The index after `action` in a list of `count`, from `current` (-1: nothing active yet). */
export function moveIndex(action: 'next' | 'previous' | 'first' | 'last', current: number, count: number): number {
  if (count === 0) return -1;
  switch (action) {
    case 'first':
      return 0;
    case 'last':
      return count - 1;
    case 'next':
      return Math.min(current + 1, count - 1);
    case 'previous':
      return Math.max(current - 1, 0);
  }
}
