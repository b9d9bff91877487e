import { existsSync } from 'node:fs';
import { CHROMIUM_HELP, findChromium } from '../../../lib/devtools/findChromium';
import { BUILD_DIR } from './extension';

/** Fails the run, loudly, when there is nothing to test with. Never a silent skip. */
export default function setup() {
  if (!findChromium()) throw new Error(`E2E tests need Chromium. ${CHROMIUM_HELP}`);
  if (!existsSync(`${BUILD_DIR}/manifest.json`)) throw new Error(`No build in ${BUILD_DIR}: run \`npm run build\` first.`);
}
