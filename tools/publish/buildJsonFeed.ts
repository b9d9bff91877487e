import type { Post } from './astroPost';

export type FeedMeta = { title: string; description?: string; site: string; feedPath?: string; language?: string };

/** Posts → a JSON Feed 1.1 document, newest first. The original source becomes the item's `external_url`. */
export function buildJsonFeed(posts: Post[], meta: FeedMeta) {
  const site = meta.site.endsWith('/') ? meta.site : `${meta.site}/`;
  const sorted = [...posts].sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime());
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: meta.title,
    ...(meta.description && { description: meta.description }),
    home_page_url: site,
    feed_url: new URL(meta.feedPath ?? 'feed.json', site).href,
    ...(meta.language && { language: meta.language }),
    items: sorted.map((post) => {
      const url = new URL(`blog/${post.slug}/`, site).href;
      return {
        id: url,
        url,
        ...(post.sourceUrl && { external_url: post.sourceUrl }),
        title: post.title,
        ...(post.description && { summary: post.description }),
        content_text: post.text,
        date_published: post.publishedAt.toISOString(),
        ...(post.author && { authors: [{ name: post.author }] }),
        ...(post.tags.length && { tags: post.tags }),
        ...(post.image && { image: post.image }),
      };
    }),
  };
}
