// One Tributary per data folder: a lock file beside the cache names the process that holds it. A second
// engine on the same folder is refused while that process lives; a lock left by a process that died (a crash,
// a kill -9) is taken over, since nobody else can be writing the cache then.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TributaryError } from '../errors.ts';

export const LOCK_FILE = 'tributary.lock';

export interface InstanceLock {
  file: string;
  /** Whether an earlier holder's lock was found stale and taken over (its pid, for the log). */
  tookOverFrom: number | null;
  release(): void;
}

interface Holder {
  pid: number;
  host: string;
  startedAt: string;
  token: string;
}

/** Whether a process with this pid exists on this machine (EPERM: it exists but belongs to someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readRaw(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function readHolder(file: string): Holder | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Holder>;
    if (!Number.isInteger(parsed.pid) || typeof parsed.host !== 'string') return null;
    return { pid: parsed.pid!, host: parsed.host, startedAt: String(parsed.startedAt ?? ''), token: String(parsed.token ?? '') };
  } catch {
    return null;
  }
}

export function acquireInstanceLock(dataDir: string, opts: { pid?: number; isAlive?: (pid: number) => boolean } = {}): InstanceLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const isAlive = opts.isAlive ?? processAlive;
  const me: Holder = { pid: opts.pid ?? process.pid, host: os.hostname(), startedAt: new Date().toISOString(), token: crypto.randomUUID() };
  let tookOverFrom: number | null = null;
  // A few rounds: another starting instance may take over the same stale lock between our look and our write.
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      // O_EXCL: exactly one of two instances starting at once creates the file.
      fs.writeFileSync(file, JSON.stringify(me), { flag: 'wx' });
      return { file, tookOverFrom, release: () => release(file, me.token) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new TributaryError('Internal', `Could not write the lock file ${file}: ${(error as Error).message} — check that the data folder is writable`);
      }
    }
    const seen = readRaw(file);
    const holder = readHolder(file);
    if (holder && holder.host !== me.host) {
      throw new TributaryError('Conflict', `Tributary on ${holder.host} (pid ${holder.pid}) is using the data folder ${dataDir} — close it there first, or point TRIBUTARY_DATA at another folder. If it is no longer running, delete ${file}`);
    }
    if (holder && isAlive(holder.pid)) {
      throw new TributaryError('Conflict', `Tributary is already running with this data folder (pid ${holder.pid}, since ${holder.startedAt}) — switch to that window or close it, or point TRIBUTARY_DATA at another folder`);
    }
    // Stale (its process is gone) or unreadable (a crash while it was being written): move it aside under a
    // name of our own. If what we moved is not what we judged stale, another instance took over in between:
    // put its lock back, and the next round sees it alive.
    tookOverFrom = holder?.pid ?? null;
    const aside = `${file}.stale-${me.token}`;
    try {
      fs.renameSync(file, aside);
      if (readRaw(aside) === seen) fs.rmSync(aside, { force: true });
      else fs.renameSync(aside, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new TributaryError('Internal', `Could not replace the stale lock file ${file}: ${(error as Error).message}`);
    }
  }
  throw new TributaryError('Conflict', `Another Tributary keeps taking the lock on ${dataDir} — close the other instances and start again`);
}

/** Removes the lock only while it is still ours (a later holder's lock stays). */
function release(file: string, token: string): void {
  if (readHolder(file)?.token === token) fs.rmSync(file, { force: true });
}
