// Encoders for the app icon files electron-builder wants — PNG, Windows .ico and macOS .icns — written with
// node:zlib alone, so the icon set can be rebuilt on any machine without ImageMagick or Pillow.
import zlib from 'node:zlib';

/** Straight (non-premultiplied) RGBA, row-major, 4 bytes per pixel. */
export interface Bitmap {
  size: number;
  rgba: Uint8Array;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

export function encodePng({ size, rgba }: Bitmap): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    raw.set(rgba.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** A classic 32-bit DIB entry (BGRA, bottom-up, plus the 1-bit AND mask) — what every Windows tool reads. */
function encodeDib({ size, rgba }: Bitmap): Buffer {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // colour rows + mask rows
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(size * size * 4, 20);
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = ((size - 1 - y) * size + x) * 4;
      pixels[to] = rgba[from + 2]!;
      pixels[to + 1] = rgba[from + 1]!;
      pixels[to + 2] = rgba[from]!;
      pixels[to + 3] = rgba[from + 3]!;
    }
  }
  const maskRow = Math.ceil(size / 32) * 4;
  const mask = Buffer.alloc(maskRow * size); // all zero: the alpha channel decides
  return Buffer.concat([header, pixels, mask]);
}

/** Sizes up to 128 as DIBs (NSIS and old shells need them), 256 as PNG (the format's only large entry). */
export function encodeIco(bitmaps: readonly Bitmap[]): Buffer {
  const images = bitmaps.map((b) => (b.size >= 256 ? encodePng(b) : encodeDib(b)));
  const header = Buffer.alloc(6);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(bitmaps.length, 4);
  let offset = 6 + 16 * bitmaps.length;
  const entries = bitmaps.map((b, i) => {
    const entry = Buffer.alloc(16);
    entry[0] = b.size >= 256 ? 0 : b.size;
    entry[1] = b.size >= 256 ? 0 : b.size;
    entry.writeUInt16LE(1, 4);
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(images[i]!.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += images[i]!.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images]);
}

/** The PNG-carrying icns types, by pixel size: ic07..ic10 (1x) and ic11..ic14 (2x of half the size). */
export const ICNS_TYPES: ReadonlyArray<[string, number]> = [
  ['ic11', 32],
  ['ic12', 64],
  ['ic07', 128],
  ['ic13', 256],
  ['ic08', 256],
  ['ic14', 512],
  ['ic09', 512],
  ['ic10', 1024],
];

export function encodeIcns(pngBySize: ReadonlyMap<number, Buffer>): Buffer {
  const parts = ICNS_TYPES.map(([type, size]) => {
    const png = pngBySize.get(size);
    if (!png) throw new Error(`no ${size}px PNG for the icns ${type} entry`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}
