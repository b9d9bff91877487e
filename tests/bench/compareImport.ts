// `npx tsx tests/bench/compareImport.ts <build A> <build B> [--runs=N]`: the bench's import section
// (./importFigures.ts) for two builds in turn, A, B, A, B…, on the same machine in the same minutes: before and
// after a change, on a machine whose load drifts more between two runs than the change moves the figures.
import '../../lib/zodSetup';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startFeedServer } from '../e2e/support/feedServer';
import { importFigures, type ImportFigures } from './importFigures';

const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 2);
const builds = process.argv
  .slice(2)
  .filter((a) => !a.startsWith('--'))
  .map((dir) => resolve(dir));
if (builds.length !== 2) throw new Error('usage: compareImport.ts <build A> <build B> [--runs=N]');

const server = await startFeedServer();
const results: ImportFigures[][] = [[], []];
try {
  for (let round = 0; round < runs; round++) {
    for (const [which, build] of builds.entries()) {
      // A copy, with the feed server's origin granted (a headless browser cannot answer the permission prompt).
      const dir = mkdtempSync(join(tmpdir(), 'asb-compare-import-'));
      cpSync(build, dir, { recursive: true });
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      manifest.host_permissions = ['http://127.0.0.1/*'];
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
      try {
        const figures = await importFigures(server, dir);
        results[which]!.push(figures);
        console.log(
          `${which ? 'B' : 'A'} run ${round + 1}: ${JSON.stringify(figures, (_, v) => (typeof v === 'number' ? Math.round(v) : v))}`,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
} finally {
  await server.close();
}
const range = (values: number[]) => `${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))}`;
for (const [which, build] of builds.entries()) {
  const r = results[which]!;
  console.log(
    `${which ? 'B' : 'A'} ${build}: answered ${range(r.map((f) => f.answerMs))} ms; options page's longest task ${range(r.map((f) => f.longestTaskMs))} ms; popup during the import ÷ before ${range(r.map((f) => (f.popupDuringMs / f.popupBeforeMs) * 100)).replace(/(\d+)/g, (n) => (Number(n) / 100).toFixed(2))}×`,
  );
}
