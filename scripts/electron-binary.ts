// Finds Electron's binary without asking the electron package for it: since Electron 45, requiring the
// package downloads the binary from GitHub releases when it is missing, which cannot work on machines
// that only reach package registries. Null means "run the browser host instead".
import fs from 'node:fs';
import path from 'node:path';

export function findElectronBinary(root: string): string | null {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : process.platform === 'win32' ? 'electron.exe' : 'electron';
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(pkg, 'dist');
  const binary = path.join(dist, relative);
  return fs.existsSync(binary) ? binary : null;
}
