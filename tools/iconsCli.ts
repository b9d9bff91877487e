import { mkdirSync, writeFileSync } from 'node:fs';
import { drawIconPng } from './drawIcon';

// `npm run icons`: writes public/icon/<size>.png, which WXT puts in the manifest.
const SIZES = [16, 32, 48, 96, 128];
mkdirSync('public/icon', { recursive: true });
for (const size of SIZES) writeFileSync(`public/icon/${size}.png`, drawIconPng(size));
console.log(`wrote public/icon/{${SIZES.join(',')}}.png`);
