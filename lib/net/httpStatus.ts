import { t } from '../i18n/t';

/** An HTTP status in words a person understands, with what to do about it. */
export function describeHttpStatus(status: number): string {
  if (status === 404) return t('err_http404');
  if (status === 410) return t('err_http410');
  if (status === 401 || status === 403) return t('err_httpRefused', status);
  if (status === 429) return t('err_http429');
  if (status >= 500) return t('err_http5xx', status);
  return t('err_httpOther', status);
}
