// Pure formatting for the pages: relative and absolute times, Kafka retention, rough counts and durations.
// No DOM and no Svelte, so the unit tests pin exactly what a user reads.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function toMillis(when: string | number | Date): number {
  return when instanceof Date ? when.getTime() : typeof when === 'number' ? when : Date.parse(when);
}

/** "just now", "5 min ago", "3 h ago", "12 d ago"; a time slightly ahead of `now` (clock skew) reads as "just now". */
export function relativeTime(when: string | number | Date, now: number = Date.now()): string {
  const then = toMillis(when);
  if (Number.isNaN(then)) return 'at an unknown time';
  const age = now - then;
  if (age < -MINUTE) return 'in the future (check the clock)';
  if (age < 45 * SECOND) return 'just now';
  if (age < HOUR) return `${Math.max(1, Math.round(age / MINUTE))} min ago`;
  if (age < DAY) return `${Math.floor(age / HOUR)} h ago`;
  if (age < 60 * DAY) return `${Math.floor(age / DAY)} d ago`;
  if (age < 730 * DAY) return `${Math.floor(age / (30 * DAY))} mo ago`;
  return `${Math.floor(age / (365 * DAY))} y ago`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local wall-clock time as "2025-03-04 17:05:09": sortable, unambiguous, no locale surprises. */
export function absoluteTime(when: string | number | Date): string {
  const then = toMillis(when);
  if (Number.isNaN(then)) return 'unknown time';
  const d = new Date(then);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

const DURATION_UNITS: ReadonlyArray<[number, string]> = [
  [DAY, 'd'],
  [HOUR, 'h'],
  [MINUTE, 'min'],
  [SECOND, 's'],
  [1, 'ms'],
];

/** A duration in ms in its largest whole unit ("7 d"), the next unit when that is exact ("36 h"), else one decimal ("1.5 d"). */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '∞';
  if (ms === 0) return '0 ms';
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  const i = DURATION_UNITS.findIndex(([size]) => abs >= size);
  if (i < 0) return `${sign}${trimDecimal(abs)} ms`;
  const [size, unit] = DURATION_UNITS[i]!;
  if (abs % size === 0) return `${sign}${abs / size} ${unit}`;
  // 1.5 d reads better as 36 h when the smaller unit is exact and short.
  const smaller = DURATION_UNITS[i + 1];
  if (smaller && abs % smaller[0] === 0 && abs / smaller[0] < 100) return `${sign}${abs / smaller[0]} ${smaller[1]}`;
  return `${sign}${trimDecimal(abs / size)} ${unit}`;
}

function trimDecimal(n: number): string {
  return n.toFixed(1).replace(/\.0$/, '');
}

/**
 * Kafka's retention.ms as a person reads it: -1 is "∞" (keep forever), '' means the topic reported none
 * (the snapshot has no value), anything else a duration.
 */
export function retention(retentionMs: string): string {
  const text = retentionMs.trim();
  if (text === '') return '—';
  if (!/^-?\d+$/.test(text)) return text;
  const ms = Number(text);
  if (ms < 0) return '∞';
  return duration(ms);
}

/** A sort key for retention.ms: unknown first, then shortest to longest, infinite last. */
export function retentionSortKey(retentionMs: string): number {
  const text = retentionMs.trim();
  if (!/^-?\d+$/.test(text)) return -1;
  const ms = Number(text);
  return ms < 0 ? Number.POSITIVE_INFINITY : ms;
}

/** 950 → "950", 1234 → "1.2 k", 5_600_000 → "5.6 M", 7e9 → "7 B". */
export function compactNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const units = ['', 'k', 'M', 'B', 'T'];
  let scaled = Math.abs(n);
  let unit = 0;
  while (scaled >= 1000 && unit < units.length - 1) {
    scaled /= 1000;
    unit += 1;
  }
  if (unit === 0) return String(Math.round(n));
  let text = scaled >= 100 ? String(Math.round(scaled)) : trimDecimal(scaled);
  // 999_950 rounds to "1000 k"; say "1 M" instead.
  if (text === '1000' && unit < units.length - 1) {
    text = '1';
    unit += 1;
  }
  return `${n < 0 ? '-' : ''}${text} ${units[unit]}`;
}

/** Round-trip times and sync durations: "12 ms", "1.4 s", "2 min 5 s". */
export function elapsed(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < SECOND) return `${Math.round(ms)} ms`;
  if (ms < MINUTE) return `${trimDecimal(ms / SECOND)} s`;
  const minutes = Math.floor(ms / MINUTE);
  const seconds = Math.round((ms % MINUTE) / SECOND);
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

/** "1 topic", "3 topics". */
export function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? word : pluralWord}`;
}
