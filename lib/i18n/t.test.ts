import { describe, expect, it } from 'vitest';
import { t } from './t';

describe('t', () => {
  it('reads the browser’s catalogue (here the English one)', () => {
    expect(t('extName')).toBe('AI Safety Brief');
  });
});

describe('messages that are shown later, in the reader’s language', () => {
  it('carry their key and values beside the English text', async () => {
    const { localisable } = await import('./catalogue');
    expect(localisable('err_httpRefused', 403)).toEqual({
      message: 'The server refused access to the feed (HTTP 403).',
      code: 'err_httpRefused',
      params: ['403'],
    });
  });

  it('are translated when shown, and fall back to the stored text for a key no catalogue has', async () => {
    const { localised } = await import('./t');
    expect(localised({ message: 'stored', code: 'err_timeout', params: ['20'] })).toBe(
      'The server did not answer within 20 seconds.',
    );
    expect(localised({ message: 'stored text' })).toBe('stored text');
    expect(localised({ message: 'stored text', code: 'no_such_key' })).toBe('stored text');
  });
});
