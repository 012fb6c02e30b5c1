// Writes the PWA icons under web/public/icons/ as PNG files.
//
// There is no image toolchain in this repository (and no network to fetch one), so the
// mark — a honeycomb cell: an amber hexagon, a dark ring, an amber core — is rasterised
// pixel by pixel here and encoded with node:zlib. Run it again only if the mark changes:
//   node web/scripts/generate-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');

const AMBER = [245, 158, 11, 255];
const INK = [28, 25, 23, 255];
const CLEAR = [0, 0, 0, 0];
const SUPERSAMPLES = 4; // 4x4 samples per pixel smooth the hexagon edges.

/** Inside a pointy-top regular hexagon of circumradius r centred on the origin. */
function inHexagon(x, y, r) {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  return ax <= (r * Math.sqrt(3)) / 2 && ay <= r - ax / Math.sqrt(3);
}

/**
 * Colour of a point of the mark, in units where the outer hexagon has radius 1.
 * Returns null outside the mark.
 */
function markColour(x, y) {
  if (inHexagon(x, y, 0.42)) return AMBER;
  if (inHexagon(x, y, 0.66)) return INK;
  if (inHexagon(x, y, 1)) return AMBER;
  return null;
}

/**
 * @param size      edge length in pixels
 * @param markScale radius of the mark as a fraction of half the edge
 * @param background colour behind the mark (CLEAR for a transparent icon)
 */
function renderIcon(size, markScale, background) {
  const rgba = new Uint8Array(size * size * 4);
  const half = size / 2;
  const radius = half * markScale;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SUPERSAMPLES; sy++) {
        for (let sx = 0; sx < SUPERSAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SUPERSAMPLES - half) / radius;
          const y = (py + (sy + 0.5) / SUPERSAMPLES - half) / radius;
          const colour = markColour(x, y) ?? background;
          // Premultiply so transparent samples do not darken the edges.
          const alpha = colour[3] / 255;
          sum[0] += colour[0] * alpha;
          sum[1] += colour[1] * alpha;
          sum[2] += colour[2] * alpha;
          sum[3] += colour[3];
        }
      }
      const samples = SUPERSAMPLES * SUPERSAMPLES;
      const alpha = sum[3] / samples;
      const offset = (py * size + px) * 4;
      const unpremultiply = alpha > 0 ? 255 / alpha : 0;
      rgba[offset] = Math.round((sum[0] / samples) * unpremultiply);
      rgba[offset + 1] = Math.round((sum[1] / samples) * unpremultiply);
      rgba[offset + 2] = Math.round((sum[2] / samples) * unpremultiply);
      rgba[offset + 3] = Math.round(alpha);
    }
  }
  return encodePng(size, size, rgba);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Minimal PNG: 8-bit RGBA, no interlacing, filter type 0 on every row. */
function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0;
    Buffer.from(rgba.buffer, y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const ICONS = [
  // "any" purpose: the mark alone on transparency, nearly edge to edge.
  { file: 'icon-192.png', size: 192, markScale: 0.94, background: CLEAR },
  { file: 'icon-512.png', size: 512, markScale: 0.94, background: CLEAR },
  // Maskable: full-bleed background, mark inside the 80% safe circle the OS may crop to.
  { file: 'icon-maskable-512.png', size: 512, markScale: 0.62, background: INK },
  // iOS ignores the manifest icons and does not honour transparency.
  { file: 'apple-touch-icon-180.png', size: 180, markScale: 0.7, background: INK },
];

mkdirSync(OUT_DIR, { recursive: true });
for (const icon of ICONS) {
  writeFileSync(join(OUT_DIR, icon.file), renderIcon(icon.size, icon.markScale, icon.background));
  console.log(`wrote ${join(OUT_DIR, icon.file)}`);
}
