import { useEffect, useRef, useState } from 'react';
import { ArticleList, type ArticleListProps } from './ArticleList';
import { PostRow } from './PostRow';
import { afterPaint } from './useFeedStore';
import { t } from '@/lib/i18n/t';
import { keyPlace, listKeyAction } from '@/lib/popup/keyboard';

type Props = Omit<ArticleListProps, 'knownSizes'>;

/** Cards on the first screen, and a little more: what the virtualiser would render there (600 px, overscan 4). */
const FIRST_SCREEN_CARDS = 8;

/**
 * The posts. The first paint shows the first screen's cards as a plain list; once that has painted, the virtualiser
 * (./ArticleList) takes over with the cards' measured heights, so nothing moves. Before, the virtualiser's measuring
 * (a forced layout) and its second render came before the first card. (Loading ./ArticleList with `import()` after
 * the paint split the popup's first load into nine files, which cost more than the bytes saved: README, Performance.)
 */
export function PostList(props: Props) {
  const listRef = useRef<HTMLOListElement>(null);
  // The first rows' measured heights, once the virtualiser takes over.
  const [virtual, setVirtual] = useState<number[]>();
  // List keys pressed before the hand-over: the virtualiser's list handles them once it is there.
  const earlyKeys = useRef<{ target: EventTarget | null; init: KeyboardEventInit }[]>([]);
  useEffect(() => {
    if (virtual) {
      for (const { target, init } of earlyKeys.current.splice(0)) {
        const on = target instanceof Node && target.isConnected ? target : document.body;
        on.dispatchEvent(new KeyboardEvent('keydown', { ...init, bubbles: true, cancelable: true }));
      }
      return;
    }
    let live = true;
    const handOver = () => {
      if (!live) return;
      live = false;
      // After the paint the layout is clean: reading the heights costs no extra layout.
      const rows = listRef.current?.querySelectorAll<HTMLElement>(':scope > li') ?? [];
      setVirtual([...rows].map((row) => row.getBoundingClientRect().height));
    };
    // A key for the list pressed in the first frame (a reader who knows the keys) hands over at once.
    const onEarlyKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || !listKeyAction(event, keyPlace(event.target, listRef.current))) return;
      event.preventDefault();
      const { key, shiftKey, ctrlKey, metaKey, altKey } = event;
      earlyKeys.current.push({ target: event.target, init: { key, shiftKey, ctrlKey, metaKey, altKey } });
      handOver();
    };
    document.addEventListener('keydown', onEarlyKey);
    void afterPaint().then(handOver);
    return () => {
      live = false;
      document.removeEventListener('keydown', onEarlyKey);
    };
  }, [virtual]);

  if (virtual) return <ArticleList {...props} knownSizes={virtual} />;
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
