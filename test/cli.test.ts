import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPath } from '../src/platform/paths.js';
import { jsonl, practiceRecord, readOutbox } from './helpers.js';

// The real `pontes` command (bin/pontes.js → dist/), on a real data folder, in child processes.
const BIN = projectPath('bin', 'pontes.js');
let dataDir: string;
let env: NodeJS.ProcessEnv;
/** An admin's write token, made with `pontes tokens create` before the server starts. */
let adminToken = '';

function run(args: string[], extraEnv: Record<string, string> = {}, input?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], { env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 120_000, input: input ?? '' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function startServer(port: number): Promise<{ child: ChildProcess; log: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve'], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (!log.includes('Pontes is running')) {
    if (child.exitCode !== null) throw new Error(`serve exited early:\n${log}`);
    if (Date.now() > deadline) throw new Error(`serve did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, log: () => log };
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

beforeAll(() => {
  expect(fs.existsSync(projectPath('dist', 'main.js')), 'dist/ is built by npm ci / npm test').toBe(true);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pontes-cli-'));
  env = { ...process.env, PONTES_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' };
  delete env.PONTES_ADMIN_TOKEN;
  delete env.PONTES_OUTBOX_DIR;
});
afterAll(() => {
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the pontes command', () => {
  it('prints help, and refuses unknown commands and bad configuration clearly', () => {
    expect(run(['--help'])).toMatchObject({ code: 0 });
    const unknown = run(['fly']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "fly"');
    const badConfig = run(['migrate'], { PORT: 'x' });
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toContain('PORT must be a whole number');
  });

  it('loads countries and the world\'s places into a new data folder, with progress', () => {
    const result = run(['migrate']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Loading places');
    expect(result.stderr).toMatch(/Loading places: 13\d{4} places/);
    expect(result.stdout).toBe('');
    // a second open loads nothing again
    expect(run(['migrate']).stderr).not.toContain('Loading places');
  }, 240_000); // ~40 s alone; 135k places, slower when the machine is busy

  it('users and tokens: the first admin, a token on the last line, list, invite, disable', () => {
    const refused = run(['users', 'create', '--email', 'admin@example.org', '--role', 'admin'], {}, 'a long enough password\nnot the same password\n');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('differ');
    const tooShort = run(['users', 'create', '--email', 'admin@example.org', '--role', 'admin'], {}, 'short\nshort\n');
    expect(tooShort.code).toBe(1);
    expect(tooShort.stderr).toContain('password: too_short');
    expect(run(['users', 'create', '--email', 'admin@example.org', '--role', 'king'], {}, 'x\nx\n').code).toBe(2);
    const created = run(['users', 'create', '--email', 'Admin@Example.org', '--role', 'admin', '--name', 'Ana Admin'], {}, 'a long enough password\na long enough password\n');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toContain('Created Admin@Example.org (admin)');
    const again = run(['users', 'create', '--email', 'admin@example.org', '--role', 'member'], {}, 'a long enough password\na long enough password\n');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    expect(run(['users', 'create', '--email', 'curator@example.org', '--role', 'curator'], {}, 'curator password 1\ncurator password 1\n').code).toBe(0);

    const token = run(['tokens', 'create', '--email', 'admin@example.org', '--scope', 'write', '--name', 'importer']);
    expect(token.code, token.stderr).toBe(0);
    adminToken = token.stdout.trim().split('\n').at(-1)!;
    expect(adminToken).toMatch(/^pontes_[A-Za-z0-9_-]{43}$/);
    // a curator cannot hold an admin-scoped token
    const above = run(['tokens', 'create', '--email', 'curator@example.org', '--scope', 'admin']);
    expect(above.code).toBe(1);
    expect(above.stderr).toContain('scope: above_role');
    expect(run(['tokens', 'create', '--email', 'nobody@example.org', '--scope', 'read']).stderr).toContain('no member has the email');

    const invited = run(['users', 'invite', '--email', 'guest@example.org', '--role', 'curator']);
    expect(invited.code, invited.stderr).toBe(0);
    const mail = readOutbox({ outboxDir: path.join(dataDir, 'outbox') });
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ to: 'guest@example.org', subject: 'You are invited to Pontes' });
    expect(mail[0]!.text).toMatch(/http:\/\/127\.0\.0\.1:3000\/register\?invitation=[A-Za-z0-9_-]{43}/);

    expect(run(['users', 'disable', '--email', 'curator@example.org']).code).toBe(0);
    const list = run(['users', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout.replace(/\n$/, '').split('\n')).toEqual(['Admin@Example.org\tadmin\tactive\tverified\tAna Admin', 'curator@example.org\tcurator\tdisabled\tverified\t']);
    // the last admin cannot be disabled
    const last = run(['users', 'disable', '--email', 'admin@example.org']);
    expect(last.code).toBe(1);
    expect(last.stderr).toContain('last active administrator');
    // the old configured token is refused with a way forward
    const old = run(['users', 'list'], { PONTES_ADMIN_TOKEN: 'an-old-admin-token-123' });
    expect(old.code).toBe(1);
    expect(old.stderr).toContain('pontes tokens create');
  }, 240_000);

  it('serve loads the demo into an empty catalogue, holds the folder, survives SIGKILL and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const first = await startServer(port);
    try {
      expect(first.log()).toContain('Loaded the demo');
      const home = await fetch(`http://127.0.0.1:${port}/`);
      expect(home.status).toBe(200);
      // a second process on the same folder is refused, naming the holder
      const second = run(['import', 'practices', BIN]);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`in use by pid ${first.child.pid}`);
      // an acknowledged write…
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/imports?source=durability`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${adminToken}` },
        body: jsonl([practiceRecord({ id: 'acknowledged', title: 'Written just before the crash' })]).toString('utf8'),
      });
      expect(response.status).toBe(200);
    } finally {
      first.child.kill('SIGKILL');
      await exited(first.child);
    }
    // …survives the process being killed; the stale lock does not block
    const again = await startServer(port);
    try {
      expect(again.log()).not.toContain('Loaded the demo');
      const list = (await (await fetch(`http://127.0.0.1:${port}/api/v1/practices?source=durability`)).json()) as { items: { title: string }[] };
      expect(list.items.map((p) => p.title)).toEqual(['Written just before the crash']);
    } finally {
      again.child.kill('SIGTERM');
    }
    expect(await exited(again.child)).toBe(0);
    expect(again.log()).toContain('closed cleanly');
    expect(fs.existsSync(path.join(dataDir, 'pontes.lock'))).toBe(false);
  });

  it('import refuses a file with a bad line, names the line, and changes nothing; then imports a good one', () => {
    const bad = path.join(dataDir, 'bad.jsonl');
    fs.writeFileSync(bad, [JSON.stringify(practiceRecord({ id: 'c1' })), JSON.stringify(practiceRecord({ id: 'c2', pillars: ['happiness'] }))].join('\n'));
    const refused = run(['import', 'practices', bad, '--source', 'cli']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('1 bad line; nothing was imported');
    expect(refused.stderr).toMatch(/line 2, pillars\[0\]: must be one of: .*\(value: happiness\)/);
    const good = path.join(dataDir, 'good.jsonl');
    fs.writeFileSync(good, jsonl([practiceRecord({ id: 'c1' }), practiceRecord({ id: 'c2' })]));
    const imported = run(['import', 'practices', good, '--source', 'cli', '--status', 'draft']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain('2 added, 0 updated, 0 refused');
    const summary = JSON.parse(imported.stdout.trim().split('\n').at(-1)!) as { added: number; status: string };
    expect(summary).toMatchObject({ added: 2, status: 'draft' });
    expect(run(['import', 'practices', path.join(dataDir, 'missing.jsonl')]).stderr).toContain('cannot read');
    expect(run(['import', 'practices', good, '--status', 'lost']).code).toBe(2);
  });

  it('export writes the exchange format, every status for the operator, filtered on request', () => {
    const out = path.join(dataDir, 'out.jsonl');
    const result = run(['export', 'practices', '--source', 'cli', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string });
    expect(lines.map((r) => r.id).sort()).toEqual(['c1', 'c2']);
    const toStdout = run(['export', 'practices', '--source', 'ilo-2013-handbook', '--sectors', 'markets_street_vending']);
    expect(toStdout.stdout.trim().split('\n').length).toBeGreaterThan(0);
    expect(toStdout.stdout).toContain('ilo2013-maputo-markets-hygiene-vendors');
    const badFilter = run(['export', 'practices', '--pillars', 'nope']);
    expect(badFilter.code).toBe(1);
    expect(badFilter.stderr).toContain('unknown value "nope" for filter pillars');
  });
});
