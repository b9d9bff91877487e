// `npm run lint:cycles` (part of `npm run lint`): the folder import graph of the code that ships (lib/, components/,
// entrypoints/) and of tools/, printed in layer order, and a failure when it has a cycle. dependency-cruiser reads
// the imports (type-only ones too: a type that points up the layers couples them as much as a value) and resolves
// them as TypeScript does; this script groups them by folder. Test files and tests/ are left out: nothing imports a
// test, and a test may reach up the layers to exercise its module where it runs.
import { cruise, type ICruiseResult, type IModule } from 'dependency-cruiser';

/** Where the code lives; each `lib/` folder (or file directly in lib/) is one node, each other root one node. */
const ROOTS = ['lib', 'components', 'entrypoints', 'tools'];
const NOT_PRODUCTION = '(^|/)(node_modules|\\.wxt|\\.output)/|\\.test\\.tsx?$|^tests/';

/** The folder a module belongs to: `lib/sync/commit.ts` → `lib/sync`, `lib/messages.ts` → `lib/messages`. */
function folderOf(path: string): string | undefined {
  const [root, next] = path.split('/');
  if (!root || !ROOTS.includes(root)) return undefined;
  return root === 'lib' && next ? `lib/${next.replace(/\.[^.]+$/, '')}` : root;
}

/** Folder → the folders it imports, each with one of the imports behind the edge, to point at. */
type FolderGraph = Map<string, Map<string, string>>;

function folderGraph(modules: IModule[]): FolderGraph {
  const graph: FolderGraph = new Map();
  for (const module of modules) {
    const from = folderOf(module.source);
    if (!from) continue;
    if (!graph.has(from)) graph.set(from, new Map());
    for (const dependency of module.dependencies) {
      const to = folderOf(dependency.resolved);
      if (!to || to === from || graph.get(from)!.has(to)) continue;
      graph.get(from)!.set(to, `${module.source} → ${dependency.resolved}`);
    }
  }
  return graph;
}

/** The cycles of `graph`: its strongly connected components of more than one folder (Tarjan's algorithm). */
function cyclesOf(graph: FolderGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (stack.includes(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do component.push((member = stack.pop()!));
    while (member !== node);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles;
}

/** Each folder's layer: 0 when it imports none of ours, else one above the highest folder it imports. Acyclic only. */
function layers(graph: FolderGraph): Map<string, number> {
  const layer = new Map<string, number>();
  const place = (node: string): number => {
    if (!layer.has(node)) layer.set(node, Math.max(-1, ...[...(graph.get(node)?.keys() ?? [])].map(place)) + 1);
    return layer.get(node)!;
  };
  for (const node of graph.keys()) place(node);
  return layer;
}

async function main() {
  const { output } = await cruise(
    ROOTS,
    {
      tsPreCompilationDeps: true,
      exclude: { path: NOT_PRODUCTION },
      doNotFollow: { path: 'node_modules' },
      validate: true,
      ruleSet: {
        forbidden: [
          {
            name: 'no-tooling-in-the-extension',
            comment: 'Node tooling and test helpers never go into the bundles.',
            severity: 'error',
            from: { path: '^(lib|components|entrypoints)/' },
            to: { path: '^(tools|tests)/' },
          },
        ],
      },
    },
    // WXT's `@/` alias (its generated tsconfig maps it relative to .wxt/, which the resolver cannot follow).
    { alias: { '@': process.cwd() } },
  );
  const result = (typeof output === 'string' ? JSON.parse(output) : output) as ICruiseResult;

  // An import that cannot be resolved would be an edge missing from the graph: refuse to judge without it.
  const unresolved = result.modules.flatMap((module) =>
    module.dependencies
      .filter((dependency) => dependency.couldNotResolve && /^(\.|@\/)/.test(dependency.module))
      .map((dependency) => `${module.source} → ${dependency.module}`),
  );
  const graph = folderGraph(result.modules);
  const cycles = cyclesOf(graph);
  const violations = result.summary.violations;

  if (!cycles.length) {
    console.log(
      'Folder import graph by layer; a folder imports only from lower layers (type-only imports count, tests do not):',
    );
    const layer = layers(graph);
    const order = [...graph.keys()].sort((a, b) => layer.get(a)! - layer.get(b)! || a.localeCompare(b));
    for (const folder of order) {
      const imports = [...(graph.get(folder)?.keys() ?? [])].sort();
      console.log(`  ${layer.get(folder)}  ${folder.padEnd(16)} → ${imports.join(', ') || '(nothing of ours)'}`);
    }
  }
  for (const cycle of cycles) {
    console.error(`Folder cycle: ${cycle.join(' ⇄ ')}. The imports that close it:`);
    for (const from of cycle)
      for (const [to, example] of graph.get(from) ?? []) if (cycle.includes(to)) console.error(`  ${example}`);
  }
  for (const violation of violations) console.error(`${violation.rule.name}: ${violation.from} → ${violation.to}`);
  for (const line of unresolved) console.error(`Cannot resolve: ${line}`);

  const summary = `${graph.size} folders, ${result.summary.totalCruised} modules, ${result.summary.totalDependenciesCruised} imports`;
  if (cycles.length || violations.length || unresolved.length) {
    console.error(`lint:cycles failed (${summary}).`);
    process.exitCode = 1;
  } else console.log(`No folder cycles (${summary}).`);
}

await main();
