import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestPontes } from '../../../test/helpers.js';
import type { Pontes } from '../../bootstrap.js';
import { memberActor, OPERATOR, PUBLIC, type MemberActor } from '../../platform/auth/actor.js';
import { changePublication } from '../lifecycle/index.js';
import { createPractice } from '../practices/index.js';
import { createEvent, createLearning, eventsOfPartnership, eventsOfPlace, getEvent, learningToPractice, listEvents, upcomingEvents, eventStore } from './index.js';

let pontes: Pontes;
let maputo: string;
let durban: string;
let partnershipId: string;
let deletedPartnershipId: string;
let member: MemberActor;
let curator: MemberActor;
const nextYear = new Date().getUTCFullYear() + 1;

async function published(id: string) {
  for (const publication of ['submitted', 'in_review', 'published'] as const) await changePublication(pontes.db, OPERATOR, eventStore, id, { publication });
}

beforeAll(async () => {
  pontes = await createTestPontes();
  const db = pontes.db;
  maputo = (await db.selectFrom('places').select('id').where('name', '=', 'Maputo').executeTakeFirstOrThrow()).id;
  durban = (await db.selectFrom('places').select('id').where('name', '=', 'Durban').executeTakeFirstOrThrow()).id;
  partnershipId = (await db.insertInto('partnerships').values({ title: 'Maputo–Durban market vendors', type: 'twinning', documents: '[]' }).returning('id').executeTakeFirstOrThrow()).id;
  deletedPartnershipId = (await db.insertInto('partnerships').values({ title: 'Gone', type: 'project', documents: '[]', deletedAt: new Date() }).returning('id').executeTakeFirstOrThrow()).id;
  member = memberActor({ memberId: (await createMember(pontes, { role: 'member' })).memberId, role: 'member', focalPlaceIds: [maputo] });
  curator = memberActor({ memberId: (await createMember(pontes, { role: 'curator' })).memberId, role: 'curator' });
});
afterAll(() => pontes.close());

