// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { keyPlace, listKeyAction, moveIndex } from './keyboard';

describe('listKeyAction', () => {
  it('moves with arrows and j/k, jumps with Home/End, outside text fields', () => {
    expect(listKeyAction({ key: 'j' }, 'card')).toBe('next');
    expect(listKeyAction({ key: 'ArrowDown' }, 'other')).toBe('next');
    expect(listKeyAction({ key: 'k' }, 'card')).toBe('previous');
    expect(listKeyAction({ key: 'ArrowUp' }, 'card')).toBe('previous');
    expect(listKeyAction({ key: 'Home' }, 'card')).toBe('first');
    expect(listKeyAction({ key: 'End' }, 'card')).toBe('last');
  });

  it('opens the post with Enter and the source with Shift+Enter or s, only from a card', () => {
    expect(listKeyAction({ key: 'Enter' }, 'card')).toBe('openPost');
    expect(listKeyAction({ key: 'Enter', shiftKey: true }, 'card')).toBe('openSource');
    expect(listKeyAction({ key: 's' }, 'card')).toBe('openSource');
    // A focused button or link keeps its own Enter.
    expect(listKeyAction({ key: 'Enter' }, 'other')).toBeUndefined();
  });

  it('lets typing win in the search field: letters and / are text; ArrowDown enters the list; Esc clears', () => {
    for (const key of ['j', 'k', 's', '/', 'Enter', 'ArrowUp']) expect(listKeyAction({ key }, 'text')).toBeUndefined();
    expect(listKeyAction({ key: 'ArrowDown' }, 'text')).toBe('first');
    expect(listKeyAction({ key: 'Escape' }, 'text')).toBe('clear');
  });

  it('focuses search with / and leaves browser shortcuts alone', () => {
    expect(listKeyAction({ key: '/' }, 'card')).toBe('focusSearch');
    expect(listKeyAction({ key: 'j', ctrlKey: true }, 'card')).toBeUndefined();
    expect(listKeyAction({ key: 's', metaKey: true }, 'card')).toBeUndefined();
  });
});

describe('moveIndex', () => {
  it('stays within the list and starts at the top', () => {
    expect(moveIndex('next', -1, 3)).toBe(0);
    expect(moveIndex('next', 2, 3)).toBe(2);
    expect(moveIndex('previous', 0, 3)).toBe(0);
    expect(moveIndex('last', 0, 3)).toBe(2);
    expect(moveIndex('first', 2, 0)).toBe(-1);
  });
});

describe('keyPlace', () => {
  it('tells a text field, a card of the list, and anything else apart', () => {
    document.body.innerHTML =
      '<input type="search"><ol><li><article tabindex="0"><button>Mark read</button></article></li></ol><article></article>';
    const list = document.querySelector('ol');
    const [inList, outside] = document.querySelectorAll('article');
    expect(keyPlace(document.querySelector('input'), list)).toBe('text');
    expect(keyPlace(inList!, list)).toBe('card');
    expect(keyPlace(document.querySelector('button'), list)).toBe('other');
    // A card elsewhere (the "About this page" section) is not one the list's keys move over.
    expect(keyPlace(outside!, list)).toBe('other');
    expect(keyPlace(document, list)).toBe('other');
    expect(keyPlace(null, list)).toBe('other');
  });
});
