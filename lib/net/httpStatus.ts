import { localisable, type Localisable } from '../i18n/catalogue';

/** An HTTP status in words a person understands, with what to do about it (in any language, see `Localisable`). */
export function describeHttpStatus(status: number): Localisable {
  if (status === 404) return localisable('err_http404');
  if (status === 410) return localisable('err_http410');
  if (status === 401 || status === 403) return localisable('err_httpRefused', status);
  if (status === 429) return localisable('err_http429');
  if (status >= 500) return localisable('err_http5xx', status);
  return localisable('err_httpOther', status);
}
