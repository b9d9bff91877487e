import { emptyMarks, FeedMarksSchema, type FeedMarks } from './marks';
import { reasonOf, setAside } from './quarantine';

/** A stored marks value, or empty marks when there is none; a malformed one is set aside (and logged). */
export function parseMarks(raw: unknown, where: string): FeedMarks {
  if (raw === undefined || raw === null) return emptyMarks();
  const parsed = FeedMarksSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  setAside(where, reasonOf(parsed.error, 'invalid read marks'), raw);
  return emptyMarks();
}