describe('the events service', () => {
  it('creates events for the demo loader with the POST body, and lists them by partnership, place and date', async () => {
    const exchange = await createEvent(pontes.db, OPERATOR, {
      title: 'Maputo–Durban exchange visit', kind: 'exchange_visit', start: '2013-06-10', end: '2013-06-14', time_zone: 'Africa/Johannesburg',
      place_id: durban, place_ids: [maputo], partnership_ids: [partnershipId], participants: { by_sex: { women: 5, men: 4 } },
    }, { demo: true });
    expect(exchange).toMatchObject({ demo: true, publication: 'draft', timeZone: 'Africa/Johannesburg' });
    expect(exchange.startsAt.toISOString()).toBe('2013-06-09T22:00:00.000Z');
    await published(exchange.id);
    const upcoming = await createEvent(pontes.db, OPERATOR, { title: 'SSE Academy', kind: 'training', start: `${nextYear}-04-08T09:00`, end: `${nextYear}-04-12T17:00`, time_zone: 'UTC' });
    await published(upcoming.id);
    expect((await eventsOfPartnership(pontes.db, PUBLIC, partnershipId)).map((e) => e.id)).toEqual([exchange.id]);
    expect((await eventsOfPlace(pontes.db, PUBLIC, maputo)).map((e) => e.id)).toEqual([exchange.id]);
    expect((await upcomingEvents(pontes.db, PUBLIC, 5)).map((e) => e.id)).toEqual([upcoming.id]);
    const all = await listEvents(pontes.db, PUBLIC);
    expect(all.items.map((e) => e.id)).toEqual([upcoming.id, exchange.id]);
    expect((await listEvents(pontes.db, PUBLIC, { year: 2013 })).total).toBe(1);
    expect((await getEvent(pontes.db, PUBLIC, exchange.id)).partnerships).toEqual([]); // a draft partnership is not the public's to see
    expect((await getEvent(pontes.db, OPERATOR, exchange.id)).partnerships.map((p) => p.id)).toEqual([partnershipId]);
  });

  it('refuses what the API refuses when called directly: fractional or negative counts, deleted partnerships, bad times', async () => {
    const before = await pontes.db.selectFrom('events').select('id').execute();
    await expect(createEvent(pontes.db, member, {
      title: 'x', kind: 'workshop', start: '2013-01-01T10:00', end: '2013-01-01T12:00', time_zone: 'UTC',
      participants: { by_sex: { women: 2.5, men: -1 }, by_constituency: { unions: 3 } }, partnership_ids: [deletedPartnershipId],
    })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: expect.arrayContaining([
        expect.objectContaining({ field: 'participants.by_sex.women' }), expect.objectContaining({ field: 'participants.by_sex.men' }),
        expect.objectContaining({ field: 'participants.by_constituency.unions' }), expect.objectContaining({ field: 'partnership_ids[0]' }),
      ]),
    });
    await expect(createEvent(pontes.db, member, { title: 'x', kind: 'party', start: 'soon', end: '2013-01-01', time_zone: 'Mars/Olympus' }))
      .rejects.toMatchObject({ errors: expect.arrayContaining([expect.objectContaining({ field: 'kind' }), expect.objectContaining({ field: 'time_zone' })]) });
    await expect(createEvent(pontes.db, PUBLIC, { title: 'x' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await pontes.db.selectFrom('events').select('id').execute()).toEqual(before);
  });

  it('shows a focal point the drafts of their place, and hides them from others', async () => {
    const draft = await createEvent(pontes.db, curator, { title: 'Maputo draft', kind: 'workshop', start: '2012-01-01T10:00', end: '2012-01-01T12:00', time_zone: 'Africa/Maputo', place_id: maputo });
    expect((await getEvent(pontes.db, member, draft.id)).title).toBe('Maputo draft');
    expect((await listEvents(pontes.db, member, { kind: 'workshop' })).items.map((e) => e.id)).toContain(draft.id);
    const other = memberActor({ memberId: (await createMember(pontes, { role: 'member' })).memberId, role: 'member' });
    await expect(getEvent(pontes.db, other, draft.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await listEvents(pontes.db, other, { kind: 'workshop' })).total).toBe(0);
  });

  it('lets a curator turn a member\'s learning into a practice, and refuses a practice the member cannot see', async () => {
    const hidden = await createPractice(pontes.db, curator, { title: 'Curator draft', summary: 'A draft nobody else may read yet.', language: 'en', places: [{ city: 'Durban', country: 'ZA' }] });
    const event = await createEvent(pontes.db, OPERATOR, { title: 'Past forum', kind: 'forum_session', start: '2013-04-01T09:00', end: '2013-04-01T12:00', time_zone: 'Africa/Johannesburg', place_id: durban });
    await published(event.id);
    await expect(createLearning(pontes.db, member, event.id, { learned: 'a', will_adapt: 'b', adapted_from_practice_id: hidden.id }))
      .rejects.toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'adapted_from_practice_id' })] });
    const learning = await createLearning(pontes.db, member, event.id, { learned: 'Forums need follow-up.', will_adapt: 'Hold a follow-up forum each year.' });
    expect(learning.place).toBeNull();
    const { practice } = await learningToPractice(pontes.db, curator, event.id, learning.id);
    expect(practice.state).toBe('draft');
    expect(practice.title).toBe('Durban: what we will adapt after Past forum');
    expect(practice.adaptedFrom).toBeNull();
    await expect(learningToPractice(pontes.db, member, event.id, learning.id)).rejects.toMatchObject({ code: 'CONFLICT', status: 409 });
    // The demo loader links a learning to the practice that already grew from it.
    const linked = await createLearning(pontes.db, OPERATOR, event.id, { learned: 'a', will_adapt: 'b', place_id: durban }, { demo: true, practiceId: practice.id });
    expect(linked).toMatchObject({ practiceId: practice.id, demo: true, place: { name: 'Durban' } });
    await expect(createLearning(pontes.db, member, event.id, { learned: 'a', will_adapt: 'b' }, { practiceId: practice.id })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
