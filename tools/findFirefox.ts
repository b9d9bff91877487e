import { existsSync } from 'node:fs';

// Node-side only (dev server, e2e tests, screenshots): where a Firefox lives on this machine. The tests are run
// against Firefox ESR, the version Debian ships and CI installs.
const CANDIDATES = [
  '/usr/bin/firefox-esr',
  '/usr/bin/firefox',
  '/snap/bin/firefox',
  '/Applications/Firefox.app/Contents/MacOS/firefox',
  'C:\\Program Files\\Mozilla Firefox\\firefox.exe',
];

/** `FIREFOX_PATH` if set, else the first known install location that exists. */
export function findFirefox(): string | undefined {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

export const FIREFOX_HELP =
  'No Firefox found. Install Firefox ESR (Debian/Ubuntu: `sudo apt-get install -y firefox-esr`; or Firefox from ' +
  'mozilla.org), or point FIREFOX_PATH at its executable.';
