import { useRef } from 'react';
import { formatRelative } from '@/lib/format/dates';
import { t } from '@/lib/i18n/t';
import { TagChips } from '../TagChips';
import { DigestBody } from './DigestBody';
import { useDigestModel, type DigestModel, type DigestSurface } from './useDigestModel';

/**
 * The digest as a page: a header with the last check and Refresh, the filters, and the scrolling list area. The
 * popup mounts it, and so does the side panel (`surface`), with the same list and the same filters.
 */
export function DigestPage({ surface = 'popup' }: { surface?: DigestSurface }) {
  const model = useDigestModel(surface);
  const { prefs, topicsOnly, actions } = model;
  const searchRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLElement>(null);
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

/** "Checking…", "Updated 5 minutes ago", or offline with when the feeds were last checked. */
function checkStatus({ refreshing, online, lastSuccess, now, locale }: DigestModel): string {
  if (refreshing) return t('popup_checking');
  const when = lastSuccess ? formatRelative(lastSuccess, now, locale) : undefined;
  if (!online) return when ? t('popup_offline', when) : t('popup_offlineNever');
  return when ? t('popup_updated', when) : '';
}
