/** Resolves `raw` against `base` and keeps it only if it is an http(s) URL; anything else (javascript:, data:, garbage) is dropped. */
export function resolveHttpUrl(raw: unknown, base?: string): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const trimmed = raw.trim();
  if (!trimmed) return undefined;
  try {
    const url = new URL(trimmed, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (!url.hostname) return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

export function isHttpUrl(raw: unknown): raw is string {
  return resolveHttpUrl(raw) !== undefined;
}

/** The host a person recognises: `https://www.reuters.com/x` → `reuters.com`. */
export function displayDomain(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\d*\./, '');
  } catch {
    return '';
  }
}
