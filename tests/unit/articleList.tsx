import { createRef } from 'react';
import { vi } from 'vitest';
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

/** Cards 120 px tall: the virtualiser places its rows by their heights, and happy-dom lays nothing out. */
export function withCardLayout() {
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue(new DOMRect(0, 0, 400, 120));
  vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(120);
}
