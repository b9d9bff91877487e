import { resolveHttpUrl } from '../feed/url';
import type { CardPost } from './cardData';

// The summary card's DOM, built with textContent only (feed text is data), inside a closed shadow root: the page's
// CSS cannot restyle it, its CSS cannot leak out, and the page's scripts cannot read it (`host.shadowRoot` is null
// for them; what the reader follows is none of the page's business). No framework: the content script stays a few KB.

export const CARD_HOST_ATTRIBUTE = 'data-ai-safety-brief-card';

export type CardStrings = {
  label: string;
  readPost: string;
  dismiss: string;
  hideSite: string;
  from: (blog: string) => string;
};
export type CardActions = { onDismiss(): void; onHideSite(): void };

// The dark colours come last: they reuse the light rules' selectors, so only their place makes them win (before the
// light rules, links and the quiet button stayed dark blue and grey on the dark card).
const STYLE = `
:host { all: initial; }
.card { box-sizing: border-box; width: 340px; max-width: calc(100vw - 32px); padding: 14px 16px; border-radius: 10px;
  font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #16181d; background: #fff;
  border: 1px solid #dde1e7; box-shadow: 0 6px 24px rgba(0,0,0,.18); }
.from { font-size: 12px; color: #5b6270; margin: 0 24px 6px 0; }
h2 { font-size: 15px; margin: 0 0 4px; }
p.summary { margin: 0 0 8px; }
ul { list-style: none; display: flex; flex-wrap: wrap; gap: 4px; margin: 0 0 8px; padding: 0; }
li { font-size: 12px; padding: 1px 8px; border-radius: 999px; background: rgba(127,127,127,.15); }
a { color: #1d3a8a; }
.actions { display: flex; gap: 14px; align-items: center; flex-wrap: wrap; }
button { font: inherit; cursor: pointer; }
.close { position: absolute; top: 8px; right: 8px; border: 0; background: none; font-size: 18px; line-height: 1; padding: 4px 6px; color: inherit; }
.quiet { border: 0; background: none; padding: 0; text-decoration: underline; font-size: 12px; color: #5b6270; }
:focus-visible { outline: 2px solid #2f6feb; outline-offset: 2px; }
@media (prefers-color-scheme: dark) {
  .card { color: #e8eaee; background: #1f232b; border-color: #333a46; }
  a { color: #8fb0ff; }
  .from, .quiet { color: #a3aab8; }
}
@media (prefers-reduced-motion: no-preference) { .card { animation: in .18s ease-out; } @keyframes in { from { opacity: 0; transform: translateY(8px); } } }
`;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; text?: string } = {}) {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  return node;
}

/** "Summarised by <blog>", the blog's name isolated (`<bdi>`): its direction cannot run on into the sentence. */
function fromLine(strings: CardStrings, blog: string): HTMLElement {
  const slot = '\uE000';
  const line = element('p', { className: 'from' });
  strings
    .from(slot)
    .split(slot)
    .forEach((part, i) => {
      if (i > 0) line.append(element('bdi', { text: blog }));
      line.append(part);
    });
  return line;
}

/**
 * Builds the card for `posts` (the first is shown in full). Returns its host element, not yet in the page, and its
 * shadow root, which only the caller holds.
 */
export function buildCard(
  posts: CardPost[],
  strings: CardStrings,
  actions: CardActions,
): { host: HTMLElement; root: ShadowRoot } {
  const host = document.createElement('div');
  host.setAttribute(CARD_HOST_ATTRIBUTE, '');
  // Inline and !important: the only styles that beat a page's `* { display: none !important }` on the host.
  // Text spacing alone is inherited from the page's root: a reader's tool that widens it (WCAG 1.4.12) sets it,
  // !important, on every element, and the card's text follows (its line height is the card's own, below).
  for (const [property, value] of [
    ['all', 'initial'],
    ['letter-spacing', 'inherit'],
    ['word-spacing', 'inherit'],
    ['line-height', 'inherit'],
    ['display', 'block'],
    ['position', 'fixed'],
    ['right', '16px'],
    ['bottom', '16px'],
    ['z-index', '2147483647'],
    ['visibility', 'visible'],
    ['opacity', '1'],
    ['pointer-events', 'auto'],
  ] as const) {
    host.style.setProperty(property, value, 'important');
  }
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = element('style');
  style.textContent = STYLE;
  const card = element('aside', { className: 'card' });
  card.setAttribute('aria-label', strings.label);
  card.style.position = 'relative';

  const post = posts[0]!;
  const close = element('button', { className: 'close', text: '×' });
  close.type = 'button';
  close.setAttribute('aria-label', strings.dismiss);
  close.addEventListener('click', () => actions.onDismiss());
  card.append(close, fromLine(strings, post.feedTitle), element('h2', { text: post.title }));
  if (post.summary) card.append(element('p', { className: 'summary', text: post.summary }));
  if (post.tags.length) {
    const tags = element('ul');
    for (const tag of post.tags) tags.append(element('li', { text: tag }));
    card.append(tags);
  }
  const row = element('div', { className: 'actions' });
  // Only http(s) links are rendered; anything else is left out.
  const href = resolveHttpUrl(post.url);
  if (href) {
    const link = element('a', { text: strings.readPost });
    link.href = href;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    row.append(link);
  }
  const hide = element('button', { className: 'quiet', text: strings.hideSite });
  hide.type = 'button';
  hide.addEventListener('click', () => actions.onHideSite());
  row.append(hide);
  card.append(row);
  shadow.append(style, card);
  // Esc closes the card when focus is inside it.
  card.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') actions.onDismiss();
  });
  return { host, root: shadow };
}
