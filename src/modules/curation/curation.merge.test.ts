import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPontes } from '../../../test/helpers.js';
import type { Pontes } from '../../bootstrap.js';
import { OPERATOR } from '../../platform/auth/actor.js';
import { createEvent } from '../events/index.js';
import { createPartnership } from '../partnerships/index.js';
import { createRoadmap } from '../roadmaps/index.js';
import { mergeOrganisations, mergePlaces } from './curation.service.js';

let pontes: Pontes;
beforeAll(async () => {
  pontes = await createTestPontes();
});
afterAll(() => pontes.close());

describe('merges and the cooperation records', () => {
  it('a merged place and a merged organisation take their partnerships, events and commitments with them', async () => {
    const db = pontes.db;
    const durban = (await db.selectFrom('places').select('id').where('name', '=', 'Durban').executeTakeFirstOrThrow()).id;
    const maputo = (await db.selectFrom('places').select('id').where('name', '=', 'Maputo').executeTakeFirstOrThrow()).id;
    const duplicate = (await db.insertInto('places').values({ name: 'Durbn', kind: 'city', altNames: [], countryCode: 'ZA', adminCode: null, population: null, populationYear: null, latitude: null, longitude: null, geonamesId: null, origin: 'member', mergedInto: null, needsReview: true }).returning('id').executeTakeFirstOrThrow()).id;
    const org = async (name: string) => (await db.insertInto('organisations').values({ name, nameKey: name.toLowerCase(), kind: 'ngo_cso', countryCode: 'ZA', placeId: null, website: null, iatiOrgId: null, origin: 'member' }).returning('id').executeTakeFirstOrThrow()).id;
    const keeper = await org('Traders Alliance');
    const copy = await org('Traders Aliance');
    const partnership = await createPartnership(db, OPERATOR, { title: 'Twins', type: 'twinning', parties: [{ place_id: duplicate, role: 'peer' }, { organisation_id: copy, role: 'peer' }] });
    const event = await createEvent(db, OPERATOR, { title: 'Visit', kind: 'exchange_visit', start: '2013-06-10T09:00', end: '2013-06-14T16:00', time_zone: 'Africa/Johannesburg', place_id: duplicate, place_ids: [maputo], organiser_ids: [copy] });
    const roadmap = await createRoadmap(db, OPERATOR, { title: 'Plan', event_id: event.id, adopted_on: '2013-06-14', commitments: [{ text: 'Train vendors.', owners: [{ place_id: duplicate }, { organisation_id: copy }], due_on: '2013-12-31' }] });

    // A participating place that is the duplicate too (added as the operator, as a form could).
    await db.insertInto('eventPlaces').values({ eventId: event.id, placeId: duplicate }).execute();
    await mergePlaces(db, OPERATOR, duplicate, durban);
    await mergeOrganisations(db, OPERATOR, copy, keeper);

    const parties = await db.selectFrom('partnershipParties').select(['placeId', 'organisationId']).where('partnershipId', '=', partnership.id).orderBy('position').execute();
    expect(parties).toEqual([{ placeId: durban, organisationId: null }, { placeId: null, organisationId: keeper }]);
    expect((await db.selectFrom('events').select('placeId').where('id', '=', event.id).executeTakeFirstOrThrow()).placeId).toBe(durban);
    expect((await db.selectFrom('eventPlaces').select('placeId').where('eventId', '=', event.id).execute()).map((r) => r.placeId)).toEqual(expect.arrayContaining([maputo, durban]));
    expect((await db.selectFrom('eventOrganisers').select('organisationId').where('eventId', '=', event.id).execute()).map((r) => r.organisationId)).toEqual([keeper]);
    const owners = await db.selectFrom('commitmentOwners').select(['placeId', 'organisationId']).where('commitmentId', '=', roadmap.commitments[0]!.id).orderBy('position').execute();
    expect(owners).toEqual([{ placeId: durban, organisationId: null }, { placeId: null, organisationId: keeper }]);
  });
});
