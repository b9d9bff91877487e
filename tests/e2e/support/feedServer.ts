import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A loopback HTTP server whose routes a test sets and changes as it goes; it counts requests per path. */
export async function startFeedServer() {
  const routes = new Map<string, Handler>();
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const handler = routes.get(path);
    if (handler) handler(req, res);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path: string) => `${origin}${path}`,
    route(path: string, handler: Handler) {
      routes.set(path, handler);
    },
    json(path: string, body: unknown, headers: Record<string, string> = {}) {
      routes.set(path, (_req, res) =>
        res.writeHead(200, { 'content-type': 'application/feed+json', ...headers }).end(JSON.stringify(body)),
      );
    },
    html(path: string, html: string) {
      routes.set(path, (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
    },
    hits: (path: string) => hits.get(path) ?? 0,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
export type FeedServer = Awaited<ReturnType<typeof startFeedServer>>;

/** A JSON Feed 1.1 document whose item dates are relative to now. */
export function feedDocument(
  origin: string,
  items: { id: string; title: string; hoursAgo: number; [k: string]: unknown }[],
  title = 'Local Desk',
) {
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title,
    home_page_url: `${origin}/`,
    items: items.map(({ hoursAgo, ...item }) => ({
      url: `${origin}/posts/${item.id}`,
      summary: `Summary of ${item.title}.`,
      date_published: new Date(Date.now() - hoursAgo * 3600e3).toISOString(),
      ...item,
    })),
  };
}
