// Electronegativity over the desktop app (sources and built bundles): no high or medium finding may appear
// unless electronegativity-allowlist.json accepts it with a reason that the README's security section repeats.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Finding } from './run-electronegativity.ts';

const root = path.resolve(import.meta.dirname, '../..');
const allowlist = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'electronegativity-allowlist.json'), 'utf8')) as { accepted: Array<{ check: string; files: string[]; why: string }> };

function scan(): Finding[] {
  const output = execFileSync(process.execPath, [path.join(import.meta.dirname, 'run-electronegativity.ts')], { encoding: 'utf8', timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
  return (JSON.parse(output) as { findings: Finding[] }).findings;
}

const accepted = (f: Finding) => allowlist.accepted.some((a) => a.check === f.id && a.files.includes(f.file));

it('finds no high or medium Electronegativity issue in the desktop app beyond the explained ones', () => {
  const findings = scan();
  expect(findings.some((f) => f.file.startsWith('out/main/')), 'the built bundle is scanned too: run `npx electron-vite build` first').toBe(true);
  const serious = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');
  expect(serious.filter((f) => !accepted(f)).map((f) => `${f.id} ${f.severity} ${f.file}:${f.line} ${f.sample}`)).toEqual([]);
  const stale = allowlist.accepted.filter((a) => !serious.some((f) => f.id === a.check));
  expect(stale.map((a) => a.check)).toEqual([]);
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  for (const a of allowlist.accepted) expect(readme).toContain(a.check);
}, 120_000);
