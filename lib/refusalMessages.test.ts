import { describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import german from '@/public/_locales/de/messages.json';
import { fromCatalogue } from './i18n/catalogue';
import { sendMessage } from './messages';

// What a person can send from the options page that a request's schema refuses is said in their words, before
// anything reaches the background: a 50 MB backup was refused with "The extension's background did not answer
// ([{"origin":"string","code":"too_big"…".

describe('a request the schema refuses', () => {
  it('names the problem: a file too large, an address or a name too long', async () => {
    const send = vi.spyOn(browser.runtime, 'sendMessage');
    expect(await sendMessage({ type: 'importBackup', text: 'x'.repeat(50_000_000) })).toEqual({
      ok: false,
      error: { message: 'This file is too large: 50 MB; the limit is 20 MB. Nothing was changed.' },
    });
    expect(await sendMessage({ type: 'importOpml', text: 'x'.repeat(5_400_000) })).toEqual({
      ok: false,
      error: { message: 'This file is too large: 5.4 MB; the limit is 5 MB. Nothing was changed.' },
    });
    expect(await sendMessage({ type: 'addFeed', url: `https://a.test/${'x'.repeat(3000)}` })).toEqual({
      ok: false,
      error: { message: 'This address is too long: 3,015 characters; the limit is 2,048.' },
    });
    expect(await sendMessage({ type: 'renameFeed', feedId: 'a', name: 'n'.repeat(250) })).toEqual({
      ok: false,
      error: { message: 'This name is too long: 250 characters; the limit is 200.' },
    });
    expect(await sendMessage({ type: 'trimFeed', feedId: 'a', keep: 0 })).toEqual({
      ok: false,
      error: { message: 'The extension cannot accept this value (keep). Nothing was changed.' },
    });
    expect(send).not.toHaveBeenCalled();
  });

  it('in German too', async () => {
    vi.spyOn(browser.i18n, 'getMessage').mockImplementation(((key: string, subs?: string[]) =>
      fromCatalogue(german, key, subs ?? [])) as never);
    vi.spyOn(browser.i18n, 'getUILanguage').mockReturnValue('de');
    expect(await sendMessage({ type: 'importBackup', text: 'x'.repeat(50_000_000) })).toEqual({
      ok: false,
      error: { message: 'Diese Datei ist zu groß: 50 MB; die Grenze liegt bei 20 MB. Es wurde nichts geändert.' },
    });
    expect(await sendMessage({ type: 'addFeed', url: `https://a.test/${'x'.repeat(3000)}` })).toMatchObject({
      error: { message: 'Diese Adresse ist zu lang: 3.015 Zeichen; die Grenze liegt bei 2.048.' },
    });
  });
});
