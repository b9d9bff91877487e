import { formatRelative } from '../format/dates';
import { t } from '../i18n/t';

// The digest page's header line, shared by the React page (components/digest/DigestPage.tsx) and the plain first
// screen (./firstScreen.ts), which must say the same.

/** "Checking…", "Updated 5 minutes ago", or offline with when the feeds were last checked. */
export function checkStatus(state: {
  refreshing: boolean;
  online: boolean;
  lastSuccess: number;
  now: number;
  locale: string | undefined;
}): string {
  const { refreshing, online, lastSuccess, now, locale } = state;
  if (refreshing) return t('popup_checking');
  const when = lastSuccess ? formatRelative(lastSuccess, now, locale) : undefined;
  if (!online) return when ? t('popup_offline', when) : t('popup_offlineNever');
  return when ? t('popup_updated', when) : '';
}
