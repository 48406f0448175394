// Opens a URL in the user's default browser, if the machine has one; otherwise the printed URL is enough.
import { spawn } from 'node:child_process';

export function openInBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => console.log(`(no browser opener found: open ${url} yourself)`));
  child.unref();
}
