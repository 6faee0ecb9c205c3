import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPath } from '../src/platform/paths.js';
import { ADMIN_TOKEN, jsonl, practiceRecord } from './helpers.js';

// The real `pontes` command (bin/pontes.js → dist/), on a real data folder, in child processes.
const BIN = projectPath('bin', 'pontes.js');
let dataDir: string;
let env: NodeJS.ProcessEnv;

function run(args: string[], extraEnv: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 120_000 });
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
  env = { ...process.env, PONTES_DATA_DIR: dataDir, PONTES_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'warn', DATABASE_URL: '' };
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
  });

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
        headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${ADMIN_TOKEN}` },
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
