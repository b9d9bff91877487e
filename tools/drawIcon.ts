import { deflateSync } from 'node:zlib';

// The toolbar icon, drawn from one definition at every size (`npm run icons`): a shield on a rounded square.
// Drawn in code rather than from an SVG so no image tool or native binary is needed.

const BACKGROUND = [0x1d, 0x3a, 0x8a];
const SHIELD = [0xff, 0xff, 0xff];
const MARK = [0xe0, 0x4f, 0x39];

/** Colour at (x, y) in the unit square, or null for transparent. */
function colourAt(x: number, y: number): number[] | null {
  const r = 0.2;
  const dx = Math.max(r - x, 0, x - (1 - r));
  const dy = Math.max(r - y, 0, y - (1 - r));
  if (dx * dx + dy * dy > r * r) return null;
  const cx = x - 0.5;
  // Shield: flat top, sides curving to a point at the bottom.
  const inShield =
    y > 0.18 && y < 0.86 && Math.abs(cx) < 0.32 * (y < 0.5 ? 1 : Math.sqrt(Math.max(0, (0.86 - y) / 0.36)));
  if (!inShield) return BACKGROUND;
  // A "new" dot in the shield.
  const d = Math.hypot(cx, y - 0.47);
  return d < 0.12 ? MARK : SHIELD;
}

export function drawIconPng(size: number): Buffer {
  const samples = 4;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let py = 0; py < size; py++) {
    raw[py * (size * 4 + 1)] = 0;
    for (let px = 0; px < size; px++) {
      let red = 0,
        green = 0,
        blue = 0,
        alpha = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = colourAt((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          if (!c) continue;
          red += c[0]!;
          green += c[1]!;
          blue += c[2]!;
          alpha += 255;
        }
      }
      const n = samples * samples;
      const covered = alpha / 255 || 1;
      const at = py * (size * 4 + 1) + 1 + px * 4;
      raw[at] = Math.round(red / covered);
      raw[at + 1] = Math.round(green / covered);
      raw[at + 2] = Math.round(blue / covered);
      raw[at + 3] = Math.round(alpha / n);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}
