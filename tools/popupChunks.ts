// Build-time only (wxt.config.ts): which file each module of the popup goes into.

/** What the bundler tells about a module (rolldown's chunking context, the part used here). */
export type ModuleGraph = {
  getModuleInfo(id: string): { importedIds: readonly string[]; dynamicallyImportedIds: readonly string[] } | null;
};

/**
 * The popup's first paint in one file: every module its page's scripts import statically (with the bundler's
 * helpers). Left to itself, the bundler makes a file for each set of pages and `import()`s that reach a module, which
 * split the popup's first load into five to nine files once parts of it load after the paint; an extension page pays
 * per file it loads far more than per byte (docs/PERFORMANCE.md). The page's own scripts (`main.tsx`, which mounts
 * the popup) stay out of that file: the options page loads it too, for what they share, and everything in a file runs
 * when it loads, so the options page would mount the popup. What the popup loads later (`import()`) and what only
 * the options page needs is left to the bundler. Module id → file name, for rolldown's `codeSplitting.groups[].name`;
 * empty for a build without the popup.
 */
export function popupChunks(graph: ModuleGraph, popupEntry: string): Map<string, string> {
  const plan = new Map<string, string>();
  const entry = graph.getModuleInfo(popupEntry);
  if (!entry) return plan;
  // The scripts the page names (not the bundler's virtual helpers it adds to every page).
  const pageScripts = new Set(entry.importedIds.filter((id) => !id.startsWith('\0')));
  const imports = [...entry.importedIds].filter((id) => !pageScripts.has(id));
  for (const script of pageScripts) imports.push(...(graph.getModuleInfo(script)?.importedIds ?? []));
  const firstPaint = staticImports(graph, imports, pageScripts);
  for (const id of firstPaint) plan.set(id, 'popup-first-paint');
  // The bundler's own helpers, which it would otherwise put in a file of their own.
  plan.set(ROLLDOWN_RUNTIME, 'popup-first-paint');
  return plan;
}

const ROLLDOWN_RUNTIME = '\0rolldown/runtime.js';

/** `roots` and every module they import statically, except those in `known`; scripts only (no styles). */
function staticImports(graph: ModuleGraph, roots: readonly string[], known: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  const queue = [...roots];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    if (found.has(id) || known.has(id) || /\.css(\?|$)/.test(id)) continue;
    found.add(id);
    queue.push(...(graph.getModuleInfo(id)?.importedIds ?? []));
  }
  return found;
}
