import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { inEnglish, isMessageKey } from '@/lib/i18n/catalogue';

// WXT's fake browser has no in-memory `permissions`, `scripting` or `i18n.getMessage`. These small stand-ins keep the same contract
// (granted origins, registered content scripts, permission events), so the code under test runs unchanged.

type Registered = { id: string; js?: string[]; matches?: string[] };

export const fakeExtras = {
  granted: new Set<string>(),
  grantedPermissions: new Set<string>(),
  registered: new Map<string, Registered>(),
  notifications: new Map<string, { title: string; message: string }>(),
};

function event() {
  const listeners = new Set<(...args: unknown[]) => void>();
  return {
    addListener: (cb: (...args: unknown[]) => void) => void listeners.add(cb),
    removeListener: (cb: (...args: unknown[]) => void) => void listeners.delete(cb),
    hasListener: (cb: (...args: unknown[]) => void) => listeners.has(cb),
    trigger: async (...args: unknown[]) => Promise.all([...listeners].map((cb) => cb(...args))),
  };
}

/** Whether a granted pattern covers `pattern` (the fake treats scheme `*` as http and https, and exact hosts). */
function covers(granted: string, pattern: string): boolean {
  if (granted === pattern) return true;
  const [gScheme, gRest] = granted.split('://') as [string, string];
  const [pScheme, pRest] = pattern.split('://') as [string, string];
  const schemeOk = gScheme === '*' || gScheme === pScheme;
  const gHost = gRest.split('/')[0]!;
  const pHost = pRest.split('/')[0]!;
  const hostOk =
    gHost === '*' ||
    gHost === pHost ||
    (gHost.startsWith('*.') && (pHost === gHost.slice(2) || pHost.endsWith(gHost.slice(1))));
  return schemeOk && hostOk;
}

export function installFakeExtras() {
  // The browser's own i18n, in English (its default locale): a key no catalogue has reads as an empty string.
  (fakeBrowser.i18n as unknown as Record<string, unknown>).getMessage = (key: string, substitutions?: unknown) => {
    const values = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
    return isMessageKey(key) ? inEnglish(key, ...(values as (string | number)[])) : '';
  };
  // The manifest's version names the build that composed a stored first screen (lib/popup/composedScreen.ts).
  (fakeBrowser.runtime as unknown as Record<string, unknown>).getManifest = () => ({
    manifest_version: 3,
    version: '1.0.0',
  });
  fakeExtras.granted.clear();
  fakeExtras.grantedPermissions.clear();
  fakeExtras.registered.clear();
  fakeExtras.notifications.clear();
  const permissions = fakeBrowser.permissions as unknown as Record<string, unknown>;
  permissions.onAdded = event();
  permissions.onRemoved = event();
  // Keyboard shortcuts (the side panel's), and Chrome's side panel, which the fake browser does not have.
  (fakeBrowser.commands as unknown as Record<string, unknown>).onCommand = event();
  vi.stubGlobal('chrome', { sidePanel: { open: vi.fn(async () => undefined) } });
  permissions.contains = vi.fn(
    async ({ origins = [], permissions: names = [] }: { origins?: string[]; permissions?: string[] }) =>
      origins.every((origin) => [...fakeExtras.granted].some((granted) => covers(granted, origin))) &&
      names.every((name) => fakeExtras.grantedPermissions.has(name)),
  );
  permissions.getAll = vi.fn(async () => ({ origins: [...fakeExtras.granted], permissions: [] }));
  permissions.request = vi.fn(async ({ origins = [] }: { origins?: string[] }) => {
    origins.forEach((origin) => fakeExtras.granted.add(origin));
    return true;
  });
  permissions.remove = vi.fn(async ({ origins = [] }: { origins?: string[] }) => {
    origins.forEach((origin) => fakeExtras.granted.delete(origin));
    return true;
  });
  const notifications = fakeBrowser.notifications as unknown as Record<string, unknown>;
  notifications.onClicked = event();
  notifications.create = vi.fn(async (id: string, options: { title: string; message: string }) => {
    fakeExtras.notifications.set(id, { title: options.title, message: options.message });
    return id;
  });
  notifications.clear = vi.fn(async (id: string) => fakeExtras.notifications.delete(id));
  notifications.getAll = vi.fn(async () =>
    Object.fromEntries([...fakeExtras.notifications.keys()].map((id) => [id, true])),
  );
  const scripting = ((fakeBrowser as unknown as Record<string, unknown>).scripting ??= {}) as Record<string, unknown>;
  // As in the browsers: an unknown or duplicate id is an error, and each call takes a turn of the event loop, so
  // two callers' calls can interleave.
  const aTurn = () => new Promise((resolve) => setTimeout(resolve, 0));
  const unknownIds = (ids: string[]) => ids.filter((id) => !fakeExtras.registered.has(id));
  scripting.registerContentScripts = vi.fn(async (scripts: Registered[]) => {
    await aTurn();
    for (const script of scripts) {
      if (fakeExtras.registered.has(script.id)) throw new Error(`Duplicate script ID '${script.id}'`);
    }
    for (const script of scripts) fakeExtras.registered.set(script.id, script);
  });
  scripting.updateContentScripts = vi.fn(async (scripts: Registered[]) => {
    await aTurn();
    const unknown = unknownIds(scripts.map((script) => script.id));
    if (unknown.length) throw new Error(`Nonexistent script ID '${unknown[0]}'`);
    for (const script of scripts)
      fakeExtras.registered.set(script.id, { ...fakeExtras.registered.get(script.id), ...script });
  });
  scripting.unregisterContentScripts = vi.fn(async ({ ids }: { ids: string[] }) => {
    await aTurn();
    const unknown = unknownIds(ids);
    if (unknown.length) throw new Error(`Nonexistent script ID '${unknown[0]}'`);
    ids.forEach((id) => fakeExtras.registered.delete(id));
  });
  scripting.getRegisteredContentScripts = vi.fn(async ({ ids }: { ids?: string[] } = {}) => {
    await aTurn();
    return [...fakeExtras.registered.values()].filter((script) => !ids || ids.includes(script.id));
  });
}
