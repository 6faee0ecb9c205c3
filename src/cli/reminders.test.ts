import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, fixturePlaces, readOutbox } from '../../test/helpers.js';
import { openPontes } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import { createRoadmap } from '../modules/roadmaps/index.js';
import { OPERATOR } from '../platform/auth/actor.js';
import { projectPath } from '../platform/paths.js';

// `pontes reminders run` as the operator runs it: the real command (bin/pontes.js → dist/, built
// by `npm test`), in a child process, on a real data folder (PGlite) prepared with the places
// fixture and one overdue commitment whose owner has a focal point.
const BIN = projectPath('bin', 'pontes.js');
let dataDir: string;
let env: NodeJS.ProcessEnv;
let focalEmail: string;

function run(args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 120_000, input: '' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  expect(fs.existsSync(projectPath('dist', 'cli', 'reminders.js')), 'dist/ is built by npm test (npm run build)').toBe(true);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pontes-reminders-cli-'));
  env = { ...process.env, PONTES_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' };
  delete env.PONTES_OUTBOX_DIR;
  delete env.PONTES_SMTP_URL;
  const config = loadConfig({ PONTES_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const pontes = await openPontes(config, { referencePlaces: fixturePlaces, referenceSource: 'test fixture', progress: null });
  try {
    const db = pontes.db;
    const placeId = async (name: string) => (await db.selectFrom('places').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
    const durban = await placeId('Durban');
    const eventId = (await db.insertInto('events').values({
      title: 'Maputo peer-learning event', kind: 'peer_learning_event', startsAt: '2012-11-07T06:00:00Z', endsAt: '2012-11-09T15:00:00Z', timeZone: 'Africa/Maputo',
      placeId: await placeId('Maputo'), agenda: '[]', fieldVisits: '[]',
    }).returning('id').executeTakeFirstOrThrow()).id;
    focalEmail = (await createMember(pontes, { role: 'member', focalPlaceIds: [durban] })).email;
    await createRoadmap(db, OPERATOR, { title: 'Maputo roadmap', event_id: eventId, commitments: [{ text: 'Exchange visit to Durban', owners: [{ place_id: durban }], due_on: '2013-03-31' }] });
  } finally {
    await pontes.close();
  }
}, 120_000);
afterAll(() => {
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('pontes reminders run', () => {
  it('reminds the focal point once a day, says what it did on stderr and prints the counts on stdout', () => {
    const first = run(['reminders', 'run', '--date', '2013-04-01']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('Reminders for 2013-04-01: 1 overdue commitment to remind; 1 sent (1 message through the outbox folder');
    expect(JSON.parse(first.stdout.trim())).toEqual({ day: '2013-04-01', due: 1, sent: 1, messages: 1, none: 0, skipped: 0, failed: 0 });
    const mail = readOutbox({ outboxDir: path.join(dataDir, 'outbox') });
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ to: focalEmail, subject: 'Overdue: commitment 1 of Maputo roadmap' });

    const again = run(['reminders', 'run', '--date', '2013-04-01']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout.trim())).toMatchObject({ due: 0, sent: 0 });
    expect(readOutbox({ outboxDir: path.join(dataDir, 'outbox') })).toHaveLength(1);
  }, 240_000);

  it('refuses a date that is not a day, and a missing sub-command, as usage errors', () => {
    const badDate = run(['reminders', 'run', '--date', '2013-02-30']);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--date must be a day written YYYY-MM-DD');
    expect(badDate.stdout).toBe('');
    const noAction = run(['reminders']);
    expect(noAction.code).toBe(2);
    expect(noAction.stderr).toContain('usage: pontes reminders run');
  }, 120_000);
});
