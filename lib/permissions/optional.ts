import { browser } from 'wxt/browser';
import { t } from '../i18n/t';

// The extension's optional permissions (sites, notifications), asked for, checked and given back in one way. The
// manifest lists what may be asked for (wxt.config.ts); nothing is granted until the reader agrees.

/** Sites (match patterns) and API permissions, as the browser's permissions API takes them. */
export type PermissionRequest = Parameters<typeof browser.permissions.request>[0];

/** Granted, or a sentence for the reader saying why not. */
export type PermissionAnswer = { ok: true } | { ok: false; message: string };

/**
 * Asks the browser for `wanted`; `refused` is what the reader is told when they say no. Call it straight from the
 * click or change handler, with nothing awaited before it: browsers show their prompt only inside a user gesture,
 * and Firefox ends the gesture at the first `await` (the request itself is made before this function first waits).
 * Already granted: no prompt, ok. A browser that fails to ask (no gesture, a pattern the manifest does not offer)
 * is reported in its own words.
 */
export async function requestPermission(wanted: PermissionRequest, refused: string): Promise<PermissionAnswer> {
  try {
    return (await browser.permissions.request(wanted)) ? { ok: true } : { ok: false, message: refused };
  } catch (error) {
    return { ok: false, message: t('err_permissionFailed', error instanceof Error ? error.message : String(error)) };
  }
}

/** Whether the browser grants all of `wanted`; false when it cannot say. */
export async function hasPermission(wanted: PermissionRequest): Promise<boolean> {
  try {
    return await browser.permissions.contains(wanted);
  } catch {
    return false;
  }
}

/** Gives `wanted` back; false when the browser would not (a permission the manifest requires, say). */
export async function releasePermission(wanted: PermissionRequest): Promise<boolean> {
  try {
    return await browser.permissions.remove(wanted);
  } catch {
    return false;
  }
}
