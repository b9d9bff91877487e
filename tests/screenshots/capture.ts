import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeSharedFirefox, Extension } from '../e2e/support/extension';
import type { BrowserName } from '../e2e/support/driver';
import { startFeedServer } from '../e2e/support/feedServer';
import type { ExtensionPage } from '../e2e/support/pages';

// `npm run screenshots`: the store listings' screenshots (docs/store/screenshots/, 1280x800, the size both stores
// take), which the README shows too. Taken from the real builds, Chromium's for the Chrome Web Store and Firefox's for
// AMO, in English and German: the popup, the side panel beside a page, the summary card on a news page, the options
// page and its rules editor. The feed is the bundled demo feed's posts with recent dates, so the pictures show new and
// unread posts as a reader sees them; the news page is a sample page served locally, and one sample post is pointed at
// it for the card.
// A headless browser draws no toolbar or panel, so the popup and the side panel are drawn at their own sizes and set
// on a 1280x800 page beside a caption (the popup) or beside the news page (the side panel), as a reader sees them.

const OUT = 'docs/store/screenshots';
const WIDTH = 1280;
const HEIGHT = 800;
const FEED_TITLE = 'AI Safety Brief';
type Locale = 'en' | 'de';

const demo = JSON.parse(readFileSync('public/demo-feed.json', 'utf8'));
const CARD_POST = 'https://blog.example.org/blog/sample-summaries-where-you-read-the-news/';
const server = await startFeedServer();
const STORY_PATH = '/news/how-extensions-ask-before-they-read-a-site';

/** The feed as served: the demo's posts, dated hours ago; `pointAtStory` moves the card's sample post to the news page. */
function serveFeed(pointAtStory: boolean) {
  server.json('/feed.json', {
    ...demo,
    title: FEED_TITLE,
    items: demo.items.map((item: Record<string, unknown>, i: number) => ({
      ...item,
      date_published: new Date(Date.now() - (i * 20 + 2) * 3600e3).toISOString(),
      ...(pointAtStory &&
        item.id === CARD_POST && {
          external_url: server.url(STORY_PATH),
          date_modified: new Date().toISOString(),
        }),
    })),
  });
}

/** The locale's strings, so the pictures are taken through the labels a reader of that language sees. */
function messages(locale: Locale) {
  const all: Record<string, { message: string }> = JSON.parse(
    readFileSync(`public/_locales/${locale}/messages.json`, 'utf8'),
  );
  return (key: string) => {
    const message = all[key]?.message;
    if (message === undefined) throw new Error(`screenshots: no "${key}" in public/_locales/${locale}`);
    return message;
  };
}

const CAPTIONS: Record<
  Locale,
  { promo: string; popup: [string, string]; storyLabel: string; story: [string, string, string[]] }
> = {
  en: {
    promo: 'AI-safety news, with its sources, where you read',
    popup: [
      'The latest posts, newest first',
      'Each with its summary, tags and original source. Filter by tag or topic, search, mark read; the badge counts what is new.',
    ],
    storyLabel: 'Sample page',
    story: [
      'How browser extensions ask before they read a site',
      'By the Example Ledger’s technology desk',
      [
        'Browser extensions that only need a site now and then can ask for it when the reader turns a feature on, instead of at install. The browser shows its own prompt, names the site, and remembers the answer.',
        'Extensions built this way start with no access to the sites you visit. Each site is added one at a time, and can be taken back in the browser’s settings.',
        'Reviewers at the extension stores look for exactly this: the narrowest permission that does the job, asked for at the moment it is needed.',
      ],
    ],
  },
  de: {
    promo: 'KI-Sicherheit im Überblick, mit Quellen, wo Sie lesen',
    popup: [
      'Die neuesten Beiträge zuerst',
      'Jeder mit Zusammenfassung, Schlagwörtern und Originalquelle. Nach Schlagwort oder Thema filtern, suchen, als gelesen markieren; der Zähler zeigt, was neu ist.',
    ],
    storyLabel: 'Beispielseite',
    story: [
      'Wie Browser-Erweiterungen fragen, bevor sie eine Website lesen',
      'Von der Technikredaktion des Example Ledger',
      [
        'Erweiterungen, die eine Website nur ab und zu brauchen, können erst dann um Zugriff bitten, wenn man eine Funktion einschaltet, statt schon bei der Installation. Der Browser zeigt seine eigene Abfrage, nennt die Website und merkt sich die Antwort.',
        'So gebaute Erweiterungen haben anfangs keinen Zugriff auf die Websites, die man besucht. Jede Website kommt einzeln hinzu und lässt sich in den Browser-Einstellungen wieder entziehen.',
        'Die Prüfer der Erweiterungs-Stores achten genau darauf: die engste Berechtigung, die genügt, erfragt in dem Moment, in dem sie gebraucht wird.',
      ],
    ],
  },
};

