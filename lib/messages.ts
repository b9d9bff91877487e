import { browser, type Browser } from 'wxt/browser';
import { z } from 'zod/mini';
import { CardAnswerSchema } from './content/cardData';
import { DiscoveredFeedSchema } from './feed/article';
import { NotificationSettingsSchema } from './store/settings';
import { t, uiLocale } from './i18n/t';
import { RuleSchema } from './rules/rule';

// Over 200 lines on purpose: a message's schema, its reply's schema, who may send it and how a refusal is worded
// are one contract, changed together whenever a message is added; split by kind, every new message would touch
// each piece, and the compiler's check that every request has a handler and a reply would span them all.
//
// Every message to the background has a schema and a kind of sender. Page requests come from the extension's own
// pages (popup, options) and may change anything; card requests come from the summary card's content script on a
// web page and can only ask about, or switch off, that page's own site: they carry no address, the background
// takes it from the browser (`sender.url`), so a page cannot ask about another. The receiver validates; an unknown,
// malformed or misdirected message is ignored. Every response says ok or carries an error a person can read.

/**
 * Each set of schemas is built on its first use, not when this module loads: a page sends its first message after
 * its first paint, and building these (some sixty zod schemas) was part of the popup's start.
 */
function builtOnce<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}

export const pageRequestSchema = builtOnce(() => {
  const UpToSchema = z.record(z.string(), z.int().check(z.nonnegative()));
  const Minutes = z.int().check(z.minimum(5), z.maximum(1440));
  const text = (max: number) => z.string().check(z.maxLength(max));
  return z.discriminatedUnion('type', [
    z.object({ type: z.literal('syncNow'), feedId: z.optional(z.string()) }),
    z.object({ type: z.literal('addFeed'), url: text(2048) }),
    z.object({ type: z.literal('removeFeed'), feedId: z.string() }),
    z.object({ type: z.literal('restoreDemoFeed') }),
    z.object({ type: z.literal('setPollInterval'), minutes: Minutes }),
    // `upTo`: per feed, the newest arrival number the page showed (see lib/store/marks.ts).
    z.object({ type: z.literal('markAllSeen'), upTo: z.optional(UpToSchema) }),
    z.object({
      type: z.literal('setRead'),
      keys: z.array(text(4096)).check(z.maxLength(10_000)),
      read: z.boolean(),
    }),
    z.object({ type: z.literal('markAllRead'), upTo: z.optional(UpToSchema) }),
    // The first screen the background keeps composed is stale (lib/popup/composedScreen.ts): a page had to compose
    // its own, or a page changed what it is composed from (the popup's filters, the topics).
    z.object({ type: z.literal('composeFirstScreen') }),
    z.object({
      type: z.literal('trimFeed'),
      feedId: z.string(),
      keep: z.int().check(z.minimum(1), z.maximum(5000)),
    }),
    z.object({ type: z.literal('renameFeed'), feedId: z.string(), name: text(200) }),
    z.object({ type: z.literal('moveFeed'), feedId: z.string(), direction: z.enum(['up', 'down']) }),
    z.object({ type: z.literal('setFeedPaused'), feedId: z.string(), paused: z.boolean() }),
    z.object({
      type: z.literal('setFeedInterval'),
      feedId: z.string(),
      minutes: z.nullable(Minutes),
    }),
    z.object({ type: z.literal('setNotifications'), notifications: NotificationSettingsSchema }),
    // The reader's rules (lib/rules): one added or removed, checked again in the background.
    z.object({ type: z.literal('addRule'), rule: RuleSchema }),
    z.object({ type: z.literal('removeRule'), rule: RuleSchema }),
    z.object({ type: z.literal('setFeedNotify'), feedId: z.string(), notify: z.boolean() }),
    z.object({ type: z.literal('importOpml'), text: text(5_000_000) }),
    z.object({ type: z.literal('importBackup'), text: text(20_000_000) }),
    // Summary cards on a source site, after the browser granted its origin.
    z.object({
      type: z.literal('setCardSite'),
      site: z.string().check(z.minLength(1), z.maxLength(253)),
      enabled: z.boolean(),
    }),
  ]);
});
export type PageRequest = z.infer<ReturnType<typeof pageRequestSchema>>;
export type PageRequestType = PageRequest['type'];

