/**
 * The permission matrix of the cooperation records (issue 5), generated from the same table
 * (permissions.ts) as the practices' matrix: every record type × every curation state × every
 * role, through the HTTP routes. Reads the role may not do answer 404 and leave no trace in the
 * list; edits and lifecycle moves answer 200, or 404 / 401 / 403 as `can` says, and a refused one
 * changes nothing. One database, set up once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestApp, type TestApp, type TestMember } from './helpers.js';
import type { Db } from '../src/database.js';
import { createEvent, eventStore } from '../src/modules/events/index.js';
import { changePublication, type CooperationStore, type RecordHead } from '../src/modules/lifecycle/index.js';
import { createMatch, matchStore } from '../src/modules/matches/index.js';
import { createNeedOffer, needStore } from '../src/modules/needs/index.js';
import { createPartnership, partnershipStore } from '../src/modules/partnerships/index.js';
import { createIndicator, indicatorStore } from '../src/modules/results/index.js';
import { commitmentStore, createRoadmap, roadmapStore } from '../src/modules/roadmaps/index.js';
import { memberActor, OPERATOR, PUBLIC, type Actor } from '../src/platform/auth/actor.js';
import { can, RECORD_STATES, type RecordState } from '../src/platform/auth/permissions.js';

const ROLES = ['public', 'member', 'owner', 'focal_place', 'curator', 'admin'] as const;
type Role = (typeof ROLES)[number];

let t: TestApp;
let db: Db;
const members = {} as Record<Exclude<Role, 'public'>, TestMember>;
const actors = {} as Record<Role, Actor>;
let durban: string;
let maputo: string;
let ownerOrg: string;

/** One kind of cooperation record: how to make one tied to Durban and owned by the owner organisation, and how to reach it. */
interface Kind {
  name: string;
  store: CooperationStore;
  /** The API collection of the item routes. */
  collection: string;
  /** The list route that should show the record to those who may read it (null: none to check). */
  list: string | null;
  /** A field an edit may change, or null when the record has no PATCH. */
  edit: { field: string; value: () => string } | null;
  make(state: RecordState): Promise<string>;
}

const PATH_TO: Record<RecordState, RecordState[]> = {
  draft: [], submitted: ['submitted'], in_review: ['submitted', 'in_review'], published: ['submitted', 'in_review', 'published'],
  archived: ['submitted', 'in_review', 'published', 'archived'], deleted: ['deleted'],
};

async function toState(store: CooperationStore, id: string, state: RecordState): Promise<void> {
  for (const publication of PATH_TO[state]) await changePublication(db, OPERATOR, store, id, { publication });
}

async function owned(table: 'needsOffers' | 'partnerships' | 'events' | 'roadmaps' | 'indicators' | 'matches', id: string): Promise<void> {
  await db.updateTable(table).set({ ownerOrganisationId: ownerOrg }).where('id', '=', id).execute();
}

let counter = 0;
const next = () => `${(counter += 1)}`;
let publishedEvent: string;
let publishedPartnership: string;
let publishedNeed: string;

