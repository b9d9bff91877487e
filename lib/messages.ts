import { browser, type Browser } from 'wxt/browser';
import { z } from 'zod';
import { DiscoveredFeedSchema } from './feed/article';
import { NotificationSettingsSchema } from './store/settings';

// Every message between the popup/options pages and the background has a schema. The receiver validates;
// an unknown or malformed message is ignored. Every response says ok or carries an error a person can read.

const UpToSchema = z.record(z.string(), z.number().int().nonnegative());

export const RequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('syncNow'), feedId: z.string().optional() }),
  z.object({ type: z.literal('addFeed'), url: z.string().max(2048) }),
  z.object({ type: z.literal('removeFeed'), feedId: z.string() }),
  z.object({ type: z.literal('restoreDemoFeed') }),
  z.object({ type: z.literal('setPollInterval'), minutes: z.number().int().min(5).max(1440) }),
  // `upTo`: per feed, the newest arrival number the page showed (see lib/store/marks.ts).
  z.object({ type: z.literal('markAllSeen'), upTo: UpToSchema.optional() }),
  z.object({ type: z.literal('setRead'), keys: z.array(z.string().max(4096)).max(10_000), read: z.boolean() }),
  z.object({ type: z.literal('markAllRead'), upTo: UpToSchema.optional() }),
  z.object({ type: z.literal('trimFeed'), feedId: z.string(), keep: z.number().int().min(1).max(5000) }),
  z.object({ type: z.literal('renameFeed'), feedId: z.string(), name: z.string().max(200) }),
  z.object({ type: z.literal('moveFeed'), feedId: z.string(), direction: z.enum(['up', 'down']) }),
  z.object({ type: z.literal('setFeedPaused'), feedId: z.string(), paused: z.boolean() }),
  z.object({ type: z.literal('setFeedInterval'), feedId: z.string(), minutes: z.number().int().min(5).max(1440).nullable() }),
  z.object({ type: z.literal('setNotifications'), notifications: NotificationSettingsSchema }),
  z.object({ type: z.literal('importOpml'), text: z.string().max(5_000_000) }),
  z.object({ type: z.literal('importBackup'), text: z.string().max(20_000_000) }),
  // From the summary card's content script (see lib/content/).
  z.object({ type: z.literal('postsForPage'), url: z.string().max(4096) }),
  z.object({ type: z.literal('hideCardsOnSite'), url: z.string().max(4096) }),
  // From the options page: summary cards on a source site, after the browser granted its origin.
  z.object({ type: z.literal('setCardSite'), site: z.string().min(1).max(253), enabled: z.boolean() }),
]);
export type Request = z.infer<typeof RequestSchema>;
export type RequestType = Request['type'];

const Failure = z.object({ ok: z.literal(false), error: z.object({ message: z.string() }) });
const Ack = z.discriminatedUnion('ok', [z.object({ ok: z.literal(true) }), Failure]);
const withFailure = <T extends z.ZodRawShape>(shape: T) =>
  z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), ...shape }), Failure]);

export const ResponseSchemas = {
  syncNow: withFailure({ checked: z.number(), failed: z.number(), newCount: z.number() }),
  addFeed: z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), feed: z.object({ id: z.string(), title: z.string(), articleCount: z.number() }) }),
    // `discovered`: the address was a web page that links these feeds; the options page offers them.
    Failure.extend({ discovered: z.array(DiscoveredFeedSchema).optional() }),
  ]),
  removeFeed: Ack,
  restoreDemoFeed: Ack,
  setPollInterval: Ack,
  markAllSeen: Ack,
  setRead: Ack,
  markAllRead: Ack,
  trimFeed: withFailure({ removed: z.number() }),
  renameFeed: Ack,
  moveFeed: Ack,
  setFeedPaused: Ack,
  setFeedInterval: Ack,
  setNotifications: Ack,
  importOpml: withFailure({ added: z.number(), skipped: z.number() }),
  importBackup: withFailure({ feeds: z.number() }),
  postsForPage: z.object({
    ok: z.literal(true),
    posts: z.array(z.object({ title: z.string(), summary: z.string(), tags: z.array(z.string()), url: z.string().optional(), feedTitle: z.string() })),
  }),
  hideCardsOnSite: Ack,
  setCardSite: Ack,
} satisfies Record<RequestType, z.ZodType>;

export type ResponseFor<T extends RequestType> = z.infer<(typeof ResponseSchemas)[T]>;
export type RequestOf<T extends RequestType> = Extract<Request, { type: T }>;
export type Handlers = { [T in RequestType]: (request: RequestOf<T>) => Promise<ResponseFor<T>> };

/** Sends a request to the background and validates its answer. Never throws for an expected failure. */
export async function sendMessage<T extends RequestType>(request: RequestOf<T>): Promise<ResponseFor<T>> {
  const schema = ResponseSchemas[request.type as T];
  try {
    const raw = await browser.runtime.sendMessage(RequestSchema.parse(request));
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data as ResponseFor<T>;
    return { ok: false, error: { message: 'The extension sent an unexpected answer; try again.' } } as ResponseFor<T>;
  } catch (error) {
    return { ok: false, error: { message: `The extension's background did not answer (${(error as Error).message}).` } } as ResponseFor<T>;
  }
}

/**
 * The background's `runtime.onMessage` listener: validates, dispatches, and turns a crash in a handler into an
 * error answer. Messages that are not ours (or come from outside the extension) get no answer.
 */
export function createMessageListener(handlers: Handlers, beforeEach: () => Promise<void> = async () => {}) {
  return (message: unknown, sender: Browser.runtime.MessageSender): Promise<unknown> | undefined => {
    if (sender.id !== browser.runtime.id) return undefined;
    const parsed = RequestSchema.safeParse(message);
    if (!parsed.success) return undefined;
    const request = parsed.data;
    const handler = handlers[request.type] as (r: Request) => Promise<unknown>;
    return beforeEach().then(() => handler(request)).catch((error: unknown) => {
      console.error('AI Safety Brief: handler failed', request.type, error);
      return { ok: false, error: { message: `Something went wrong: ${(error as Error)?.message ?? String(error)}` } };
    });
  };
}
