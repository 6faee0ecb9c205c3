import fs from 'node:fs';
import path from 'node:path';
import { PontesError } from '../../errors.js';

const LOCK_NAME = 'pontes.lock';

export interface FolderLock {
  release(): void;
}

/**
 * Takes an exclusive lock on the embedded database's folder. PGlite has no lock of its own and
 * two processes on one folder corrupt it, so a second Pontes process must fail fast. The lock
 * file holds the owner's pid; a lock whose pid no longer runs is stale and is taken over.
 * (proper-lockfile and friends judge staleness by age, not by pid: see docs/adr/0002.)
 */
export function lockDataFolder(dataDir: string): FolderLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, LOCK_NAME);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx', 0o644);
      fs.writeSync(fd, `${process.pid}\n`);
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          try {
            if (readPid(lockPath) === process.pid) fs.unlinkSync(lockPath);
          } catch {
            // already gone: nothing to release
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readPid(lockPath);
      if (owner !== undefined && owner !== process.pid && isRunning(owner)) {
        throw new PontesError('DATA_FOLDER_IN_USE', {
          detail: `data folder ${dataDir} is in use by pid ${owner}; stop that process first (two processes on one embedded database corrupt it)`,
          params: { pid: owner, dataDir },
        });
      }
      // Stale (its process is gone), unreadable or our own: remove it and try again.
      try {
        fs.unlinkSync(lockPath);
      } catch {
        // another process may have removed it first; the next attempt decides
      }
    }
  }
  throw new PontesError('DATA_FOLDER_IN_USE', { detail: `could not take the lock on ${dataDir}` });
}

function readPid(lockPath: string): number | undefined {
  try {
    const text = fs.readFileSync(lockPath, 'utf8').trim();
    const pid = Number(text);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
