import { z } from 'zod';

// zod 4 probes `new Function` to compile fast parsers; MV3's CSP forbids it (and web-ext lint flags it).
// Every entry point imports this module first.
z.config({ jitless: true });