const KINDS: Kind[] = [
  {
    name: 'need', store: needStore, collection: 'needs', list: '/api/v1/needs?limit=100', edit: { field: 'title', value: () => `Need edited ${next()}` },
    async make(state) {
      const need = await createNeedOffer(db, OPERATOR, 'need', { title: `Matrix need ${next()}`, description: 'A matrix fixture.', place_id: durban, expires_on: '2030-12-31', contact_name: 'Desk', contact_email: 'desk@example.org' });
      await owned('needsOffers', need.id);
      await toState(needStore, need.id, state);
      return need.id;
    },
  },
  {
    name: 'partnership', store: partnershipStore, collection: 'partnerships', list: '/api/v1/partnerships?limit=100', edit: { field: 'title', value: () => `Partnership edited ${next()}` },
    async make(state) {
      const partnership = await createPartnership(db, OPERATOR, { title: `Matrix partnership ${next()}`, type: 'twinning', parties: [{ place_id: durban, role: 'peer' }, { organisation_id: ownerOrg, role: 'peer' }] });
      await owned('partnerships', partnership.id);
      await toState(partnershipStore, partnership.id, state);
      return partnership.id;
    },
  },
  {
    name: 'match', store: matchStore, collection: 'matches', list: '/api/v1/matches?limit=100', edit: null,
    async make(state) {
      const match = await createMatch(db, OPERATOR, { need_id: publishedNeed, counterpart: { kind: 'place', id: maputo } });
      // One pair is matched once: the next fixture needs another need.
      publishedNeed = await KINDS[0]!.make('published');
      await owned('matches', match.id);
      await toState(matchStore, match.id, state);
      return match.id;
    },
  },
  {
    name: 'event', store: eventStore, collection: 'events', list: '/api/v1/events?limit=100', edit: { field: 'title', value: () => `Event edited ${next()}` },
    async make(state) {
      const event = await createEvent(db, OPERATOR, { title: `Matrix event ${next()}`, kind: 'workshop', start: '2030-01-01T09:00', end: '2030-01-01T17:00', time_zone: 'Africa/Johannesburg', place_id: durban });
      await owned('events', event.id);
      await toState(eventStore, event.id, state);
      return event.id;
    },
  },
  {
    name: 'roadmap', store: roadmapStore, collection: 'roadmaps', list: '/api/v1/roadmaps?limit=100', edit: { field: 'title', value: () => `Roadmap edited ${next()}` },
    async make(state) {
      const roadmap = await createRoadmap(db, OPERATOR, { title: `Matrix roadmap ${next()}`, event_id: publishedEvent, adopted_on: '2029-12-01', commitments: [{ text: 'Meet again.', owners: [{ place_id: durban }], due_on: '2030-06-30' }] });
      await owned('roadmaps', roadmap.id);
      await toState(roadmapStore, roadmap.id, state);
      return roadmap.id;
    },
  },
  {
    name: 'commitment', store: commitmentStore, collection: 'commitments', list: null, edit: { field: 'text', value: () => `Commitment edited ${next()}` },
    async make(state) {
      // A commitment is published with its roadmap: the roadmap goes to the state.
      const roadmap = await createRoadmap(db, OPERATOR, { title: `Matrix roadmap for a commitment ${next()}`, event_id: publishedEvent, adopted_on: '2029-12-01', commitments: [{ text: 'Train the vendors.', owners: [{ place_id: durban }], due_on: '2030-06-30' }] });
      await owned('roadmaps', roadmap.id);
      await toState(roadmapStore, roadmap.id, state);
      return roadmap.commitments[0]!.id;
    },
  },
  {
    name: 'indicator', store: indicatorStore, collection: 'indicators', list: '/api/v1/indicators?limit=100', edit: { field: 'title', value: () => `Indicator edited ${next()}` },
    async make(state) {
      const indicator = await createIndicator(db, OPERATOR, { outcome: { title: 'Vendors trained', partnership_id: publishedPartnership }, title: `Matrix indicator ${next()}`, unit: 'vendors', measure: 'count' });
      await owned('indicators', indicator.id);
      await toState(indicatorStore, indicator.id, state);
      return indicator.id;
    },
  },
];

const records = new Map<string, string>();
const key = (kind: string, state: RecordState) => `${kind}:${state}`;

