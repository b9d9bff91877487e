import { z } from 'zod';
import { defineValidatedItem } from '../store/validatedItem';

/**
 * When each feed was last checked, 304s and unchanged 200s included. Session storage (memory, cleared when the
 * browser closes), so a check that changes nothing writes nothing to disk; pages read it for "Updated … ago".
 */
export const lastCheckedItem = defineValidatedItem('session:lastChecked', z.record(z.string(), z.number()), {
  fallback: () => ({}),
  version: 1,
});
