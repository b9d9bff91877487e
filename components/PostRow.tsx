import type { CSSProperties, Ref } from 'react';
import type { DigestEntry } from '@/lib/digest/digest';
import { ArticleCard, type CardShared } from './ArticleCard';
import { PostBoundary } from './ErrorBoundary';

type Props = {
  entry: DigestEntry;
  index: number;
  /** How many posts the list has (the row says where it stands among them). */
  count: number;
  card: CardShared;
  /** Whether Tab lands on this row's card (the list's roving focus). */
  tabbable: boolean;
  onFocus?: () => void;
  /** Where the row sits: in the flow (the plain first screen) or placed by the virtualiser. */
  style: CSSProperties;
  /** The virtualiser measures the row through this. */
  ref?: Ref<HTMLLIElement>;
};

/**
 * One row of the post list: a card in its own error boundary. The plain first screen (./PostList) and the
 * virtualised list (./ArticleList) render this same row, so the virtualiser takes over measured heights and
 * nothing moves.
 */
export function PostRow({ entry, index, count, card, tabbable, onFocus, style, ref }: Props) {
  return (
    <li data-index={index} ref={ref} aria-setsize={count} aria-posinset={index + 1} className="list__row" style={style}>
      <PostBoundary resetKey={entry.article}>
        <ArticleCard entry={entry} tabbable={tabbable} onFocus={onFocus} {...card} />
      </PostBoundary>
    </li>
  );
}
