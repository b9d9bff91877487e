import { takeEarlyRead } from '@/lib/popup/earlyRead';
import type { HandOver } from './plainFirstScreen';
import type { DigestSurface } from './useDigestModel';

// Apart from ./startDigestPage.ts, which loads React with `import()`: the early classic script bundles everything it
// imports into one file, and a dynamic import in its graph made the bundler wrap every module in a function that
// initialises it on first use (62 of them), which kept WXT's storage module in the script though nothing used it.

/**
 * Where the page's early classic scripts (entrypoints/popup-first-screen.ts, entrypoints/popup-compose-screen.ts)
 * leave what they share with each other and the page's module: the page's global, and nothing else (each has its own
 * copy of the modules it imports).
 */
const PLAIN_SCREEN_SLOT = '__aiSafetyBriefPlainScreen';
const READ_DRAWING_SLOT = '__aiSafetyBriefReadDrawing';
/** The page's second early script, loaded only when it is needed. */
const COMPOSE_SCREEN_SCRIPT = '/popup-compose-screen.js';

/** Draws the first screen from something the early read found; undefined when that cannot give the list of posts. */
export type Drawing = (root: HTMLElement, surface: DigestSurface) => HandOver | undefined;

type Slots = { [PLAIN_SCREEN_SLOT]?: Promise<HandOver | undefined>; [READ_DRAWING_SLOT]?: Drawing };
const slots = globalThis as unknown as Slots;

/**
 * In the early classic script: draws the digest page's first screen without React (./plainFirstScreen.ts) as soon as
 * the early storage read (lib/popup/earlyRead.ts) has answered and the page's body is parsed. A classic script runs
 * as the page's head is parsed: the screen then waits for neither the page's modules to load nor React.
 *
 * The screen the background keeps composed comes with the settings' read, and is drawn then (`fromComposed`). When it
 * is stale or missing, the screen is composed from every feed's record and marks, read then, by the page's second
 * early script, loaded then (`fromRead`, see `offerReadDrawing`): what composing takes (the settings' schemas, the
 * digest, the rules) is three quarters of the early scripts, and an opening that draws a composed screen loads none
 * of it. The drawings are passed in by the script: this module, which the page's module imports too, must not import
 * them (the page's module would then load all of the plain screen's code for nothing).
 */
export function drawFirstScreenEarly(
  surface: DigestSurface,
  fromComposed: Drawing,
  fromRead: (root: HTMLElement, surface: DigestSurface) => Promise<HandOver | undefined> = drawWithComposeScript,
): void {
  const early = takeEarlyRead();
  if (!early) return;
  slots[PLAIN_SCREEN_SLOT] = Promise.all([early.itemsSettled, bodyParsed()]).then(() => {
    const root = document.getElementById('root');
    if (!root) return undefined;
    // Drawn from the composed screen, the screen reads the feeds for React once it has painted (their arrival holds a
    // frame back: ./plainFirstScreen.ts); else they are read now, to compose it.
    const composed = fromComposed(root, surface);
    if (composed) return composed;
    early.releaseFeeds();
    return fromRead(root, surface);
  });
}

/**
 * In the page's second early script (entrypoints/popup-compose-screen.ts): leaves its drawing, from every feed's
 * record and marks, for the first (`drawWithComposeScript`).
 */
export function offerReadDrawing(drawing: Drawing): void {
  slots[READ_DRAWING_SLOT] = drawing;
}

/** Loads the page's second early script and draws with it once the feeds' read has answered. */
function drawWithComposeScript(root: HTMLElement, surface: DigestSurface): Promise<HandOver | undefined> {
  const loaded = new Promise<void>((resolve) => {
    const script = document.createElement('script');
    script.src = COMPOSE_SCREEN_SCRIPT;
    // Failed or not, React draws whatever the early scripts did not.
    script.onload = script.onerror = () => resolve();
    document.head.append(script);
  });
  return Promise.all([loaded, takeEarlyRead()?.settled]).then(() => slots[READ_DRAWING_SLOT]?.(root, surface));
}

/** The plain first screen the early script drew, once it has (undefined when it drew none). */
export function earlyDrawnScreen(): Promise<HandOver | undefined> {
  return slots[PLAIN_SCREEN_SLOT] ?? Promise.resolve(undefined);
}

/** Resolves once the page's HTML is parsed (`interactive`): before its modules run, which DOMContentLoaded awaits. */
function bodyParsed(): Promise<void> {
  if (document.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => document.addEventListener('readystatechange', () => resolve(), { once: true }));
}
