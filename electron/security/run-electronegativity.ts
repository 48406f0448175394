// Runs Electronegativity (@doyensec/electronegativity) over the desktop app — electron/ (main, preload,
// engine), the renderer's sources and HTML, and the built out/main and out/preload bundles — offline, and
// prints its findings as JSON. Two of its network calls are cut off: the translations download (its retry
// crashes the process when offline) and AvailableSecurityFixesGlobalCheck, which downloads Electron's
// release list; the Electron version is read from node_modules instead.
// Usage: node electron/security/run-electronegativity.ts [--csv <file>]
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export interface Finding {
  id: string;
  severity: string;
  confidence: string;
  file: string;
  line: number;
  sample: string;
}

const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

/** What is scanned, copied into one folder because Electronegativity takes a single input path. */
const SCANNED: ReadonlyArray<[from: string, to: string]> = [
  ['electron/main', 'electron/main'],
  ['electron/preload', 'electron/preload'],
  ['electron/engine', 'electron/engine'],
  ['src/renderer', 'src/renderer'],
  ['out/main', 'out/main'],
  ['out/preload', 'out/preload'],
  ['out/renderer/index.html', 'out/renderer/index.html'],
  ['package.json', 'package.json'],
];

function stage(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-electronegativity-'));
  for (const [from, to] of SCANNED) {
    const source = path.join(root, from);
    if (!fs.existsSync(source)) continue;
    fs.cpSync(source, path.join(dir, to), { recursive: true, filter: (f) => !/\.test\.ts$/.test(f) });
  }
  return dir;
}

function cutNetwork(): void {
  const got = require.resolve('got', { paths: [path.dirname(require.resolve('@doyensec/electronegativity'))] });
  const offline = Object.assign(() => Promise.reject(new Error('offline: Tributary scans without network')), { head: () => Promise.reject(new Error('offline')) });
  require.cache[got] = { id: got, filename: got, loaded: true, exports: Object.assign(offline, { default: offline }) } as unknown as NodeJS.Module;
}

export async function runElectronegativity(): Promise<{ findings: Finding[]; scanned: string; checks: number }> {
  cutNetwork();
  const run = require('@doyensec/electronegativity') as (options: object, forCli: boolean) => Promise<{ issues: any[]; globalChecks: number; atomicChecks: number; errors: unknown[] }>;
  const electronVersion = (require('electron/package.json') as { version: string }).version;
  const scanned = stage();
  const quiet = console.log;
  console.log = () => {};
  try {
    const result = await run(
      { input: scanned, isRelative: true, isVerbose: false, excludeFromScan: ['AvailableSecurityFixesGlobalCheck'], electronVersionOverride: electronVersion, severitySet: 'informational', confidenceSet: 'tentative', parserPlugins: [] },
      false,
    );
    const findings = result.issues.map((i) => ({
      id: String(i.id),
      severity: String(i.severity.name ?? i.severity.format?.() ?? i.severity),
      confidence: String(i.confidence.name ?? i.confidence.format?.() ?? i.confidence),
      file: String(i.file),
      line: Number(i.location?.line ?? 0),
      sample: String(i.sample ?? '').slice(0, 160),
    }));
    return { findings, scanned, checks: result.globalChecks + result.atomicChecks };
  } finally {
    console.log = quiet;
  }
}

if (import.meta.main) {
  const { findings, checks } = await runElectronegativity();
  const csvAt = process.argv.indexOf('--csv');
  if (csvAt > 0 && process.argv[csvAt + 1]) {
    const rows = findings.map((f) => [f.id, f.severity, f.confidence, f.file, f.line, f.sample].map((v) => JSON.stringify(String(v))).join(','));
    fs.writeFileSync(process.argv[csvAt + 1]!, ['issue,severity,confidence,file,line,sample', ...rows].join('\n') + '\n');
  }
  console.log(JSON.stringify({ checks, findings }, null, 1));
}
