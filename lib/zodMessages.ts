import { config, locales } from 'zod/mini';

// zod/mini leaves its issues' messages in English only when asked ("Invalid input" otherwise). The background
// asks: its messages reach people (a damaged backup's reason, a feed that is not a JSON Feed) and the quarantine.
// Pages log what they drop and never show a zod message, so they keep the kilobyte (see `issueText`).
config(locales.en());
