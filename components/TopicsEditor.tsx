import { memo, useEffect, useState } from 'react';
import { t } from '@/lib/i18n/t';
import { sendMessage } from '@/lib/messages';
import { DEFAULT_TOPIC_TERMS, parseTopicTerms, topicsItem } from '@/lib/topics/topics';
import { useStoredValue } from './useStoredValue';

/** The AI-safety topic filter's terms, one per line: what the popup's "AI safety only" keeps. */
export const TopicsEditor = memo(function TopicsEditor() {
  const topics = useStoredValue(topicsItem);
  const [text, setText] = useState<string>();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (topics && text === undefined) setText(topics.terms.join('\n'));
  }, [topics, text]);

  const save = async (terms: string[]) => {
    await topicsItem.set({ terms });
    // The popup's kept first screen was composed with the old topics: composed again now, not at its next opening.
    void sendMessage({ type: 'composeFirstScreen' });
    setText(terms.join('\n'));
    setSaved(true);
  };
  return (
    <section aria-labelledby="topics-heading">
      <h2 id="topics-heading">{t('topics_heading')}</h2>
      <p id="topics-help" className="muted">
        {t('topics_help')}
      </p>
      <textarea
        id="topic-terms"
        aria-label={t('topics_label')}
        aria-describedby="topics-help"
        rows={8}
        value={text ?? ''}
        disabled={text === undefined}
        onChange={(e) => (setText(e.target.value), setSaved(false))}
      />
      <div className="row">
        <button type="button" disabled={text === undefined} onClick={() => void save(parseTopicTerms(text ?? ''))}>
          {t('topics_save')}
        </button>
        <button type="button" onClick={() => void save([...DEFAULT_TOPIC_TERMS])}>
          {t('topics_reset')}
        </button>
        <span role="status" className="muted">
          {saved ? t('topics_saved') : ''}
        </span>
      </div>
    </section>
  );
});