/** The rules typed into the rules editor for its picture: a mute rule for all feeds, an alert rule for the feed. */
const RULES: Record<Locale, { mute: string; alert: string }> = {
  en: { mute: '"press release" crypto', alert: 'evaluation* "model weights"' },
  de: { mute: '„Pressemitteilung“ Krypto', alert: 'Evaluierung* Modellgewichte' },
};

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function storyPage(locale: Locale) {
  const [headline, byline, paragraphs] = CAPTIONS[locale].story;
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(headline)}</title>
<style>
  body { margin: 0; font: 18px/1.6 Georgia, 'DejaVu Serif', serif; color: #1d1d1f; background: #fff; }
  header { border-bottom: 3px solid #1d1d1f; padding: 14px 40px; display: flex; align-items: baseline; gap: 16px; }
  header strong { font: 700 26px/1 'DejaVu Sans', Arial, sans-serif; letter-spacing: -0.5px; }
  header span { font: 13px 'DejaVu Sans', Arial, sans-serif; color: #666; text-transform: uppercase; letter-spacing: 1px; }
  main { max-width: 700px; padding: 24px 40px; }
  h1 { font-size: 34px; line-height: 1.2; margin: 8px 0 6px; }
  .byline { font: 14px 'DejaVu Sans', Arial, sans-serif; color: #555; margin-bottom: 18px; }
</style></head><body>
<header><strong>The Example Ledger</strong><span>${escapeHtml(CAPTIONS[locale].storyLabel)}</span></header>
<main><h1>${escapeHtml(headline)}</h1><p class="byline">${escapeHtml(byline)}</p>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}</main></body></html>`;
}

/** A 1280x800 page that sets pictures of the extension's own pages (served at /shot/<name>.png) on a backdrop. */
function stagePage(body: string, width = WIDTH, height = HEIGHT) {
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  html, body { margin: 0; width: ${width}px; height: ${height}px; overflow: hidden; }
  body { font-family: 'DejaVu Sans', Arial, sans-serif; }
  .caption-stage { display: flex; align-items: center; justify-content: center; gap: 72px; height: 100%;
    background: linear-gradient(135deg, #e8eef8 0%, #f7f2ea 100%); color: #1d2433; }
  .caption { max-width: 520px; }
  .caption h1 { font-size: 42px; line-height: 1.15; margin: 0 0 18px; }
  .caption p { font-size: 22px; line-height: 1.45; margin: 0; color: #3a4457; }
  .shot { display: block; box-shadow: 0 18px 48px rgba(20, 30, 60, 0.28); border-radius: 10px; }
  .side-by-side { display: flex; height: 100%; background: #fff; }
  .side-by-side img { display: block; }
  .side-by-side .panel { border-left: 1px solid #c8ccd4; }
  .promo { display: flex; align-items: center; gap: 22px; padding: 0 30px; height: 100%; box-sizing: border-box;
    background: linear-gradient(135deg, #e8eef8 0%, #f7f2ea 100%); color: #1d2433; }
  .promo strong { display: block; font-size: 30px; line-height: 1.1; margin-bottom: 10px; }
  .promo span { font-size: 17px; line-height: 1.35; color: #3a4457; }
</style></head><body>${body}</body></html>`;
}

const tmp = join(tmpdir(), `asb-shots-${process.pid}`);
mkdirSync(tmp, { recursive: true });
mkdirSync(OUT, { recursive: true });
const servePicture = (name: string, file: string) =>
  server.route(`/shot/${name}.png`, (_q, res) =>
    res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' }).end(readFileSync(file)),
  );

async function waitFor<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeout = 30_000) {
  let last: T | undefined;
  for (const start = Date.now(); Date.now() - start < timeout; await new Promise((r) => setTimeout(r, 250))) {
    last = await read().catch(() => undefined);
    if (last !== undefined && ok(last)) return last;
  }
  throw new Error(`screenshots: gave up waiting for ${what} (last seen: ${JSON.stringify(last)})`);
}

/** Lets a page settle at its size (fonts, lazy images, the list's layout) before its picture. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 600));

async function picture(page: Pick<ExtensionPage, 'setViewport' | 'screenshot'>, w: number, h: number, file: string) {
  await page.setViewport(w, h);
  await settle();
  await page.screenshot(file);
}

async function capture(browser: BrowserName, locale: Locale) {
  const t = messages(locale);
  const store = browser === 'chromium' ? 'chrome' : 'firefox';
  const out = (n: string) => join(OUT, `${store}-${locale}-${n}.png`);
  serveFeed(false);
  server.html(STORY_PATH, storyPage(locale));
  const LOOPBACK = ['http://127.0.0.1/*', 'https://127.0.0.1/*'];
  const ext = await Extension.launch(browser, { locale, grantOrigins: LOOPBACK });
  try {
    // Follow the feed as a reader does, from the options page.
    const options = await ext.openOptions();
    await options.getByLabel(t('options_feedUrl')).fill(server.url('/feed.json'));
    await options.getByRole('button', { name: t('options_addFeed') }).click();
    const added = t('options_added').replace('$ARG1$', FEED_TITLE).replace('$ARG2$', String(demo.items.length));
    await waitFor(
      'the feed to be added',
      () => options.status().innerText(),
      (text) => text.trim() === added,
    );

    // 1. The popup, at a popup's size, beside its caption.
    const popup = await ext.openPopup();
    await popup.articles.first().waitForOne(30_000);
    await picture(popup, 420, 600, join(tmp, 'popup.png'));
    await popup.close();
    servePicture('popup', join(tmp, 'popup.png'));
    const [title, text] = CAPTIONS[locale].popup;
    server.html(
      '/stage/popup',
      stagePage(
        `<div class="caption-stage"><div class="caption"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></div>` +
          `<img class="shot" src="/shot/popup.png" width="420" height="600" alt=""></div>`,
      ),
    );
    const popupStage = await ext.openPage(server.url('/stage/popup'));
    await picture(popupStage.tab, WIDTH, HEIGHT, out('1-popup'));
    await popupStage.close();

    // 2. The side panel beside the news page, as the browser lays them out.
    const story = await ext.openPage(server.url(STORY_PATH));
    await picture(story.tab, WIDTH - 360, HEIGHT, join(tmp, 'story.png'));
    await story.close();
    const panel = await ext.openSidePanel();
    await panel.articles.first().waitForOne(30_000);
    await picture(panel, 360, HEIGHT, join(tmp, 'panel.png'));
    await panel.close();
    servePicture('story', join(tmp, 'story.png'));
    servePicture('panel', join(tmp, 'panel.png'));
    server.html(
      '/stage/panel',
      stagePage(
        `<div class="side-by-side"><img src="/shot/story.png" width="${WIDTH - 360}" height="${HEIGHT}" alt="">` +
          `<img class="panel" src="/shot/panel.png" width="360" height="${HEIGHT}" alt=""></div>`,
      ),
    );
    const panelStage = await ext.openPage(server.url('/stage/panel'));
    await picture(panelStage.tab, WIDTH, HEIGHT, out('2-side-panel'));
    await panelStage.close();

    // 3. The summary card: one sample post now covers the news page; the reader turns summaries on for its site.
    serveFeed(true);
    await options.bringToFront();
    await options.getByRole('button', { name: t('options_refreshAll') }).click();
    const showOn = t('sites_show').replace('$ARG1$', '127.0.0.1');
    await options.getByLabel(showOn).waitForOne(30_000);
    await options.getByLabel(showOn).click();
    await waitFor('summaries on 127.0.0.1', () => options.getByLabel(showOn).isChecked(), Boolean);
    const page = await ext.openPage(server.url(STORY_PATH));
    await waitFor(
      'the summary card',
      () => page.readCard(),
      (card) => card.visible,
    );
    await picture(page.tab, WIDTH, HEIGHT, out('3-summary-card'));
    await page.close();

    // The Chrome Web Store's small promo tile (440x280): the toolbar icon, the name and one line.
    if (browser === 'chromium') {
      servePicture('icon', 'public/icon/128.png');
      server.html(
        '/stage/promo',
        stagePage(
          `<div class="promo"><img src="/shot/icon.png" width="128" height="128" alt="">` +
            `<div><strong>${escapeHtml(t('extName'))}</strong><span>${escapeHtml(CAPTIONS[locale].promo)}</span></div></div>`,
          440,
          280,
        ),
      );
      const promo = await ext.openPage(server.url('/stage/promo'));
      await picture(promo.tab, 440, 280, out('promo-440x280'));
      await promo.close();
    }

    // 4. The options page, at the store's size.
    await options.reload();
    await options.getByLabel(t('options_feedUrl')).waitForOne(30_000);
    await options.evaluate(() => window.scrollTo(0, 0));
    await picture(options, WIDTH, HEIGHT, out('4-options'));

    // 5. The rules editor, with a mute rule and an alert rule typed in as a reader does.
    const addRule = async (kind: 'mute' | 'alert', text: string, feed?: string) => {
      await options.locator('#rule-kind').selectOption(kind);
      if (feed) {
        const option = options.locator('#rule-feed option').filter({ hasText: feed });
        await options.locator('#rule-feed').selectOption((await option.getAttribute('value'))!);
      }
      await options.getByLabel(t('rules_text')).fill(text);
      await options.getByRole('button', { name: t('rules_add') }).click();
      await waitFor(
        'the rule to be added',
        () => options.locator('#rules-status').innerText(),
        (status) => status.trim() === t('rules_added'),
      );
    };
    await addRule('mute', RULES[locale].mute);
    await addRule('alert', RULES[locale].alert, FEED_TITLE);
    await options.evaluate(() => document.getElementById('rules-heading')?.scrollIntoView({ block: 'start' }));
    await picture(options, WIDTH, HEIGHT, out('5-rules'));
    console.log(`wrote ${out('1…5')}`);
  } finally {
    await ext.close();
  }
}

try {
  for (const browser of ['chromium', 'firefox'] as const) {
    for (const locale of ['en', 'de'] as const) await capture(browser, locale);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
  await server.close();
  await closeSharedFirefox();
}
