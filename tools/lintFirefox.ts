// `npm run lint:firefox`: Mozilla's own linter (web-ext lint, offline) on the Firefox build. Fails on any error,
// and on any warning except the one we cannot remove and have checked: react-dom's code path for
// `dangerouslySetInnerHTML` (an innerHTML assignment next to `__html`), which this extension never uses.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SOURCE_DIR = '.output/firefox-mv2';
type Message = { code: string; message: string; file?: string; line?: number; column?: number };

let report: { errors: Message[]; warnings: Message[]; notices: Message[] };
try {
  report = JSON.parse(
    execFileSync('npx', ['web-ext', 'lint', '--source-dir', SOURCE_DIR, '--output', 'json'], { encoding: 'utf8' }),
  );
} catch (error) {
  // web-ext exits non-zero when it finds errors; its JSON is still on stdout.
  const stdout = (error as { stdout?: string }).stdout;
  if (!stdout) throw error;
  report = JSON.parse(stdout);
}

function isReactInnerHtml(warning: Message): boolean {
  if (warning.code !== 'UNSAFE_VAR_ASSIGNMENT' || !warning.file || warning.line === undefined) return false;
  const line = readFileSync(join(SOURCE_DIR, warning.file), 'utf8').split('\n')[warning.line - 1] ?? '';
  const start = Math.max(0, (warning.column ?? 0) - 120);
  return /__html/.test(line.slice(start, (warning.column ?? 0) + 40));
}

const accepted = report.warnings.filter(isReactInnerHtml);
const problems = [...report.errors, ...report.warnings.filter((w) => !accepted.includes(w))];
for (const m of problems) console.log(`${m.code} ${m.file ?? ''}:${m.line ?? ''} ${m.message}`);
console.log(
  `web-ext lint: ${report.errors.length} errors, ${report.warnings.length} warnings (${accepted.length} accepted: react-dom's dangerouslySetInnerHTML path), ${report.notices.length} notices`,
);
process.exit(problems.length ? 1 : 0);
