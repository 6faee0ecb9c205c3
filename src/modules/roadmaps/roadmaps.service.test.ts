import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestPontes } from '../../../test/helpers.js';
import type { Pontes } from '../../bootstrap.js';
import { memberActor, OPERATOR, PUBLIC } from '../../platform/auth/actor.js';
import { changePublication } from '../lifecycle/index.js';
import { isDay, isOverdue, progressOf } from './roadmaps.domain.js';
import { addCommitment, createRoadmap, getRoadmap, listRoadmaps, moveCommitment, overdueCommitmentsOf, roadmapsOfEvent } from './roadmaps.service.js';
import { roadmapStore } from './roadmaps.store.js';

describe('progress and overdue (pure)', () => {
  it('counts commitments by status, leaves dropped ones out of the share done, and flags overdue ones against a given day', () => {
    const commitments = [
      { dueOn: '2013-03-31', status: 'pending' as const },
      { dueOn: '2013-04-01', status: 'in_progress' as const },
      { dueOn: '2013-01-01', status: 'done' as const },
      { dueOn: '2013-01-01', status: 'dropped' as const },
      { dueOn: null, status: 'pending' as const },
    ];
    expect(progressOf(commitments, '2013-04-01')).toEqual({ total: 5, pending: 2, inProgress: 1, done: 1, dropped: 1, overdue: 1, shareDone: 0.25 });
    expect(progressOf(commitments, '2013-04-02').overdue).toBe(2);
    expect(progressOf([], '2013-04-01').shareDone).toBeNull();
    expect(progressOf([{ dueOn: null, status: 'dropped' }], '2013-04-01').shareDone).toBeNull();
    expect(progressOf([{ dueOn: null, status: 'done' }, { dueOn: null, status: 'dropped' }], '2013-04-01').shareDone).toBe(1);
    // due today is not overdue yet; done and dropped never are
    expect(isOverdue({ dueOn: '2013-04-01', status: 'pending' }, '2013-04-01')).toBe(false);
    expect(isOverdue({ dueOn: '2013-03-31', status: 'done' }, '2013-04-01')).toBe(false);
    expect(['2013-02-28', '2012-02-29'].every(isDay)).toBe(true);
    expect(['2013-02-29', '2013-2-28', '28/02/2013', '', null].some(isDay)).toBe(false);
  });
});

