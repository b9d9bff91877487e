import type { AnchorHTMLAttributes, ReactNode } from 'react';
import { resolveHttpUrl } from '@/lib/feed/url';

type Props = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href' | 'target' | 'rel'> & {
  href?: string;
  children: ReactNode;
};

/** A link that opens in a new tab, rendered only for http(s) URLs; anything else renders as plain text. */
export function SafeLink({ href, children, ...rest }: Props) {
  const safe = resolveHttpUrl(href);
  if (!safe) return <span className={rest.className}>{children}</span>;
  return (
    <a {...rest} href={safe} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}
