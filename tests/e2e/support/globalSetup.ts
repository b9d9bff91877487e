import { existsSync } from 'node:fs';
import { BUILD_DIRS, browserExecutable, browsers } from './extension';

/** Fails the run, loudly, when there is nothing to test with. Never a silent skip. */
export default function setup() {
  if (!browsers.length)
    throw new Error(`E2E_BROWSERS="${process.env.E2E_BROWSERS}" names no browser: use chromium, firefox or both.`);
  for (const browser of browsers) {
    browserExecutable(browser); // throws with how to install it
    const build = BUILD_DIRS[browser];
    if (!existsSync(`${build}/manifest.json`)) {
      throw new Error(
        `No build in ${build}: run \`npm run ${browser === 'chromium' ? 'build' : 'build:firefox'}\` first.`,
      );
    }
  }
}
