import { Fragment, type ReactNode } from 'react';
import { splitAtSlot } from './cardShape';

// Isolating text whose direction we do not control. Unicode's bidi rules let a right-to-left override (U+202E) or
// plain right-to-left text run on into the text after it: a discovered feed's title ending in U+202E made the host
// `moc.sretuer.evil.example` beside it display as `…reuters.com`. An isolate (`<bdi>`, or any element with `dir`)
// ends that at its own edge. Feed text is also stripped of bidi controls when parsed (lib/feed); this holds even
// for text that never went through the parser.

/** A host name or web address: always left to right, and isolated from the text around it. */
export function Host({ children }: { children: string }) {
  return <bdi dir="ltr">{children}</bdi>;
}

/**
 * A translated message with an element (a `Host`) where its value goes, so the element keeps its isolation inside
 * the sentence: `withElement((slot) => t('card_source', slot), <Host>{domain}</Host>)` → "Source: reuters.com".
 */
export function withElement(message: (slot: string) => string, element: ReactNode): ReactNode {
  const parts = splitAtSlot(message);
  return parts.map((part, i) => (
    <Fragment key={i}>
      {part}
      {i < parts.length - 1 && element}
    </Fragment>
  ));
}
