// The local crash and exception log, <userData>/logs/tributary.log: what failed, where, and when, so a user
// can attach it to a bug report. Nothing leaves the machine. Secrets are scrubbed before anything is
// written, because error messages can quote a connection string or a failed SASL exchange.
import fs from 'node:fs';
import path from 'node:path';

export interface LogEvent {
  time: Date;
  /** Where it happened: "main uncaughtException", "renderer render-process-gone", "engine child-process-gone", … */
  source: string;
  message: string;
  stack?: string | undefined;
  /** Small structured facts (exit code, reason); values are scrubbed like the message. */
  details?: Record<string, string | number | boolean | null | undefined>;
}

export const LOG_LIMITS = { maxBytes: 1024 * 1024, keep: 3, maxEntryChars: 16_000 };

const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[private key removed]'],
  // user:password@host in any URL.
  [/([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi, '$1[credentials removed]@'],
  [/\b(authorization\s*[:=]\s*)(basic|bearer)\s+[^\s,;"']+/gi, '$1$2 [removed]'],
  [/(["']?(?:password|passphrase|secret|token|api[_-]?key|sasl[_-]?password|client[_-]?key(?:pem)?)["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;}&]+)/gi, '$1[removed]'],
  // The web host's per-run token travels in a URL fragment or query.
  [/([#?&]token=)[^\s&#]+/gi, '$1[removed]'],
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** One entry: a header line (time, source, message) and the indented stack and details below it. */
export function formatLogEntry(event: LogEvent): string {
  const oneLine = (text: string) => redactSecrets(text).replace(/\s*\n\s*/g, ' ⏎ ');
  const lines = [`${event.time.toISOString()} [${event.source}] ${oneLine(event.message)}`];
  for (const [key, value] of Object.entries(event.details ?? {})) if (value !== undefined) lines.push(`    ${key}: ${oneLine(String(value))}`);
  if (event.stack) for (const line of redactSecrets(event.stack).split('\n').slice(0, 40)) lines.push(`    ${line.trim()}`);
  let entry = lines.join('\n');
  if (entry.length > LOG_LIMITS.maxEntryChars) entry = `${entry.slice(0, LOG_LIMITS.maxEntryChars)} …[truncated]`;
  return `${entry}\n`;
}

/** Moves tributary.log to tributary.log.1 (and .1 to .2, …) once it would pass maxBytes; the oldest is dropped. */
export function rotateIfFull(file: string, incomingBytes: number, limits = LOG_LIMITS): void {
  let size = 0;
  try {
    size = fs.statSync(file).size;
  } catch {
    return;
  }
  if (size + incomingBytes <= limits.maxBytes) return;
  fs.rmSync(`${file}.${limits.keep}`, { force: true });
  for (let i = limits.keep - 1; i >= 1; i--) if (fs.existsSync(`${file}.${i}`)) fs.renameSync(`${file}.${i}`, `${file}.${i + 1}`);
  fs.renameSync(file, `${file}.1`);
}

export function appendToLog(file: string, event: LogEvent, limits = LOG_LIMITS): void {
  const entry = formatLogEntry(event);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  rotateIfFull(file, Buffer.byteLength(entry), limits);
  fs.appendFileSync(file, entry, { mode: 0o600 });
}

/** Logging must never be the thing that crashes the app: a full disk or a read-only profile is swallowed. */
export function crashLogger(file: string): (event: Omit<LogEvent, 'time'>) => void {
  return (event) => {
    try {
      appendToLog(file, { ...event, time: new Date() });
    } catch {
      // Nowhere better to report a failure to write the failure report.
    }
  };
}
