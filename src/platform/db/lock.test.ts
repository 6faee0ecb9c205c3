import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataFolder } from './lock.js';

const folders: string[] = [];
function tempFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pontes-lock-'));
  folders.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('lockDataFolder', () => {
  it('writes our pid and removes the lock on release', () => {
    const dir = tempFolder();
    const lock = lockDataFolder(dir);
    expect(fs.readFileSync(path.join(dir, 'pontes.lock'), 'utf8').trim()).toBe(String(process.pid));
    lock.release();
    expect(fs.existsSync(path.join(dir, 'pontes.lock'))).toBe(false);
  });

  it('refuses a folder held by a running process, naming its pid', async () => {
    const dir = tempFolder();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      fs.writeFileSync(path.join(dir, 'pontes.lock'), `${holder.pid}\n`);
      expect(() => lockDataFolder(dir)).toThrowError(new RegExp(`in use by pid ${holder.pid}`));
      // the holder's lock is left alone
      expect(fs.readFileSync(path.join(dir, 'pontes.lock'), 'utf8').trim()).toBe(String(holder.pid));
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('takes over a lock left by a process that no longer runs', () => {
    const dir = tempFolder();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    fs.writeFileSync(path.join(dir, 'pontes.lock'), `${gone.stdout}\n`);
    const lock = lockDataFolder(dir);
    expect(fs.readFileSync(path.join(dir, 'pontes.lock'), 'utf8').trim()).toBe(String(process.pid));
    lock.release();
  });

  it('takes over an unreadable lock file', () => {
    const dir = tempFolder();
    fs.writeFileSync(path.join(dir, 'pontes.lock'), 'garbage');
    lockDataFolder(dir).release();
  });
});
