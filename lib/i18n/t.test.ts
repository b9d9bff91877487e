import { describe, expect, it } from 'vitest';
import { t } from './t';

describe('t', () => {
  it('falls back to the bundled English catalogue and fills placeholders', () => {
    expect(t('extName')).toBe('AI Safety Brief');
  });
});
