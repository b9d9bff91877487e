import { memo, useState } from 'react';
import { t } from '@/lib/i18n/t';
import { sendMessage } from '@/lib/messages';
import { requestPermission } from '@/lib/permissions/optional';
import type { NotificationSettings as Settings, QuietHours } from '@/lib/store/settings';

const toTime = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const fromTime = (value: string) => {
  const [h, m] = value.split(':').map(Number);
  return Number.isFinite(h) && Number.isFinite(m) ? Math.min(1439, h! * 60 + m!) : 0;
};
const DEFAULT_QUIET: QuietHours = { start: 22 * 60, end: 7 * 60 };

/** Opt-in system notifications (the permission is asked for when turned on) and quiet hours. */
export const NotificationSettings = memo(function NotificationSettings({ notifications }: { notifications: Settings }) {
  const [notice, setNotice] = useState('');
  const save = (next: Settings) => void sendMessage({ type: 'setNotifications', notifications: next });

  const toggle = async (enabled: boolean) => {
    setNotice('');
    if (enabled) {
      // Straight from the click: the browser only asks inside a user gesture.
      const permission = await requestPermission({ permissions: ['notifications'] }, t('options_notifyDenied'));
      if (!permission.ok) return setNotice(permission.message);
    }
    save({ ...notifications, enabled });
  };
  const quiet = notifications.quietHours;
  return (
    <section aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">{t('options_notifications')}</h2>
      <label className="toggle">
        <input type="checkbox" checked={notifications.enabled} onChange={(e) => void toggle(e.target.checked)} />
        {t('options_notifyNew')}
      </label>
      <p className="muted">{t('options_notifyHelp')}</p>
      <div className="row">
        <label className="toggle">
          <input
            type="checkbox"
            checked={!!quiet}
            disabled={!notifications.enabled}
            onChange={(e) => save({ ...notifications, quietHours: e.target.checked ? DEFAULT_QUIET : null })}
          />
          {t('options_quietHours')}
        </label>
        {quiet && (
          <>
            <label>
              {t('options_quietFrom')}{' '}
              <input
                type="time"
                value={toTime(quiet.start)}
                onChange={(e) => save({ ...notifications, quietHours: { ...quiet, start: fromTime(e.target.value) } })}
              />
            </label>
            <label>
              {t('options_quietTo')}{' '}
              <input
                type="time"
                value={toTime(quiet.end)}
                onChange={(e) => save({ ...notifications, quietHours: { ...quiet, end: fromTime(e.target.value) } })}
              />
            </label>
          </>
        )}
      </div>
      {notice && (
        <p className="status status--error" role="alert">
          {notice}
        </p>
      )}
    </section>
  );
});
