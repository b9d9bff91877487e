import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseAstroPost, type Post } from './astroPost';
import { buildJsonFeed } from './buildJsonFeed';

// npm run feed:build -- [--posts DIR] [--out FILE] [--site URL] [--title TEXT]
// Turns a folder of Astro-style markdown posts into a JSON Feed 1.1 file. With no arguments it rebuilds the
// extension's bundled demo feed from tools/publish/demo-posts.
const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: 'tools/publish/demo-posts' },
    out: { type: 'string', default: 'public/demo-feed.json' },
    site: { type: 'string', default: 'https://blog.example.org/' },
    title: { type: 'string', default: 'AI Safety Brief (demo)' },
    description: {
      type: 'string',
      default:
        'Short summaries of AI-safety news, each linking to its original source. Demo feed bundled with the extension.',
    },
  },
});

const files = readdirSync(values.posts)
  .filter((f) => /\.(md|mdx|markdown|txt)$/i.test(f))
  .sort();
const posts: Post[] = [];
let failures = 0;
for (const file of files) {
  const result = parseAstroPost(readFileSync(join(values.posts, file), 'utf8'), file, values.site);
  if (!result.ok) {
    failures++;
    console.error(`skipped ${result.error}`);
    continue;
  }
  for (const warning of result.warnings) console.warn(`warning: ${warning}`);
  posts.push(result.post);
}
const feed = buildJsonFeed(posts, {
  title: values.title,
  description: values.description,
  site: values.site,
  language: 'en',
});
writeFileSync(values.out, `${JSON.stringify(feed, null, 2)}\n`);
console.log(`wrote ${values.out}: ${posts.length} posts${failures ? `, ${failures} skipped` : ''}`);
process.exitCode = failures ? 1 : 0;
