import { z } from 'zod/mini';
import { storedValue } from './storedValue';
import { defineValidatedItem } from './validatedItem';

/**
 * The popup's filters, remembered between openings. The search text is not: a stale query hiding posts the next
 * day surprises more than it helps. `topicsOnly` null means "automatic": on when a followed feed mixes topics.
 */
export const PopupPrefsSchema = z.object({
  tag: z.optional(z.string()),
  unreadOnly: z.boolean(),
  topicsOnly: z.nullable(z.boolean()),
});
export type PopupPrefs = z.infer<typeof PopupPrefsSchema>;

export const popupPrefsValue = storedValue('local:popupPrefs', PopupPrefsSchema, () => ({
  unreadOnly: false,
  topicsOnly: null,
}));
export const popupPrefsItem = defineValidatedItem(popupPrefsValue, { version: 1 });
