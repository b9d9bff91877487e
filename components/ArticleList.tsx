import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { DigestEntry } from '@/lib/digest/digest';
import { t } from '@/lib/i18n/t';
import { findAim, type Aim } from '@/lib/popup/aim';
import { keyPlace, listKeyAction, moveIndex } from '@/lib/popup/keyboard';
import type { CardShared } from './ArticleCard';
import { PostRow } from './PostRow';

export type ArticleListProps = {
  entries: DigestEntry[];
  /** What every card shares (dates, the active tag, the read actions). */
  card: CardShared;
  /** The element that scrolls the list (the popup's main area). */
  scrollRef: RefObject<HTMLElement | null>;
  /** Open the post or its source from the keyboard. */
  onOpen: (entry: DigestEntry, target: 'post' | 'source') => void;
  onFocusSearch: () => void;
  onClear: () => void;
  /** Heights of the first rows, already measured (./PostList's plain first screen): no estimate, so no jump. */
  knownSizes?: number[];
  /** Where the focus was in ./PostList's plain list, which this list replaces: it stays there. */
  focus?: Aim;
};

/** Cards are about this tall before they are measured; the real height replaces it once rendered. */
const ESTIMATED_CARD_PX = 150;
const POPUP_RECT = { width: 400, height: 600 };

/**
 * The posts, virtualised: only the cards in view (and a few either side) are in the DOM, so 5,000 cached posts
 * cost what 20 do. Keyboard: a roving focus over the cards (one Tab stop), see lib/popup/keyboard.ts.
 */
export function ArticleList(props: ArticleListProps) {
  const { entries, scrollRef } = props;
  const listRef = useRef<HTMLOListElement>(null);
  const [active, setActive] = useState(0);
  // The card a keyboard move wants focused: it may render a frame or two later (scrolled to, then measured), so the
  // wish stands until a render has it. By index, not "the active one": an effect of an earlier render may run first
  // (React runs pending effects before it handles the next key), and must not focus that render's card. Set by moves
  // only: a click changes the active card too.
  const focusWanted = useRef<number>(undefined);
  const [, requestRender] = useState(0);
  // The same function while the entries are the same: the virtualiser lays out every row again (ten thousand with
  // forty feeds) whenever it gets a new one, as on a focus move or a key's render.
  const getItemKey = useCallback((index: number) => entries[index]!.key, [entries]);
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => props.knownSizes?.[index] ?? ESTIMATED_CARD_PX,
    getItemKey,
    overscan: 4,
    // Where the list is scrolled already (the reader scrolled the plain first screen): kept, not reset to the top.
    initialOffset: () => scrollRef.current?.scrollTop ?? 0,
    // Before layout, or where there is none (a hidden page, a DOM without layout), assume a popup-sized viewport:
    // a list that renders nothing because its box measured 0 would look empty.
    initialRect: POPUP_RECT,
    observeElementRect: (instance, callback) =>
      observeElementRect(instance, (rect) => callback(rect.height > 0 ? rect : POPUP_RECT)),
  });
  const activeIndex = Math.min(active, entries.length - 1);

  // Taking over from the plain list: the focus where it was (the rows in view are the same, scrolled as they were).
  useLayoutEffect(() => {
    const target = props.focus && listRef.current && findAim(listRef.current, props.focus);
    if (target instanceof HTMLElement) target.focus({ preventScroll: true });
    // Once, at the hand-over.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // After every render, while a move's card waits for its focus: one check of a flag otherwise.
  useEffect(() => {
    const wanted = focusWanted.current;
    if (wanted === undefined) return;
    const card = listRef.current?.querySelector<HTMLElement>(`[data-index="${wanted}"] > article`);
    if (!card) return;
    focusWanted.current = undefined;
    card.focus({ preventScroll: true });
  });

  const moveTo = (index: number) => {
    if (index < 0) return;
    setActive(index);
    virtualizer.scrollToIndex(index, { align: 'auto' });
    focusWanted.current = index;
    requestRender((n) => n + 1);
  };

  // Keys work wherever focus is in the popup (on a card, the search field, a button); one listener, latest state.
  const onKey = useRef<(event: KeyboardEvent) => void>(() => {});
  onKey.current = (event) => {
    if (event.defaultPrevented) return;
    const where = keyPlace(event.target, listRef.current);
    const onCard = where === 'card';
    const action = listKeyAction(event, where);
    if (!action) return;
    event.preventDefault();
    // Whatever this key does, a card still waiting for focus from an earlier move no longer should take it.
    focusWanted.current = undefined;
    const entry = entries[activeIndex];
    switch (action) {
      case 'next':
      case 'previous':
      case 'first':
      case 'last':
        return moveTo(moveIndex(action, onCard ? activeIndex : -1, entries.length));
      case 'openPost':
        return entry && props.onOpen(entry, 'post');
      case 'openSource':
        return entry && props.onOpen(entry, 'source');
      case 'focusSearch':
        return props.onFocusSearch();
      case 'clear':
        return props.onClear();
    }
  };
  // From the commit on, as ./PostList's listener it takes over from (which it replays its early keys to).
  useLayoutEffect(() => {
    const listener = (event: KeyboardEvent) => onKey.current(event);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  return (
    <ol
      ref={listRef}
      className="list"
      aria-label={t('popup_posts')}
      style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
    >
      {virtualizer.getVirtualItems().map((row) => (
        <PostRow
          key={row.key}
          ref={virtualizer.measureElement}
          entry={entries[row.index]!}
          index={row.index}
          count={entries.length}
          style={{ transform: `translateY(${row.start}px)` }}
          card={props.card}
          tabbable={row.index === activeIndex}
          onFocus={() => setActive(row.index)}
        />
      ))}
    </ol>
  );
}
