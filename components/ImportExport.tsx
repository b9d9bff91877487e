import { memo, useEffect, useState, type ChangeEvent } from 'react';
import { createBackup } from '@/lib/io/backup';
import { feedsToOpml } from '@/lib/io/opml';
import { backupRestoredText, feedsImportedText } from '@/lib/i18n/counted';
import { t, uiLocale } from '@/lib/i18n/t';
import { sendMessage } from '@/lib/messages';
import { missingFeedOrigins } from '@/lib/permissions/feedOrigin';
import { requestPermission } from '@/lib/permissions/optional';
import { exportReadState } from '@/lib/sync/backupMarks';
import { useCheckedCount } from './useCheckedCount';
import { ONLY_WEB_ADDRESSES, type Settings } from '@/lib/store/settings';

/** The feeds a backup brought that were left out, with why ("" when none). */
function leftOutText(leftOut: { name: string; reason: string }[] = []): string {
  if (!leftOut.length) return '';
  const reasonOf = (reason: string) => (reason === ONLY_WEB_ADDRESSES ? t('import_notWebAddress') : reason);
  return ` ${t('options_leftOut', leftOut.map(({ name, reason }) => `${name} (${reasonOf(reason)})`).join('; '))}`;
}

type Status = { kind: 'done' | 'error'; text: string } | undefined;

/** Saves `text` as a file through a download link (no `downloads` permission needed). */
function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** OPML import/export of the feed list, and a JSON backup of settings and read state. */
export const ImportExport = memo(function ImportExport({ settings }: { settings: Settings }) {
  const [status, setStatus] = useState<Status>();
  // After an import, its feeds are fetched in the background: how many have been, until all have.
  const [imported, setImported] = useState(false);
  const [missingOrigins, setMissingOrigins] = useState<string[]>([]);
  const followed = settings.feeds.map((feed) => feed.id);
  const checked = useCheckedCount(followed, imported);

  // Imported feeds need their sites' permission, which only a click can ask for: offer one button for all.
  const checkOrigins = async (urls: string[]) => setMissingOrigins(await missingFeedOrigins(urls));

  /** Reads the chosen file, has the background import it (`send`), and says what came of it (`done`: in words). */
  const importFile = async <R,>(
    event: ChangeEvent<HTMLInputElement>,
    send: (text: string) => Promise<({ ok: true } & R) | { ok: false; error: { message: string } }>,
    done: (result: R) => string,
  ) => {
    const file = event.target.files?.[0];
    // Emptied, so choosing the same file again is a change too.
    event.target.value = '';
    if (!file) return;
    const result = await send(await file.text());
    setStatus(result.ok ? { kind: 'done', text: done(result) } : { kind: 'error', text: result.error.message });
    if (result.ok) setImported(true);
  };
  const importOpml = (event: ChangeEvent<HTMLInputElement>) =>
    importFile(
      event,
      (text) => sendMessage({ type: 'importOpml', text }),
      (result) => feedsImportedText(result.added, result.skipped),
    );
  const importBackup = (event: ChangeEvent<HTMLInputElement>) =>
    importFile(
      event,
      (text) => sendMessage({ type: 'importBackup', text }),
      (result) => backupRestoredText(result.feeds) + leftOutText(result.leftOut),
    );
  // Straight from the click. Refused: nothing is said; the button stays for another try.
  const allowSites = async () => {
    if (!(await requestPermission({ origins: missingOrigins }, '')).ok) return;
    setMissingOrigins([]);
    await sendMessage({ type: 'syncNow' });
  };
  // After an import, see which feeds' sites still need the reader's permission.
  const feedUrls = settings.feeds.filter((feed) => !feed.demo).map((feed) => feed.url);
  const urlsKey = feedUrls.join('\n');
  useEffect(() => void checkOrigins(urlsKey ? urlsKey.split('\n') : []), [urlsKey]);

  return (
    <section aria-labelledby="backup-heading">
      <h2 id="backup-heading">{t('options_backup')}</h2>
      <p className="muted">{t('options_backupHelp')}</p>
      <div className="row wrap">
        <button
          type="button"
          onClick={() => download('ai-safety-brief-feeds.opml', 'text/x-opml', feedsToOpml(settings.feeds))}
        >
          {t('options_exportOpml')}
        </button>
        <label className="file-button">
          {t('options_importOpml')}
          <input
            type="file"
            accept=".opml,.xml,text/xml,application/xml,text/x-opml"
            onChange={(e) => void importOpml(e)}
          />
        </label>
        <button
          type="button"
          onClick={async () =>
            download(
              'ai-safety-brief-backup.json',
              'application/json',
              createBackup(settings, await exportReadState(settings.feeds.map((feed) => feed.id))),
            )
          }
        >
          {t('options_exportBackup')}
        </button>
        <label className="file-button">
          {t('options_importBackup')}
          <input type="file" accept=".json,application/json" onChange={(e) => void importBackup(e)} />
        </label>
      </div>
      {status && (
        <p className={`status status--${status.kind}`} role={status.kind === 'error' ? 'alert' : 'status'}>
          {status.text}
        </p>
      )}
      {imported && checked !== undefined && checked < followed.length && (
        <p className="status" role="status">
          {t(
            'options_importProgress',
            checked.toLocaleString(uiLocale()),
            settings.feeds.length.toLocaleString(uiLocale()),
          )}
        </p>
      )}
      {missingOrigins.length > 0 && (
        <button type="button" onClick={() => void allowSites()}>
          {t('options_allowSites')} ({missingOrigins.length})
        </button>
      )}
    </section>
  );
});