/** The summary card's requests (lib/content/cardData.ts sends them). About the sender's own page, so no URL. */
export const cardRequestSchema = builtOnce(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('postsForPage') }),
    z.object({ type: z.literal('hideCardsOnSite') }),
  ]),
);
export type CardRequest = z.infer<ReturnType<typeof cardRequestSchema>>;
export type CardRequestType = CardRequest['type'];

/** The answers' common shapes: ok, or a failure a person can read. */
const answerShapes = builtOnce(() => {
  const Failure = z.object({ ok: z.literal(false), error: z.object({ message: z.string() }) });
  const Ack = z.discriminatedUnion('ok', [z.object({ ok: z.literal(true) }), Failure]);
  const withFailure = <T extends z.core.$ZodLooseShape>(shape: T) =>
    z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), ...shape }), Failure]);
  return { Failure, Ack, withFailure };
});

export const pageResponseSchemas = builtOnce(() => {
  const { Failure, Ack, withFailure } = answerShapes();
  return {
    syncNow: withFailure({ checked: z.number(), failed: z.number(), newCount: z.number() }),
    addFeed: z.discriminatedUnion('ok', [
      z.object({
        ok: z.literal(true),
        feed: z.object({ id: z.string(), title: z.string(), articleCount: z.number() }),
      }),
      // `discovered`: the address was a web page that links these feeds; the options page offers them.
      z.extend(Failure, { discovered: z.optional(z.array(DiscoveredFeedSchema)) }),
    ]),
    removeFeed: Ack,
    restoreDemoFeed: Ack,
    setPollInterval: Ack,
    markAllSeen: Ack,
    setRead: Ack,
    markAllRead: Ack,
    composeFirstScreen: Ack,
    trimFeed: withFailure({ removed: z.number() }),
    renameFeed: Ack,
    moveFeed: Ack,
    setFeedPaused: Ack,
    setFeedInterval: Ack,
    setNotifications: Ack,
    addRule: Ack,
    removeRule: Ack,
    setFeedNotify: Ack,
    importOpml: withFailure({ added: z.number(), skipped: z.number() }),
    // `leftOut`: feed entries the backup held that could not be restored, each named with its reason.
    importBackup: withFailure({
      feeds: z.number(),
      leftOut: z.optional(z.array(z.object({ name: z.string(), reason: z.string() }))),
    }),
    setCardSite: Ack,
  } satisfies Record<PageRequestType, z.ZodMiniType>;
});

export const cardResponseSchemas = builtOnce(() => {
  const { Ack } = answerShapes();
  return {
    // One schema for the card's answer, in zod/mini: the content script validates it (lib/content/cardData.ts).
    postsForPage: CardAnswerSchema,
    hideCardsOnSite: Ack,
  } satisfies Record<CardRequestType, z.ZodMiniType>;
});

export type ResponseFor<T extends PageRequestType> = z.infer<ReturnType<typeof pageResponseSchemas>[T]>;
export type RequestOf<T extends PageRequestType> = Extract<PageRequest, { type: T }>;
export type PageHandlers = { [T in PageRequestType]: (request: RequestOf<T>) => Promise<ResponseFor<T>> };

export type CardResponseFor<T extends CardRequestType> = z.infer<ReturnType<typeof cardResponseSchemas>[T]>;
/** The page a card request came from, as the browser reports it (never as the message says). */
export type CardSender = { pageUrl: string };
export type CardHandlers = {
  [T in CardRequestType]: (
    request: Extract<CardRequest, { type: T }>,
    sender: CardSender,
  ) => Promise<CardResponseFor<T>>;
};

/** Sends a page request to the background and validates its answer. Never throws for an expected failure. */
export async function sendMessage<T extends PageRequestType>(request: RequestOf<T>): Promise<ResponseFor<T>> {
  const schema = pageResponseSchemas()[request.type as T];
  const checked = pageRequestSchema().safeParse(request);
  if (!checked.success)
    return { ok: false, error: { message: refusalText(request, checked.error.issues[0]) } } as never;
  try {
    const raw = await browser.runtime.sendMessage(checked.data);
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data as ResponseFor<T>;
    return { ok: false, error: { message: 'The extension sent an unexpected answer; try again.' } } as ResponseFor<T>;
  } catch (error) {
    return {
      ok: false,
      error: { message: `The extension's background did not answer (${(error as Error).message}).` },
    } as ResponseFor<T>;
  }
}

/**
 * What a person did that the request's schema refuses, in their words: a file, an address or a name too long (the
 * limits a person can reach from the options page), else which value could not be sent. Never zod's own text.
 */
