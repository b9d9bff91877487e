import { createRef } from 'react';
import { ArticleList } from '@/components/ArticleList';
import type { DigestEntry } from '@/lib/digest/digest';

const noop = () => {};

/** The popup's virtualised list of these entries, as the popup renders it, with handlers that do nothing. */
export function articleList(entries: DigestEntry[], now: number) {
  return (
    <ArticleList
      entries={entries}
      card={{ now, locale: 'en', onOpen: noop, onToggleRead: noop, onTagSelect: noop }}
      scrollRef={createRef()}
      onOpen={noop}
      onFocusSearch={noop}
      onClear={noop}
    />
  );
}
