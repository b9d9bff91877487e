import type { RefObject } from 'react';
import { t } from '@/lib/i18n/t';
import { ArticleCard, type CardShared } from '../ArticleCard';
import { DiscoveredFeeds } from '../DiscoveredFeeds';
import { PostBoundary, SectionBoundary } from '../ErrorBoundary';
import { FeedStatus } from '../FeedStatus';
import { PostList } from '../PostList';
import type { DigestModel } from './useDigestModel';

type Props = {
  model: DigestModel;
  /** The element that scrolls the list (the page's main area). */
  scrollRef: RefObject<HTMLElement | null>;
  onFocusSearch: () => void;
};

/**
 * The digest's scrolling area: notices, failing feeds, feeds the current page offers, posts about the current page,
 * then the list in whichever state it is (./useDigestModel.ts `listState`).
 */
export function DigestBody({ model, scrollRef, onFocusSearch }: Props) {
  const { notice, dropped, health, pageFeeds, added, aboutThisPage, now, locale, actions } = model;
  const cardProps = cardPropsOf(model);
  return (
    <>
      {notice && (
        <p className="notice" role="alert">
          {notice}
        </p>
      )}
      {dropped > 0 && (
        <p className="notice" role="status">
          {t('popup_dropped', dropped)}
        </p>
      )}
      <SectionBoundary what="the feed problems">
        <FeedStatus feeds={health} now={now} locale={locale} onRetry={actions.refresh} onAllow={actions.allow} />
      </SectionBoundary>
      <DiscoveredFeeds
        feeds={pageFeeds}
        heading={t('popup_siteFeeds')}
        className="site-offer"
        onAdded={actions.pageFeedAdded}
      />
      {added && (
        <p className="muted list-count" role="status">
          {added}
        </p>
      )}
      {aboutThisPage.length > 0 && (
        <section className="about-page" aria-labelledby="about-page-heading">
          <h2 id="about-page-heading" className="section-heading">
            {t('popup_aboutThisPage')}
          </h2>
          {aboutThisPage.map((entry) => (
            <PostBoundary key={entry.key} resetKey={entry.article}>
              <ArticleCard entry={entry} tabbable place="about" {...cardProps} />
            </PostBoundary>
          ))}
        </section>
      )}
      {model.list.kind !== 'loading' && <MutedPosts model={model} cardProps={cardProps} />}
      <DigestList model={model} cardProps={cardProps} scrollRef={scrollRef} onFocusSearch={onFocusSearch} />
      {model.followsDemo && (
        <TextWithAction
          className="hint"
          text={t('popup_demoHint')}
          action={t('popup_demoHintAction')}
          onAction={actions.openOptions}
        />
      )}
    </>
  );
}

/** What every post card gets: the time and language to write dates in, the active tag, and the read actions. */
function cardPropsOf({ now, locale, prefs, actions }: DigestModel): CardShared {
  return {
    now,
    locale,
    activeTag: prefs.tag,
    onOpen: (key: string) => actions.setRead([key], true),
    onToggleRead: (key: string, read: boolean) => actions.setRead([key], read),
    onTagSelect: (tag: string | undefined) => actions.updatePrefs({ tag }),
  };
}

/** The list area in its one state. */
function DigestList({ model, cardProps, scrollRef, onFocusSearch }: Props & { cardProps: CardShared }) {
  const { list: state, locale, actions } = model;
  switch (state.kind) {
    case 'loading':
      return (
        <div role="status" aria-label={t('popup_loading')}>
          {[0, 1, 2].map((i) => (
            <div key={i} className="skeleton" aria-hidden="true">
              <div className="skeleton__line skeleton__line--title" />
              <div className="skeleton__line" />
              <div className="skeleton__line skeleton__line--short" />
            </div>
          ))}
        </div>
      );
    case 'noFeeds':
      return (
        <TextWithAction
          className="empty"
          text={t('popup_noFeeds')}
          action={t('popup_addFeed')}
          onAction={actions.openOptions}
        />
      );
    case 'noPosts':
      return (
        <p className="empty" role="status">
          {state.anyFailing ? t('popup_noPostsError') : t('popup_noPostsYet')}
        </p>
      );
    case 'noMatch':
      return (
        <TextWithAction
          className="empty"
          role="status"
          text={t('popup_noMatch')}
          action={t('popup_clearFilters')}
          onAction={actions.clearFilters}
        />
      );
    case 'posts':
      return (
        <>
          {state.filtered && (
            <p className="muted list-count" role="status">
              {t('popup_count', state.entries.length.toLocaleString(locale), state.total.toLocaleString(locale))}
            </p>
          )}
          <PostList
            entries={state.entries}
            card={cardProps}
            scrollRef={scrollRef}
            onOpen={actions.openInTab}
            onFocusSearch={onFocusSearch}
            onClear={actions.clearSearch}
          />
        </>
      );
  }
}

/** Shown at most, of the muted posts: the list is for checking the rules, not for reading thousands. */
const MUTED_SHOWN = 200;

/**
 * "3 muted": nothing disappears silently. On request, the posts the reader's rules hide, each saying which rule
 * hides it (lib/rules).
 */
function MutedPosts({ model, cardProps }: { model: DigestModel; cardProps: CardShared }) {
  const { muted, showMuted, locale, actions } = model;
  if (!muted.length) return null;
  return (
    <>
      <p className="muted list-count">
        <button type="button" className="link-button" aria-expanded={showMuted} onClick={actions.toggleMuted}>
          {t('popup_muted', muted.length.toLocaleString(locale))}
        </button>
      </p>
      {showMuted && (
        <section id="muted-posts" className="muted-posts" aria-labelledby="muted-heading">
          <h2 id="muted-heading" className="section-heading">
            {t('popup_mutedHeading')}
          </h2>
          {muted.slice(0, MUTED_SHOWN).map((entry) => (
            <PostBoundary key={entry.key} resetKey={entry.article}>
              <div className="muted-post">
                <p className="muted muted-post__why">
                  {entry.hiddenBy?.kind === 'only'
                    ? t('popup_hiddenByOnly', entry.hiddenBy.text)
                    : t('popup_mutedBy', entry.hiddenBy?.text ?? '')}
                </p>
                <ArticleCard entry={entry} tabbable place="muted" {...cardProps} />
              </div>
            </PostBoundary>
          ))}
        </section>
      )}
    </>
  );
}

/** A line of text with a button styled as a link after it: "You follow no feeds. Add a blog's feed". */
function TextWithAction(props: {
  className: string;
  role?: 'status';
  text: string;
  action: string;
  onAction: () => void;
}) {
  return (
    <p className={props.className} role={props.role}>
      {props.text}{' '}
      <button type="button" className="link-button" onClick={props.onAction}>
        {props.action}
      </button>
    </p>
  );
}
