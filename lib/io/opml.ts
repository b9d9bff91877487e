import { generateOpml, parseOpml } from 'feedsmith';
import { z } from 'zod/mini';
import { capText } from '../feed/limits';
import { cleanText } from '../feed/text';
import { resolveHttpUrl, withoutCredentials } from '../feed/url';
import { type FeedConfig } from '../store/settings';
import { feedDisplayName } from '../digest/digest';
import { t, uiLocale } from '../i18n/t';
import { MAX_IMPORTED_FEEDS } from './limits';

// The feed list as OPML, the format every feed reader imports and exports. feedsmith writes and reads the XML
// (escaping included); zod checks what comes out of a file before anything is saved.

/** The followed feeds as an OPML 2.0 document (the bundled demo feed is not a real address, so it is left out). */
export function feedsToOpml(feeds: FeedConfig[], now = new Date()): string {
  return generateOpml({
    head: { title: 'AI Safety Brief feeds', dateCreated: now },
    body: {
      outlines: feeds
        .filter((feed) => !feed.demo)
        .map((feed) => ({ text: feedDisplayName(feed), title: feedDisplayName(feed), type: 'rss', xmlUrl: feed.url })),
    },
  });
}

type Outline = { text?: string; title?: string; xmlUrl?: string; outlines?: Outline[] };
const OutlineSchema: z.ZodMiniType<Outline> = z.lazy(() =>
  z.object({
    text: z.optional(z.string()),
    title: z.optional(z.string()),
    xmlUrl: z.optional(z.string()),
    outlines: z.optional(z.array(OutlineSchema)),
  }),
);
const OpmlSchema = z.object({ body: z.optional(z.object({ outlines: z.optional(z.array(OutlineSchema)) })) });

export type OpmlFeed = { url: string; title?: string };

/**
 * The feeds an OPML file lists (folders flattened, duplicates dropped, only http(s) addresses, without user names
 * or passwords), or an error in words; a file that lists more than MAX_IMPORTED_FEEDS is refused whole. Nothing is saved here: the caller decides.
 */
export function feedsFromOpml(
  text: string,
): { ok: true; feeds: OpmlFeed[]; skipped: number } | { ok: false; message: string } {
  let document: unknown;
  try {
    document = parseOpml(text);
  } catch {
    return { ok: false, message: t('err_notOpml') };
  }
  const parsed = OpmlSchema.safeParse(document);
  if (!parsed.success) return { ok: false, message: t('err_opmlDamaged') };
  const feeds: OpmlFeed[] = [];
  let skipped = 0;
  const seen = new Set<string>();
  let listed = 0;
  const walk = (outlines: Outline[], depth: number) => {
    for (const outline of outlines) {
      if (outline.xmlUrl !== undefined) {
        listed++;
        // Another reader's export may carry a user name and password in an address: kept without them.
        const url = resolveHttpUrl(withoutCredentials(outline.xmlUrl.trim()));
        if (!url) skipped++;
        else if (!seen.has(url)) {
          seen.add(url);
          feeds.push({ url, title: capText(cleanText(outline.title ?? outline.text ?? ''), 'opmlTitle') || undefined });
        }
      }
      if (outline.outlines && depth < 10) walk(outline.outlines, depth + 1);
    }
  };
  walk(parsed.data.body?.outlines ?? [], 0);
  if (listed > MAX_IMPORTED_FEEDS)
    return {
      ok: false,
      message: t('err_tooManyFeeds', listed.toLocaleString(uiLocale()), MAX_IMPORTED_FEEDS.toLocaleString(uiLocale())),
    };
  if (!feeds.length && !skipped) return { ok: false, message: t('err_opmlEmpty') };
  return { ok: true, feeds, skipped };
}
