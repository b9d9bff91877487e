import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Tab } from './driver';

// axe-core, run in a page the tests show, held to WCAG 2.2 level AA: the rules axe tags wcag2a, wcag2aa, wcag21a,
// wcag21aa and wcag22aa (axe-core 4.x has no wcag22a tag: none of its rules checks a level-A criterion new in 2.2).
// Naming the tags also runs `target-size` (2.5.8, 24 by 24 CSS pixels), which a run without tags leaves out. axe's best
// practices run too, as they did when the tests ran axe's defaults. What axe cannot decide ("needs review") is not
// counted; the card's copy sits in the page's body so that colour contrast can be decided there (see pages.ts).

export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;
const TAGS = [...WCAG_22_AA, 'best-practice'];

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type AxeResults = { violations: { id: string; nodes: { target: string[] }[] }[] };

/**
 * What axe-core finds wrong in the page (or in the elements `include` selects), as "rule: where" lines; [] when
 * nothing is. Injected past the page's CSP, as a debugger would.
 */
export async function axeViolations(tab: Tab, include?: string): Promise<string[]> {
  await tab.inject(AXE_SOURCE);
  return tab.evaluate(
    async ({ tags, include }) => {
      const { axe } = window as unknown as {
        axe: { run(context: unknown, options: object): Promise<AxeResults> };
      };
      const result = await axe.run(include ?? document, { runOnly: { type: 'tag', values: tags } });
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    },
    { tags: TAGS, include },
  );
}