describe('the roadmaps service', () => {
  let pontes: Pontes;
  let eventId: string;
  let maputo: string;
  let durban: string;
  let roadmapId: string;
  let authorId: string;

  beforeAll(async () => {
    pontes = await createTestPontes();
    const db = pontes.db;
    const placeId = async (name: string) => (await db.selectFrom('places').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
    maputo = await placeId('Maputo');
    durban = await placeId('Durban');
    eventId = (await db.insertInto('events').values({
      title: 'Maputo peer-learning event', kind: 'peer_learning_event', startsAt: '2012-11-07T06:00:00Z', endsAt: '2012-11-09T15:00:00Z', timeZone: 'Africa/Maputo',
      placeId: maputo, agenda: '[]', fieldVisits: '[]',
    }).returning('id').executeTakeFirstOrThrow()).id;
    authorId = (await createMember(pontes, { role: 'member' })).memberId;
  });
  afterAll(() => pontes.close());

  const author = () => memberActor({ memberId: authorId, role: 'member' });

  it('computes progress and overdue flags on the roadmap for a fixed "today"', async () => {
    const roadmap = await createRoadmap(pontes.db, author(), {
      title: 'Maputo roadmap', event_id: eventId, adopted_on: '2012-11-09',
      commitments: [
        { text: 'Working group on markets', owners: [{ place_id: maputo }], due_on: '2013-03-31' },
        { text: 'Exchange visit', owners: [{ place_id: maputo }, { place_id: durban }], due_on: '2013-08-31' },
        { text: 'Hygiene training for vendors', owners: [{ place_id: maputo }], due_on: '2013-02-28' },
        { text: 'A study of the informal economy', owners: [{ place_id: durban }] },
      ],
    }, { today: '2013-04-01' });
    roadmapId = roadmap.id;
    expect(roadmap.commitments.map((c) => [c.number, c.overdue])).toEqual([[1, true], [2, false], [3, true], [4, false]]);
    expect(roadmap.progress).toMatchObject({ total: 4, pending: 4, overdue: 2, shareDone: 0 });

    await moveCommitment(pontes.db, author(), roadmap.commitments[2]!.id, { status: 'done' });
    await moveCommitment(pontes.db, author(), roadmap.commitments[3]!.id, { status: 'dropped' });
    const later = await getRoadmap(pontes.db, author(), roadmapId, '2013-09-01');
    expect(later.commitments.map((c) => c.overdue)).toEqual([true, true, false, false]);
    expect(later.progress).toEqual({ total: 4, pending: 2, inProgress: 0, done: 1, dropped: 1, overdue: 2, shareDone: 0.333 });
    expect((await getRoadmap(pontes.db, author(), roadmapId, '2013-01-01')).progress.overdue).toBe(0);
  });

  it('numbers commitments in order, also when two are added at once', async () => {
    const [a, b] = await Promise.all([
      addCommitment(pontes.db, author(), roadmapId, { text: 'Fifth' }),
      addCommitment(pontes.db, author(), roadmapId, { text: 'Sixth' }),
    ]);
    expect([a!.number, b!.number].sort()).toEqual([5, 6]);
    const roadmap = await getRoadmap(pontes.db, author(), roadmapId);
    expect(roadmap.commitments.map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('shows overdue commitments on the owners\' pages only to those who may read them', async () => {
    const today = '2013-09-01';
    // a draft: the public sees nothing, Durban's focal point sees Durban's commitment, the author all of Maputo's
    expect(await overdueCommitmentsOf(pontes.db, PUBLIC, { placeId: maputo }, today)).toEqual([]);
    const focal = await createMember(pontes, { role: 'member', focalPlaceIds: [durban] });
    const seenByFocal = await overdueCommitmentsOf(pontes.db, memberActor({ memberId: focal.memberId, role: 'member', focalPlaceIds: [durban] }), { placeId: durban }, today);
    expect(seenByFocal.map((c) => c.number)).toEqual([2]);
    expect((await overdueCommitmentsOf(pontes.db, author(), { placeId: maputo }, today)).map((c) => c.number)).toEqual([1, 2]);
    for (const publication of ['submitted', 'in_review', 'published'] as const) await changePublication(pontes.db, OPERATOR, roadmapStore, roadmapId, { publication });
    expect((await overdueCommitmentsOf(pontes.db, PUBLIC, { placeId: maputo }, today)).map((c) => [c.number, c.roadmapTitle])).toEqual([[1, 'Maputo roadmap'], [2, 'Maputo roadmap']]);
    expect(await overdueCommitmentsOf(pontes.db, PUBLIC, { placeId: maputo }, '2013-01-01')).toEqual([]);
    expect(await overdueCommitmentsOf(pontes.db, PUBLIC, { placeId: 'not-an-id' }, today)).toEqual([]);
  });

  it('lists the roadmaps of an event, and refuses creation to the public', async () => {
    expect((await roadmapsOfEvent(pontes.db, PUBLIC, eventId)).map((r) => r.title)).toEqual(['Maputo roadmap']);
    expect((await listRoadmaps(pontes.db, PUBLIC, { overdue: true }, {}, '2013-01-01')).total).toBe(0);
    await expect(createRoadmap(pontes.db, PUBLIC, { title: 'x', event_id: eventId })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const demo = await createRoadmap(pontes.db, OPERATOR, { title: 'Demo', event_id: eventId, commitments: [{ text: 'One' }] }, { demo: true });
    expect([demo.demo, demo.commitments[0]!.demo]).toEqual([true, true]);
  });
});