beforeAll(async () => {
  t = await createTestApp();
  db = t.pontes.db;
  const place = async (name: string) => (await db.selectFrom('places').select('id').where('name', '=', name).orderBy('population', 'desc').executeTakeFirstOrThrow()).id;
  durban = await place('Durban');
  maputo = await place('Maputo');
  ownerOrg = (await db.insertInto('organisations').values({ name: 'Matrix Cooperative', nameKey: 'matrix cooperative', kind: 'cooperative_sse', countryCode: 'ZA', placeId: null, website: null, iatiOrgId: null, origin: 'member' }).returning('id').executeTakeFirstOrThrow()).id;
  members.member = await createMember(t.pontes, { role: 'member' });
  members.owner = await createMember(t.pontes, { role: 'member', organisationIds: [ownerOrg] });
  members.focal_place = await createMember(t.pontes, { role: 'member', focalPlaceIds: [durban] });
  members.curator = await createMember(t.pontes, { role: 'curator' });
  members.admin = await createMember(t.pontes, { role: 'admin' });
  actors.public = PUBLIC;
  actors.member = memberActor({ memberId: members.member.memberId, role: 'member' });
  actors.owner = memberActor({ memberId: members.owner.memberId, role: 'member', organisationIds: [ownerOrg] });
  actors.focal_place = memberActor({ memberId: members.focal_place.memberId, role: 'member', focalPlaceIds: [durban] });
  actors.curator = memberActor({ memberId: members.curator.memberId, role: 'curator', scope: 'write' });
  actors.admin = memberActor({ memberId: members.admin.memberId, role: 'admin' });

  publishedEvent = await KINDS[3]!.make('published');
  publishedPartnership = await KINDS[1]!.make('published');
  publishedNeed = await KINDS[0]!.make('published');
  for (const kind of KINDS) {
    for (const state of RECORD_STATES) records.set(key(kind.name, state), await kind.make(state));
  }
}, 600_000);
afterAll(() => t.close());

const headersOf = (role: Role): Record<string, string> => (role === 'public' ? {} : { ...members[role].headers });

async function head(kind: Kind, id: string): Promise<RecordHead> {
  return (await kind.store.head(db, id))!;
}

/** What a refused action answers: 404 when the role may not read the record, else 401 for the public and 403 for members. */
function refusal(role: Role, readable: boolean): number {
  if (!readable) return 404;
  return role === 'public' ? 401 : 403;
}

describe.each(KINDS.map((kind) => [kind.name, kind] as const))('%s', (_name, kind) => {
  it.each(ROLES)('reads, lists, edits and moves as %s obey the table', async (role) => {
    for (const state of RECORD_STATES) {
      const id = records.get(key(kind.name, state))!;
      let current = await head(kind, id);
      const readable = can(actors[role], 'read', state, current.ties);
      const item = await t.app.inject({ url: `/api/v1/${kind.collection}/${id}`, headers: headersOf(role) });
      expect(item.statusCode, `${role} reads a ${state} ${kind.name}`).toBe(readable ? 200 : 404);
      if (kind.list !== null && state !== 'deleted') {
        const list = await t.app.inject({ url: kind.list, headers: headersOf(role) });
        expect(list.statusCode).toBe(200);
        const ids = (list.json() as { items: { id: string }[] }).items.map((entry) => entry.id);
        expect(ids.includes(id), `${role} lists a ${state} ${kind.name}`).toBe(readable);
      }
      if (kind.edit !== null) {
        const allowed = can(actors[role], 'edit', state, current.ties);
        const value = kind.edit.value();
        const response = await t.app.inject({
          method: 'PATCH', url: `/api/v1/${kind.collection}/${id}`, headers: { ...headersOf(role), 'if-match': `"${current.version}"` }, payload: { [kind.edit.field]: value },
        });
        expect(response.statusCode, `${role} edits a ${state} ${kind.name}: ${response.body.slice(0, 300)}`).toBe(allowed ? 200 : refusal(role, readable));
        const after = await head(kind, id);
        expect(after.version).toBe(allowed ? current.version + 1 : current.version);
        current = after;
      }
      const lifecycle = kind.store.lifecycle;
      if (lifecycle !== undefined) {
        // From the first status, to its first move (matches: proposed → contacted).
        await db.updateTable(kind.store.table).set({ status: lifecycle.initial } as never).where('id', '=', id).execute();
        const target = lifecycle.moves[lifecycle.initial]![0]!;
        const allowed = can(actors[role], 'status', state, current.ties);
        const response = await t.app.inject({ method: 'POST', url: `/api/v1/${kind.collection}/${id}/status`, headers: headersOf(role), payload: { status: target, note: `by ${role}` } });
        expect(response.statusCode, `${role} moves a ${state} ${kind.name}: ${response.body.slice(0, 300)}`).toBe(allowed ? 200 : refusal(role, readable));
        expect((await head(kind, id)).status).toBe(allowed ? target : lifecycle.initial);
      }
    }
  });
});
