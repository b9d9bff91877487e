// The bench's cold parse, in a browser: a dedicated worker (a fresh V8 isolate, as a service worker that wakes up is)
// fetches a feed and times one `parseFeed` of it, or one `JSON.parse` as the baseline, and posts the milliseconds.
// Bundled and minified like the extension's background (tests/bench/coldParse.ts).
import '../../lib/zodSetup';
import '../../lib/zodMessages';
import { parseFeed } from '../../lib/feed/parseFeed';

self.onmessage = async ({ data }: MessageEvent<{ url: string; what: 'ours' | 'jsonparse' }>) => {
  const response = await fetch(data.url);
  const body = await response.text();
  const start = performance.now();
  if (data.what === 'jsonparse') JSON.parse(body);
  else if (!parseFeed(body, { contentType: 'application/feed+json', fetchedUrl: data.url }).ok)
    throw new Error('the generated feed did not parse');
  postMessage(performance.now() - start);
};
