// What each entry point of a build loads, in bytes raw and gzipped (level 9): for the bench and the size budget.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

export type Size = { files: string[]; raw: number; gzip: number };

function sizeOf(dir: string, files: string[]): Size {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(join(dir, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files, raw, gzip };
}

/** The scripts and styles an HTML page names (scripts, module preloads, style sheets), as paths in the build. */
export function assetsOf(dir: string, htmlFile: string): string[] {
  const html = readFileSync(join(dir, htmlFile), 'utf8');
  return [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
}

/** Chunks a script imports, statically or with `import()` (relative specifiers only, as the bundler writes them). */
function importsOf(dir: string, file: string): { static: string[]; dynamic: string[] } {
  const code = readFileSync(join(dir, file), 'utf8');
  const resolve = (spec: string) => posix.join(posix.dirname(file), spec);
  const staticImports = [...code.matchAll(/(?:\bfrom|\bimport)\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g)].map((m) =>
    resolve(m[1]!),
  );
  const dynamicImports = [...code.matchAll(/\bimport\(\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]\s*\)/g)].map((m) =>
    resolve(m[1]!),
  );
  return { static: staticImports, dynamic: dynamicImports };
}

/**
 * A page's JavaScript: `initial`, what loads before it can paint (the scripts the HTML names and what they import
 * statically); `later`, what it may load afterwards with `import()` (and what those import), not counted in `initial`.
 */
export function pageScripts(dir: string, htmlFile: string): { initial: Size; later: Size } {
  const initial = new Set<string>();
  const visit = (file: string, into: Set<string>, pending: string[]) => {
    if (into.has(file) || initial.has(file)) return;
    into.add(file);
    const found = importsOf(dir, file);
    for (const next of found.static) visit(next, into, pending);
    pending.push(...found.dynamic);
  };
  const dynamic: string[] = [];
  for (const file of assetsOf(dir, htmlFile).filter((f) => f.endsWith('.js'))) visit(file, initial, dynamic);
  const later = new Set<string>();
  while (dynamic.length) visit(dynamic.shift()!, later, dynamic);
  return { initial: sizeOf(dir, [...initial]), later: sizeOf(dir, [...later]) };
}

export function styles(dir: string, htmlFile: string): Size {
  return sizeOf(
    dir,
    assetsOf(dir, htmlFile).filter((f) => f.endsWith('.css')),
  );
}

export function files(dir: string, list: string[]): Size {
  return sizeOf(dir, list);
}

export function contentScripts(dir: string): Size {
  const contentDir = join(dir, 'content-scripts');
  const list = existsSync(contentDir)
    ? readdirSync(contentDir)
        .filter((f) => f.endsWith('.js'))
        .map((f) => join('content-scripts', f))
    : [];
  return sizeOf(dir, list);
}
