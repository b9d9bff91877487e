import { useLayoutEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { ArticleList as VirtualList, ArticleListProps } from './ArticleList';
import { PostRow } from './PostRow';
import { afterPaint } from '@/lib/popup/afterPaint';
import { afterPointerPress } from '@/lib/popup/pointerPress';
import { t } from '@/lib/i18n/t';
import { FIRST_SCREEN_CARDS } from '@/lib/popup/firstScreen';
import { aimOf, type Aim } from '@/lib/popup/aim';
import { keyPlace, listKeyAction } from '@/lib/popup/keyboard';

type Props = Omit<ArticleListProps, 'knownSizes' | 'focus'>;

/**
 * The virtualiser (./ArticleList and its library, a tenth of the popup's script), loaded once the first screen has
 * painted: nothing of it is on the first screen. A list key pressed before it has loaded is handled once it has.
 */
let loadedVirtualList: typeof VirtualList | undefined;
const loadVirtualList = () => import('./ArticleList').then((module) => (loadedVirtualList = module.ArticleList));

/**
 * The posts. The first paint shows the first screen's cards as a plain list; once that has painted, the virtualiser
 * (./ArticleList) is loaded and takes over with the cards' measured heights, so nothing moves. Before, the
 * virtualiser's measuring (a forced layout) and its second render came before the first card.
 */
export function PostList(props: Props) {
  const listRef = useRef<HTMLOListElement>(null);
  // The virtualiser and the first rows' measured heights, once it takes over.
  const [virtual, setVirtual] = useState<{ List: typeof VirtualList; sizes: number[]; focus?: Aim }>();
  // List keys pressed before the hand-over: the virtualiser's list handles them once it is there.
  const earlyKeys = useRef<{ target: EventTarget | null; init: KeyboardEventInit }[]>([]);
  // A layout effect: listening from the commit that shows the list on. A passive effect would leave a moment after
  // it with no one listening, in which a key was lost (the first j in about one opening in ten, in e2e runs).
  useLayoutEffect(() => {
    if (virtual) {
      for (const { target, init } of earlyKeys.current.splice(0)) {
        const on = target instanceof Node && target.isConnected ? target : document.body;
        on.dispatchEvent(new KeyboardEvent('keydown', { ...init, bubbles: true, cancelable: true }));
      }
      return;
    }
    let live = true;
    let handingOver = false;
    const takeOver = async (List: typeof VirtualList, fromKey = false) => {
      // The virtualiser's rows replace these: not between the press and the release of a click on one of them,
      // which would be lost. A key's hand-over is within the key's own event (no press is half made then).
      if (!fromKey) await afterPointerPress();
      if (!live) return;
      live = false;
      const list = listRef.current;
      // After the paint the layout is clean: reading the heights costs no extra layout.
      const rows = list?.querySelectorAll<HTMLElement>(':scope > li') ?? [];
      // A card (or a button on it) the reader has reached with Tab keeps the focus in the virtualiser's list.
      const focused = document.activeElement;
      const focus = list && focused && list.contains(focused) ? aimOf(list, focused) : undefined;
      const sizes = [...rows].map((row) => row.getBoundingClientRect().height);
      // Committed in this task: no press can come between the check above and the swap.
      flushSync(() => setVirtual({ List, sizes, focus }));
    };
    const handOver = (fromKey = false) => {
      if (handingOver) return;
      handingOver = true;
      // Loaded already (the list remounted): at once, within the key’s own event.
      if (loadedVirtualList) void takeOver(loadedVirtualList, fromKey);
      else void loadVirtualList().then((List) => takeOver(List));
    };
    // A key for the list pressed in the first frame (a reader who knows the keys) hands over at once.
    const onEarlyKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || !listKeyAction(event, keyPlace(event.target, listRef.current))) return;
      event.preventDefault();
      const { key, shiftKey, ctrlKey, metaKey, altKey } = event;
      earlyKeys.current.push({ target: event.target, init: { key, shiftKey, ctrlKey, metaKey, altKey } });
      handOver(true);
    };
    document.addEventListener('keydown', onEarlyKey);
    void afterPaint().then(() => handOver());
    return () => {
      live = false;
      document.removeEventListener('keydown', onEarlyKey);
    };
  }, [virtual]);

  if (virtual) return <virtual.List {...props} knownSizes={virtual.sizes} focus={virtual.focus} />;
  const { entries } = props;
  return (
    <ol ref={listRef} className="list" aria-label={t('popup_posts')}>
      {entries.slice(0, FIRST_SCREEN_CARDS).map((entry, index) => (
        // The virtualiser's rows, in the flow: `flow-root` keeps the card's margins inside the row as there.
        <PostRow
          key={entry.key}
          entry={entry}
          index={index}
          count={entries.length}
          style={{ position: 'static', display: 'flow-root' }}
          card={props.card}
          tabbable={index === 0}
        />
      ))}
    </ol>
  );
}
