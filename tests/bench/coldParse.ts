// `parse_json5000_vs_jsonparse`: one cold parse, the way the service worker runs it. Each run starts a dedicated
// worker in Chromium (a fresh V8 isolate: nothing optimised yet, as in a service worker that wakes up to poll), which
// fetches the feed and times a single `parseFeed`, or a single `JSON.parse` of the same text as the baseline. The
// parser is bundled and minified as the extension's background is (Vite, the same bundler).
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { build, type Rolldown } from 'vite';
import { interleaved } from '../../tools/benchStats';
import type { FeedServer } from '../e2e/support/feedServer';

const WORKER_ENTRY = fileURLToPath(new URL('./coldParseWorker.ts', import.meta.url));

/** The worker's script: the parser and its set-up, one minified ES module. */
async function workerScript(entry: string): Promise<string> {
  const output = (await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: true,
      lib: { entry, formats: ['es'], fileName: 'cold-parse' },
    },
  })) as Rolldown.RolldownOutput[];
  const chunk = output[0]!.output.find((file) => file.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('cold parse: the worker did not bundle');
  return chunk.code;
}

/**
 * Medians of `runs` cold parses of `body` and of `JSON.parse` of it, each in a fresh worker, interleaved. `entry`:
 * another checkout's copy of ./coldParseWorker.ts, to compare parsers.
 */
export async function coldParse(page: Page, server: FeedServer, body: string, runs = 9, entry = WORKER_ENTRY) {
  const script = await workerScript(entry);
  server.route('/bench/cold-parse.js', (_req, res) =>
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(script),
  );
  server.route('/bench/feed.json', (_req, res) =>
    res.writeHead(200, { 'content-type': 'application/feed+json' }).end(body),
  );
  server.html('/bench/', '<!doctype html><meta charset="utf-8"><title>cold parse</title>');
  await page.goto(server.url('/bench/'));
  const once = (what: 'ours' | 'jsonparse') =>
    page.evaluate(
      ({ what, url }) =>
        new Promise<number>((resolve, reject) => {
          const worker = new Worker('/bench/cold-parse.js', { type: 'module' });
          worker.onmessage = ({ data }) => (worker.terminate(), resolve(data as number));
          worker.onerror = (error) => (worker.terminate(), reject(new Error(error.message)));
          worker.postMessage({ what, url });
        }),
      { what, url: server.url('/bench/feed.json') },
    );
  return interleaved(
    () => once('ours'),
    () => once('jsonparse'),
    { runs, warmup: 1, measure: async (fn) => (await fn()) as number },
  );
}
