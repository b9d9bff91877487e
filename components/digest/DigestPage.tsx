import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { checkStatus } from '@/lib/popup/checkStatus';
import { t } from '@/lib/i18n/t';
import { TagChips } from '../TagChips';
import { DigestBody } from './DigestBody';
import type { HandOver } from './plainFirstScreen';
import { useDigestModel, type DigestSurface } from './useDigestModel';

/**
 * The digest as a page: a header with the last check and Refresh, the filters, and the scrolling list area. The
 * popup mounts it, and so does the side panel (`surface`), with the same list and the same filters. Its first
 * screen is often drawn before React loads (./plainFirstScreen.ts draws the same DOM: change both together).
 */
export function DigestPage({ surface = 'popup', handOver }: { surface?: DigestSurface; handOver?: HandOver }) {
  // Taking over the plain first screen (./plainFirstScreen.ts): what was typed there, where the reader was (scroll,
  // focus, caret: back before React paints), then what was clicked.
  const [takenOver] = useState(() => handOver?.take());
  const model = useDigestModel(surface, takenOver?.query);
  const { prefs, topicsOnly, actions } = model;
  const searchRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLElement>(null);
  useLayoutEffect(() => takenOver?.restore(), [takenOver]);
  // After the children's effects: the list's keys are listened to by then.
  useEffect(() => void handOver?.replay(), [handOver]);
  return (
    <div className="popup">
      <header className="popup__header">
        <h1>{t('extName')}</h1>
        <span className="muted" aria-live="polite">
          {checkStatus(model)}
        </span>
        <div className="popup__header-actions">
          <button type="button" onClick={() => actions.refresh()} disabled={model.refreshing || !model.online}>
            {t('popup_refresh')}
          </button>
          <button type="button" onClick={actions.openOptions}>
            {t('popup_options')}
          </button>
        </div>
        {model.followsEveryTab === false && (
          <label className="toggle follow-tabs" title={t('sidepanel_followPageHint')}>
            <input type="checkbox" checked={false} onChange={actions.followEveryTab} />
            {t('sidepanel_followPage')}
          </label>
        )}
      </header>

      <div className="toolbar" role="search">
        <input
          ref={searchRef}
          type="search"
          placeholder={t('popup_search')}
          aria-label={t('popup_search')}
          aria-keyshortcuts="/"
          value={model.query}
          onChange={(e) => actions.setQuery(e.target.value)}
        />
        <label className="toggle">
          <input
            type="checkbox"
            checked={prefs.unreadOnly}
            onChange={(e) => actions.updatePrefs({ unreadOnly: e.target.checked })}
          />
          {t('popup_unreadOnly')}
        </label>
        <label className="toggle" title={t('popup_topicsOnlyHint')}>
          <input
            type="checkbox"
            checked={topicsOnly}
            onChange={(e) => actions.updatePrefs({ topicsOnly: e.target.checked })}
          />
          {t('popup_topicsOnly')}
        </label>
        <button type="button" disabled={!model.unreadCount} onClick={actions.markAllRead}>
          {t('popup_markAllRead')}
        </button>
        {/* In the toolbar's row, which has room: the header's is full at the popup's width. */}
        {model.canOpenSidePanel && (
          <button type="button" title={t('popup_openSidePanelHint')} onClick={actions.openSidePanel}>
            {t('popup_openSidePanel')}
          </button>
        )}
        <TagChips
          tags={model.tags}
          activeTag={prefs.tag}
          onSelect={(tag) => actions.updatePrefs({ tag })}
          label={t('popup_filterByTag')}
        />
      </div>

      <main ref={scrollRef} className="popup__main">
        <DigestBody model={model} scrollRef={scrollRef} onFocusSearch={() => searchRef.current?.focus()} />
      </main>
      <footer className="muted keys-help">{t('popup_keyboardHelp')}</footer>
    </div>
  );
}
