import { emptyMarks, FeedMarksSchema, salvageMarks, type FeedMarks } from './marks';
import { reasonOf, setAside } from './quarantine';

/**
 * A stored marks value, or empty marks when there is none. A malformed one is set aside (and logged) and kept as far
 * as it still validates, field by field: never replaced by empty marks, which the next write would store.
 */
export function parseMarks(raw: unknown, where: string): FeedMarks {
  if (raw === undefined || raw === null) return emptyMarks();
  const parsed = FeedMarksSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  setAside(where, reasonOf(parsed.error, 'invalid read marks'), raw);
  return salvageMarks(raw);
}
