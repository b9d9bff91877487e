import { memo, useState, type FormEvent } from 'react';
import { FEEDS_SHOWN } from './FeedList';
import { feedDisplayName } from '@/lib/digest/digest';
import { t, uiLocale, type MessageKey } from '@/lib/i18n/t';
import { sendMessage } from '@/lib/messages';
import { RULE_KINDS, RULE_TEXT_LIMIT, type Rule, type RuleKind } from '@/lib/rules/rule';
import type { Settings } from '@/lib/store/settings';

const KIND_LABELS: Record<RuleKind, MessageKey> = {
  mute: 'rules_kindMute',
  only: 'rules_kindOnly',
  alert: 'rules_kindAlert',
};
const KIND_SHORT: Record<RuleKind, MessageKey> = {
  mute: 'rules_kindShortMute',
  only: 'rules_kindShortOnly',
  alert: 'rules_kindShortAlert',
};

type Status = { kind: 'idle' } | { kind: 'error' | 'done'; text: string };

/**
 * The reader's rules (mute, only, alert; for all feeds or one) and each feed's notifications. The background checks
 * every rule again (lib/router/rules.ts) and says what is wrong with one in words: empty, a duplicate, an invalid
 * or risky pattern, over the size the settings can sync.
 */
export const RulesSettings = memo(function RulesSettings({ settings }: { settings: Settings }) {
  const [kind, setKind] = useState<RuleKind>('mute');
  // Each feed's notification switch, and the feeds a rule can name: the first FEEDS_SHOWN, like the feed list, until
  // the reader asks for all.
  const [showAll, setShowAll] = useState(false);
  const shownFeeds = showAll ? settings.feeds : settings.feeds.slice(0, FEEDS_SHOWN);
  const showAllText =
    shownFeeds.length < settings.feeds.length
      ? t('options_showAllFeeds', settings.feeds.length.toLocaleString(uiLocale()))
      : undefined;
  const [feedId, setFeedId] = useState('');
  const [text, setText] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const rules = settings.rules ?? [];
  const feedName = (id: string | undefined) => {
    const feed = id === undefined ? undefined : settings.feeds.find((f) => f.id === id);
    return feed ? feedDisplayName(feed) : t('rules_allFeeds');
  };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const rule: Rule = { kind, text, ...(feedId && { feedId }) };
    const result = await sendMessage({ type: 'addRule', rule });
    if (!result.ok) return setStatus({ kind: 'error', text: result.error.message });
    setText('');
    setStatus({ kind: 'done', text: t('rules_added') });
  };
  const remove = async (rule: Rule) => {
    await sendMessage({ type: 'removeRule', rule });
    setStatus({ kind: 'done', text: t('rules_removed') });
  };

  return (
    <section aria-labelledby="rules-heading">
      <h2 id="rules-heading">{t('rules_heading')}</h2>
      <p id="rules-help" className="muted">
        {t('rules_help')}
      </p>
      <form className="rules-form" onSubmit={(e) => void add(e)}>
        <div className="row">
          <label>
            {t('rules_kind')}{' '}
            <select id="rule-kind" value={kind} onChange={(e) => setKind(e.target.value as RuleKind)}>
              {RULE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(KIND_LABELS[k])}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('rules_feed')}{' '}
            {/* The first FEEDS_SHOWN feeds, and a last choice that lists the rest: a select of 2,000 imported
                feeds cost the page about 40 ms of layout each time it was drawn. */}
            <select
              id="rule-feed"
              value={feedId}
              onChange={(e) =>
                e.target.selectedOptions[0]?.dataset.showAll ? setShowAll(true) : setFeedId(e.target.value)
              }
            >
              <option value="">{t('rules_allFeeds')}</option>
              {shownFeeds.map((feed) => (
                <option key={feed.id} value={feed.id}>
                  {feedDisplayName(feed)}
                </option>
              ))}
              {showAllText && (
                <option value={feedId} data-show-all="true">
                  {showAllText}
                </option>
              )}
            </select>
          </label>
        </div>
        <label htmlFor="rule-text">{t('rules_text')}</label>
        <div className="add-feed__row">
          <input
            id="rule-text"
            type="text"
            maxLength={RULE_TEXT_LIMIT + 20}
            placeholder='crypto "prompt injection" Sicherheit*'
            value={text}
            onChange={(e) => (setText(e.target.value), setStatus({ kind: 'idle' }))}
            aria-describedby="rules-help rules-limits rules-status"
            aria-invalid={status.kind === 'error'}
          />
          <button type="submit">{t('rules_add')}</button>
        </div>
        <p id="rules-limits" className="muted">
          {t('rules_limits')}
        </p>
        <p
          id="rules-status"
          className={`status status--${status.kind}`}
          role={status.kind === 'error' ? 'alert' : 'status'}
        >
          {status.kind === 'idle' ? '' : status.text}
        </p>
      </form>
      {rules.length ? (
        <ul className="rules-list" aria-label={t('rules_listLabel')}>
          {rules.map((rule) => {
            const described = `${t(KIND_SHORT[rule.kind])}: ${rule.text} (${feedName(rule.feedId)})`;
            return (
              <li key={`${rule.kind} ${rule.feedId ?? ''} ${rule.text}`} className="row">
                <span>
                  <strong>{t(KIND_SHORT[rule.kind])}</strong> <code>{rule.text}</code>{' '}
                  <span className="muted">{feedName(rule.feedId)}</span>
                </span>
                <button type="button" aria-label={t('rules_removeLabel', described)} onClick={() => void remove(rule)}>
                  {t('rules_remove')}
                </button>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="muted">{t('rules_none')}</p>
      )}
      <h3 id="feed-notify-heading">{t('rules_notifyHeading')}</h3>
      <p className="muted">{t('rules_notifyHelp')}</p>
      <ul className="rules-list" aria-labelledby="feed-notify-heading">
        {shownFeeds.map((feed) => (
          <li key={feed.id}>
            <label className="toggle">
              <input
                type="checkbox"
                checked={feed.notify !== false}
                disabled={!settings.notifications.enabled}
                onChange={(e) => void sendMessage({ type: 'setFeedNotify', feedId: feed.id, notify: e.target.checked })}
              />
              {t('rules_notifyFeed', feedDisplayName(feed))}
            </label>
          </li>
        ))}
      </ul>
      {showAllText && (
        <button type="button" className="link-button" onClick={() => setShowAll(true)}>
          {showAllText}
        </button>
      )}
    </section>
  );
});