function refusalText(request: object, issue: z.core.$ZodIssue | undefined): string {
  const field = String(issue?.path[0] ?? '');
  const value = (request as Record<string, unknown>)[field];
  if (issue?.code === 'too_big' && typeof value === 'string') {
    const max = Number(issue.maximum);
    if (field === 'text') return t('err_fileTooLarge', megabytes(value.length), megabytes(max));
    if (field === 'url')
      return t('err_addressTooLong', value.length.toLocaleString(uiLocale()), max.toLocaleString(uiLocale()));
    if (field === 'name')
      return t('err_nameTooLong', value.length.toLocaleString(uiLocale()), max.toLocaleString(uiLocale()));
  }
  return t('err_requestRefused', field || (request as { type?: string }).type || '?');
}

/** Characters as megabytes for a person (a file's text is mostly one byte a character): "50", "4.8". */
function megabytes(chars: number): string {
  return (chars / 1e6).toLocaleString(uiLocale(), { maximumFractionDigits: chars < 1e7 ? 1 : 0 });
}

export type SenderKind = { kind: 'page' } | { kind: 'card'; pageUrl: string };

/**
 * Who sent a message, from what the browser says about the sender (which a web page cannot forge), or undefined
 * for anyone else. A page is one of the extension's own documents, not shown inside a web page's tab (none is
 * web-accessible, so that would be a browser bug, but it costs one check). A card is a content script in the top
 * frame of a tab showing an http(s) page. Its address is the tab's committed URL, which follows the page's own
 * `history.pushState` (Chrome's `sender.url` stays the address the document was loaded at) but not a navigation
 * the page starts and stops (`location.href = …; window.stop()`); and it must be on the sending document's own
 * origin, so a message that crosses a navigation to another site is not answered about that site.
 */
export function classifySender(sender: Browser.runtime.MessageSender): SenderKind | undefined {
  if (sender.id !== browser.runtime.id) return undefined;
  const ownRoot = browser.runtime.getURL('/');
  if ((sender.url ?? '').startsWith(ownRoot)) {
    return isWebUrl(sender.tab?.url) ? undefined : { kind: 'page' };
  }
  if (!sender.tab || (sender.frameId !== undefined && sender.frameId !== 0)) return undefined;
  const pageUrl = sender.tab.url ?? sender.url;
  const documentOrigin = (sender as { origin?: string }).origin ?? originOf(sender.url);
  if (!isWebUrl(pageUrl) || (documentOrigin && originOf(pageUrl) !== documentOrigin)) return undefined;
  return { kind: 'card', pageUrl };
}

function isWebUrl(url: string | undefined): url is string {
  return !!url && /^https?:\/\//i.test(url);
}

function originOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
}

function answer(type: string, run: () => Promise<unknown>): Promise<unknown> {
  return run().catch((error: unknown) => {
    console.error('AI Safety Brief: handler failed', type, error);
    return { ok: false, error: { message: `Something went wrong: ${(error as Error)?.message ?? String(error)}` } };
  });
}

/**
 * The background's `runtime.onMessage` listener: finds out who sent the message, validates it against that
 * sender's requests only, dispatches, and turns a crash in a handler into an error answer. A message that is not
 * ours, or a page request from a web page's content script, gets no answer.
 */
export function createMessageListener(
  handlers: { page: PageHandlers; card: CardHandlers },
  /** Runs before any handler (the background prepares its store). */
  beforeEach: () => Promise<void> = async () => {},
) {
  return (message: unknown, sender: Browser.runtime.MessageSender): Promise<unknown> | undefined => {
    const from = classifySender(sender);
    if (from?.kind === 'page') {
      const parsed = pageRequestSchema().safeParse(message);
      if (!parsed.success) return undefined;
      const handler = handlers.page[parsed.data.type] as (r: PageRequest) => Promise<unknown>;
      return answer(parsed.data.type, () => beforeEach().then(() => handler(parsed.data)));
    }
    if (from?.kind === 'card') {
      const parsed = cardRequestSchema().safeParse(message);
      if (!parsed.success) return undefined;
      const handler = handlers.card[parsed.data.type] as (r: CardRequest, s: CardSender) => Promise<unknown>;
      return answer(parsed.data.type, () => beforeEach().then(() => handler(parsed.data, { pageUrl: from.pageUrl })));
    }
    return undefined;
  };
}
