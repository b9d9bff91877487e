import { CARD_HOST_ATTRIBUTE } from './card';

// What the summary card shows, told to the extension itself. The card lives in a closed shadow root so the page's
// scripts cannot read it; the extension (its pages and background, which alone can message a content script with
// `tabs.sendMessage`) may ask. The end-to-end tests read the card this way, in every browser, as a person sees it.

export type CardDescription = {
  /** Card host elements in the page (one at most, when all is well). */
  count: number;
  present: boolean;
  /** It takes up space on screen. */
  visible: boolean;
  heading: string;
  text: string;
  links: { name: string; href: string | null }[];
  buttons: string[];
  /** Controls by their accessible name, with their centre on screen (viewport pixels), for a real click. */
  controls: { name: string; x: number; y: number }[];
  /** The control that has the focus inside the card, if any. */
  focused: string | null;
};

const nameOf = (el: Element) => (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim();

export function describeCard(root: ShadowRoot | undefined): CardDescription {
  const count = document.querySelectorAll(`[${CARD_HOST_ATTRIBUTE}]`).length;
  const host = root?.host as HTMLElement | undefined;
  if (!root || !host?.isConnected) {
    return {
      count,
      present: false,
      visible: false,
      heading: '',
      text: '',
      links: [],
      buttons: [],
      controls: [],
      focused: null,
    };
  }
  const box = host.getBoundingClientRect();
  const controls = Array.from(root.querySelectorAll('button, a')).map((el) => {
    const rect = el.getBoundingClientRect();
    return { name: nameOf(el), x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
  });
  return {
    count,
    present: true,
    visible: box.width > 0 && box.height > 0 && getComputedStyle(host).display !== 'none',
    heading: (root.querySelector('h2') as HTMLElement | null)?.innerText ?? '',
    text: (root.querySelector('aside') as HTMLElement | null)?.innerText ?? '',
    links: Array.from(root.querySelectorAll('a')).map((a) => ({ name: nameOf(a), href: a.getAttribute('href') })),
    buttons: Array.from(root.querySelectorAll('button')).map(nameOf),
    controls,
    focused: root.activeElement ? nameOf(root.activeElement) : null,
  };
}
