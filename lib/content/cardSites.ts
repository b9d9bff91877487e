import { z } from 'zod/mini';
import { storedValue } from '../store/storedValue';
import { defineValidatedItem } from '../store/validatedItem';

/**
 * The source sites on which the reader asked for summary cards ("Show summaries on reuters.com"), as bare host
 * names (`reuters.com`). A site is only ever shown cards while the browser also grants its origin.
 */
export const CardSitesSchema = z.object({
  sites: z.array(z.string().check(z.minLength(1), z.maxLength(253))).check(z.maxLength(500)),
});
export type CardSites = z.infer<typeof CardSitesSchema>;

export const cardSitesItem = defineValidatedItem(
  storedValue('local:cardSites', CardSitesSchema, () => ({ sites: [] })),
  { version: 1 },
);

const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$|^\[/;

/**
 * The match patterns covering a site and its subdomains (`www.`, `m.`), over https and http. Spelled out per
 * scheme rather than with a `*` scheme, so each is a subset of one of the manifest's optional origins (any https
 * host, any http host).
 */
export function sitePatterns(site: string): string[] {
  const hosts = IP_ADDRESS.test(site) || !site.includes('.') ? [site] : [site, `*.${site}`];
  return hosts.flatMap((host) => [`https://${host}/*`, `http://${host}/*`]);
}
