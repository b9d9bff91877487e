import { z } from 'zod/mini';

// What the background tells the summary card about a page: the one schema of that answer, which lib/messages.ts
// lists among the card's responses. The card lives in a content script, so it is zod/mini (a few KB); the
// background side builds the answer from the typed digest.

export const CardPostSchema = z.object({
  title: z.string(),
  summary: z.string(),
  tags: z.array(z.string()),
  url: z.optional(z.string()),
  feedTitle: z.string(),
});
export type CardPost = z.infer<typeof CardPostSchema>;

/** `pageUrl`: the address the answer is about, as the browser reported it for the sending page. */
export const CardAnswerSchema = z.object({ ok: z.literal(true), pageUrl: z.string(), posts: z.array(CardPostSchema) });
export type CardAnswer = z.infer<typeof CardAnswerSchema>;

/**
 * Requests the content script sends (also listed, with full schemas, in lib/messages.ts). Neither names a page: the
 * background answers about, and acts on, the page the browser says the message came from.
 */
export type CardRequest = { type: 'postsForPage' } | { type: 'hideCardsOnSite' };
