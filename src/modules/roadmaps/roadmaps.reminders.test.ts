import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestPontes, readOutbox, waitForMail } from '../../../test/helpers.js';
import type { Pontes } from '../../bootstrap.js';
import { OPERATOR } from '../../platform/auth/actor.js';
import { createMailer, type MailMessage, type Mailer } from '../../platform/mail/mailer.js';
import { runCommitmentReminders } from './roadmaps.reminders.js';
import { createRoadmap, moveCommitment } from './roadmaps.service.js';

// The daily job: one reminder per overdue commitment per day, by mail (the outbox folder here)
// to the focal points of its owners, 'none' when there is nobody to write to.

let pontes: Pontes;
let mailer: Mailer;
let durbanFocal: { email: string };
let unionFocal: { email: string };
const ids: Record<string, string> = {};

beforeAll(async () => {
  pontes = await createTestPontes();
  mailer = createMailer({ smtpUrl: undefined, from: 'Pontes <pontes@localhost>', outboxDir: pontes.config.outboxDir });
  const db = pontes.db;
  const placeId = async (name: string) => (await db.selectFrom('places').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const maputo = await placeId('Maputo');
  const durban = await placeId('Durban');
  const belo = await placeId('Belo Horizonte');
  const union = (await db.insertInto('organisations').values({ name: 'Vendors union', nameKey: 'vendors union', countryCode: 'MZ', origin: 'member' }).returning('id').executeTakeFirstOrThrow()).id;
  const eventId = (await db.insertInto('events').values({
    title: 'Maputo peer-learning event', kind: 'peer_learning_event', startsAt: '2012-11-07T06:00:00Z', endsAt: '2012-11-09T15:00:00Z', timeZone: 'Africa/Maputo',
    placeId: maputo, agenda: '[]', fieldVisits: '[]',
  }).returning('id').executeTakeFirstOrThrow()).id;
  durbanFocal = await createMember(pontes, { role: 'member', focalPlaceIds: [durban] });
  unionFocal = await createMember(pontes, { role: 'member', focalOrganisationIds: [union] });
  // a member of the union who is not its focal point gets nothing
  await createMember(pontes, { role: 'member', organisationIds: [union] });
  const roadmap = await createRoadmap(pontes.db, OPERATOR, {
    title: 'Maputo roadmap', event_id: eventId, adopted_on: '2012-11-09',
    commitments: [
      { text: 'Exchange visit to Durban', owners: [{ place_id: durban }, { organisation_id: union }], due_on: '2013-03-31' },
      { text: 'A municipal decent-work programme', owners: [{ place_id: belo }], due_on: '2013-03-31' },
      { text: 'Already done', owners: [{ place_id: durban }], due_on: '2013-01-31' },
      { text: 'Not due yet', owners: [{ place_id: durban }], due_on: '2013-12-31' },
    ],
  });
  for (const [i, name] of ['visit', 'programme', 'done', 'later'].entries()) ids[name] = roadmap.commitments[i]!.id;
  await moveCommitment(pontes.db, OPERATOR, ids.done!, { status: 'done' });
  // demo data is never reminded
  await createRoadmap(pontes.db, OPERATOR, { title: 'Demo', event_id: eventId, commitments: [{ text: 'Demo', owners: [{ place_id: durban }], due_on: '2013-01-01' }] }, { demo: true });
});
afterAll(async () => {
  mailer.close();
  await pontes.close();
});

const reminders = () => pontes.db.selectFrom('commitmentReminders').select(['commitmentId', 'remindedOn', 'recipients', 'delivery']).orderBy('remindedOn').orderBy('delivery').execute();

describe('the commitment reminders job', () => {
  it('reminds the focal points of the owners of each overdue commitment, once, and records "none" when nobody is there', async () => {
    const run = await runCommitmentReminders(pontes.db, mailer, pontes.config, '2013-04-01');
    expect(run).toEqual({ day: '2013-04-01', due: 2, sent: 1, messages: 2, none: 1, skipped: 0, failed: 0 });
    const toDurban = await waitForMail(pontes.config, durbanFocal.email, /Overdue: commitment 1 of Maputo roadmap/);
    expect(toDurban.text).toContain('Exchange visit to Durban');
    expect(toDurban.text).toContain('2013-03-31');
    expect(toDurban.text).toMatch(new RegExp(`/commitments/${ids.visit}`));
    await waitForMail(pontes.config, unionFocal.email, /Overdue: commitment 1/);
    expect(readOutbox(pontes.config)).toHaveLength(2);
    const rows = await reminders();
    expect(rows).toEqual([
      { commitmentId: ids.programme, remindedOn: '2013-04-01', recipients: [], delivery: 'none' },
      { commitmentId: ids.visit, remindedOn: '2013-04-01', recipients: [durbanFocal.email, unionFocal.email].sort(), delivery: 'outbox' },
    ]);
  });

  it('sends nothing new when run again the same day, and reminds again the next day', async () => {
    expect(await runCommitmentReminders(pontes.db, mailer, pontes.config, '2013-04-01')).toMatchObject({ due: 0, sent: 0, messages: 0, none: 0 });
    expect(readOutbox(pontes.config)).toHaveLength(2);
    expect(await runCommitmentReminders(pontes.db, mailer, pontes.config, '2013-04-02')).toMatchObject({ due: 2, sent: 1, messages: 2, none: 1 });
    expect(readOutbox(pontes.config)).toHaveLength(4);
    // done: no more reminders
    await moveCommitment(pontes.db, OPERATOR, ids.visit!, { status: 'done' });
    expect(await runCommitmentReminders(pontes.db, mailer, pontes.config, '2013-04-03')).toMatchObject({ due: 1, sent: 0, none: 1 });
    expect(readOutbox(pontes.config)).toHaveLength(4);
  });

  it('gives a reminder back when its mail cannot be sent, so that the next run tries again', async () => {
    const failing: Mailer = { ...mailer, send: async (_message: MailMessage) => { throw new Error('SMTP is down'); } };
    await moveCommitment(pontes.db, OPERATOR, ids.visit!, { status: 'in_progress' });
    expect(await runCommitmentReminders(pontes.db, failing, { ...pontes.config, smtpUrl: 'smtp://mail.invalid:25' }, '2013-04-04')).toMatchObject({ due: 2, sent: 0, none: 1, failed: 1 });
    expect((await reminders()).filter((r) => r.remindedOn === '2013-04-04').map((r) => r.delivery)).toEqual(['none']);
    expect(await runCommitmentReminders(pontes.db, mailer, pontes.config, '2013-04-04')).toMatchObject({ due: 1, sent: 1, messages: 2 });
    await expect(runCommitmentReminders(pontes.db, mailer, pontes.config, '2013-4-4')).rejects.toThrow(/not a day/);
  });
});
