import { config } from 'zod/mini';

// zod 4 probes `new Function` to compile fast parsers; MV3's CSP forbids it (and web-ext lint flags it).
// Every entry point imports this module first (the popup's and the side panel's: the module that loads their React
// page, components/digest/mountDigestPage.tsx, and their first-screen script). The project uses `zod/mini` only
// (classic zod is 23 KB gzipped of every page that imports it, and its schemas cost far more to build): ESLint
// refuses `import … from 'zod'`.
config({ jitless: true });
