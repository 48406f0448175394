// Writes the icon set under resources/: icons/<n>x<n>.png for Linux (16..512), icon.png (512),
// icon.ico for Windows and icon.icns for macOS. Run with `node electron/icons/generate-icons.ts` after
// changing the drawing; the files are committed, so packaging never needs to run this.
import fs from 'node:fs';
import path from 'node:path';
import { drawIcon } from './draw-icon.ts';
import { encodeIco, encodeIcns, encodePng, ICNS_TYPES } from './icon-formats.ts';

export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

const resources = path.resolve(import.meta.dirname, '../../resources');
const sizes = [...new Set([...LINUX_SIZES, ...ICO_SIZES, ...ICNS_TYPES.map(([, s]) => s)])].sort((a, b) => a - b);
const bitmaps = new Map(sizes.map((s) => [s, drawIcon(s)]));
const pngs = new Map(sizes.map((s) => [s, encodePng(bitmaps.get(s)!)]));

fs.mkdirSync(path.join(resources, 'icons'), { recursive: true });
for (const s of LINUX_SIZES) fs.writeFileSync(path.join(resources, 'icons', `${s}x${s}.png`), pngs.get(s)!);
fs.writeFileSync(path.join(resources, 'icon.png'), pngs.get(512)!);
fs.writeFileSync(path.join(resources, 'icon.ico'), encodeIco(ICO_SIZES.map((s) => bitmaps.get(s)!)));
fs.writeFileSync(path.join(resources, 'icon.icns'), encodeIcns(pngs));
console.log(`wrote ${LINUX_SIZES.length} PNGs, icon.png, icon.ico (${ICO_SIZES.join(', ')}) and icon.icns (${ICNS_TYPES.map(([t]) => t).join(', ')}) to ${resources}`);
