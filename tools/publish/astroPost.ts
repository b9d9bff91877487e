import { parse as parseYaml } from 'yaml';
import { findSourceLine, repairMojibake } from '../../lib/feed/text';
import { resolveHttpUrl } from '../../lib/feed/url';

/** An Astro-style blog post: YAML front matter (title, description, pubDate, author, tags, image) and markdown. */
export type Post = {
  slug: string;
  title: string;
  description?: string;
  publishedAt: Date;
  author?: string;
  tags: string[];
  image?: string;
  sourceUrl?: string;
  /** The body as plain text, without the closing "Source : <url>" line. */
  text: string;
};

export type PostResult = { ok: true; post: Post; warnings: string[] } | { ok: false; error: string };

const FRONT_MATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

export function parseAstroPost(markdown: string, fileName: string, site: string): PostResult {
  const match = FRONT_MATTER.exec(markdown);
  if (!match) return { ok: false, error: `${fileName}: no front matter (a --- block at the top)` };
  let data: Record<string, unknown>;
  try {
    data = (parseYaml(match[1]!) ?? {}) as Record<string, unknown>;
  } catch (error) {
    return { ok: false, error: `${fileName}: front matter is not valid YAML (${(error as Error).message})` };
  }
  const warnings: string[] = [];
  const text = (key: string): string | undefined => {
    const value = data[key];
    if (typeof value !== 'string') return undefined;
    // The seed's author arrived as `RÃ¶ben`: UTF-8 read as Latin-1 somewhere upstream. Repair it (the rule is
    // in repairMojibake) and say so, so the blog owner fixes the source too.
    const repaired = repairMojibake(value.trim());
    if (repaired !== value.trim()) warnings.push(`${fileName}: repaired mis-encoded ${key} “${value}” → “${repaired}”`);
    return repaired;
  };

  const title = text('title');
  if (!title) return { ok: false, error: `${fileName}: front matter has no title` };
  const publishedAt = parsePubDate(data.pubDate);
  if (!publishedAt) return { ok: false, error: `${fileName}: pubDate is missing or not a date` };

  const body = match[2] ?? '';
  const sourceUrl = resolveHttpUrl(findSourceLine(body));
  const rawImage = text('image') ?? text('heroImage') ?? text('imgUrl');
  // Only absolute or site-rooted images have a public URL; `../../assets/x.png` is hashed by Astro's build.
  const image = rawImage && /^(https?:)?\//.test(rawImage) ? resolveHttpUrl(rawImage, site) : undefined;
  if (rawImage && !image)
    warnings.push(`${fileName}: image “${rawImage}” is a source path with no public URL; left out`);

  return {
    ok: true,
    warnings,
    post: {
      slug: typeof data.slug === 'string' ? data.slug : slugify(title),
      title,
      description: text('description'),
      publishedAt,
      author: text('author'),
      tags: Array.isArray(data.tags)
        ? data.tags.filter((t): t is string => typeof t === 'string').map((t) => t.trim())
        : [],
      image,
      sourceUrl,
      text: markdownToText(body.replace(/^\s*Sources?\s*:\s*\S+\s*$/gim, '')),
    },
  };
}

/** Astro writes `2024-10-18 00:22` without a zone; we read such dates as UTC so builds are reproducible. */
function parsePubDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const zoneless = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$/.test(value.trim());
  const date = new Date(zoneless ? `${value.trim().replace(' ', 'T')}${value.includes(':') ? '' : 'T00:00'}Z` : value);
  return Number.isFinite(date.getTime()) ? date : undefined;
}

export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

/** Markdown → readable plain text: headings, rules, emphasis and link syntax go; the words stay. */
export function markdownToText(markdown: string): string {
  return markdown
    .replace(/^\s*(-{3,}|\*{3,}|_{3,})\s*$/gm, '')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|\*|_|`)(\S[\s\S]*?\S|\S)\1/g, '$2')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
