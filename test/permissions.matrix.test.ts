/**
 * THE permission matrix, generated from the PERMISSIONS table (permissions.ts): every role ×
 * every state × every path that reads or writes a practice. The table is the oracle (`can`); the
 * test proves each path obeys it: reads the role may not do answer 404 and leave no trace in
 * lists, counts, facets, search, matching, exports, lineage or place and organisation pages;
 * refused writes answer 404/401/403/409 and change nothing; requests with two ids are checked
 * on both. One database, set up once.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createMember, type TestApp, type TestMember } from './helpers.js';
import { createPractice, changePracticeStatus, exportPractices, importPractices, refreshPracticesLinkedTo, searchPracticeRows, seenBy, type PracticeFilters } from '../src/modules/practices/index.js';
import { prepareSearch } from '../src/modules/search/index.js';
import { memberActor, OPERATOR, PUBLIC, type Actor } from '../src/platform/auth/actor.js';
import { can, PERMISSIONS, RECORD_STATES, relationsOf, transitionTo, workflowAllows, type Action, type RecordState, type RecordTies } from '../src/platform/auth/permissions.js';

const ROLES = ['public', 'member', 'other_org_member', 'author', 'owner', 'focal_place', 'focal_org', 'curator', 'admin'] as const;
type Role = (typeof ROLES)[number];
/** The relation each role stands for (checked against relationsOf below). */
const RELATION_OF: Record<Role, string> = {
  public: 'public', member: 'member', other_org_member: 'member', author: 'owner', owner: 'owner', focal_place: 'focal_point', focal_org: 'focal_point', curator: 'curator', admin: 'admin',
};
const WORD: Record<RecordState, string> = { draft: 'zqdraft', submitted: 'zqsubmitted', in_review: 'zqinreview', published: 'zqpublished', archived: 'zqarchived', deleted: 'zqdeleted' };

let t: TestApp;
const members = {} as Record<Exclude<Role, 'public'>, TestMember>;
const actors = {} as Record<Role, Actor>;
const record = {} as Record<RecordState, { id: string; version: number }>;
const child = {} as Record<RecordState, string>;
let rootId: string;
let ties: RecordTies;
let placeId: string;
let focalOrgId: string;
let ownerOrgId: string;
let otherOrgId: string;
const counted = { paths: new Set<string>(), cases: 0 };

const headersOf = (role: Role): Record<string, string> => (role === 'public' ? { origin: 'http://localhost' } : { ...members[role].headers });

async function call(role: Role, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, extra: Record<string, string> = {}) {
  const response = await t.app.inject({ method, url, headers: { ...headersOf(role), ...extra }, ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}) });
  return { status: response.statusCode, body: response.body, json: () => response.json() as Record<string, unknown> };
}

async function orgId(name: string): Promise<string> {
  const row = await t.pontes.db.insertInto('organisations').values({ name, nameKey: name.toLowerCase(), kind: 'ngo_cso', countryCode: 'ZA', placeId: null, website: null, iatiOrgId: null, origin: 'member' }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Moves a fresh draft (as the admin, the operator's equal) to each state through the workflow. */
const PATH_TO: Record<RecordState, RecordState[]> = {
  draft: [], submitted: ['submitted'], in_review: ['submitted', 'in_review'], published: ['submitted', 'in_review', 'published'],
  archived: ['submitted', 'in_review', 'published', 'archived'], deleted: ['deleted'],
};

beforeAll(async () => {
  t = await createTestApp();
  const db = t.pontes.db;
  ownerOrgId = await orgId('Owner Cooperative');
  otherOrgId = await orgId('Other Association');
  // A published root and one published practice elsewhere, so lists are never trivially empty.
  const base = { summary: 'A matrix fixture.', language: 'en', sectors: ['transport'] };
  await importPractices(db, OPERATOR, Buffer.from(`${JSON.stringify({ id: 'elsewhere', title: 'Published elsewhere', places: [{ city: 'Maputo', country: 'MZ' }], ...base })}\n`), { source: 'other', status: 'published' });

  members.author = await createMember(t.pontes, { role: 'member' });
  const authorActor = memberActor({ memberId: members.author.memberId, role: 'member' });
  const root = await createPractice(db, authorActor, { ...base, title: 'Root practice', places: [{ city: 'Maputo', country: 'MZ' }] });
  rootId = root.id;
  for (const step of ['submitted', 'in_review', 'published'] as const) await changePracticeStatus(db, OPERATOR, rootId, { status: step });

  for (const state of RECORD_STATES) {
    const practice = await createPractice(db, authorActor, {
      title: `Matrix ${WORD[state]} record`, summary: `The ${WORD[state]} record of the matrix.`, language: 'en', sectors: ['construction'],
      places: [{ city: 'Durban', country: 'ZA' }], partners: [{ name: 'Focal Partner Network', country: 'ZA', kind: 'network_association' }],
      adapted_from: rootId,
    }, { ownerOrganisationId: null });
    // The practice belongs to the owner organisation (given by the operator: the author is not its member).
    await db.updateTable('practices').set({ ownerOrganisationId: ownerOrgId }).where('id', '=', practice.id).execute();
    const adapted = await createPractice(db, authorActor, { ...base, title: `Adaptation of ${state}`, places: [{ city: 'Maputo', country: 'MZ' }], adapted_from: practice.id });
    for (const step of ['submitted', 'in_review', 'published'] as const) await changePracticeStatus(db, OPERATOR, adapted.id, { status: step });
    child[state] = adapted.id;
    for (const step of PATH_TO[state]) await changePracticeStatus(db, OPERATOR, practice.id, { status: step });
    const row = await db.selectFrom('practices').select('version').where('id', '=', practice.id).executeTakeFirstOrThrow();
    record[state] = { id: practice.id, version: row.version };
  }
  // The owner organisation's practices: refresh their search rows (the operator's direct change above).
  await db.transaction().execute((trx) => refreshPracticesLinkedTo(trx, { organisationIds: [ownerOrgId] }));
  const links = await db.selectFrom('practicePlaces').select('placeId').where('practiceId', '=', record.draft.id).executeTakeFirstOrThrow();
  placeId = links.placeId!;
  focalOrgId = (await db.selectFrom('practicePartners').select('organisationId').where('practiceId', '=', record.draft.id).executeTakeFirstOrThrow()).organisationId;
  ties = { createdBy: members.author.memberId, ownerOrganisationId: ownerOrgId, placeIds: [placeId], organisationIds: [ownerOrgId, focalOrgId] };

  members.member = await createMember(t.pontes, { role: 'member' });
  members.other_org_member = await createMember(t.pontes, { role: 'member', organisationIds: [otherOrgId] });
  members.owner = await createMember(t.pontes, { role: 'member', organisationIds: [ownerOrgId] });
  members.focal_place = await createMember(t.pontes, { role: 'member', focalPlaceIds: [placeId] });
  members.focal_org = await createMember(t.pontes, { role: 'member', organisationIds: [focalOrgId], focalOrganisationIds: [focalOrgId] });
  members.curator = await createMember(t.pontes, { role: 'curator' });
  members.admin = await createMember(t.pontes, { role: 'admin' });
  actors.public = PUBLIC;
  const scope = (role: Role) => (role === 'admin' ? 'admin' : 'write') as 'admin' | 'write';
  actors.member = memberActor({ memberId: members.member.memberId, role: 'member', via: 'token', scope: scope('member') });
  actors.other_org_member = memberActor({ memberId: members.other_org_member.memberId, role: 'member', organisationIds: [otherOrgId], via: 'token', scope: 'write' });
  actors.author = memberActor({ memberId: members.author.memberId, role: 'member', via: 'token', scope: 'write' });
  actors.owner = memberActor({ memberId: members.owner.memberId, role: 'member', organisationIds: [ownerOrgId], via: 'token', scope: 'write' });
  actors.focal_place = memberActor({ memberId: members.focal_place.memberId, role: 'member', focalPlaceIds: [placeId], via: 'token', scope: 'write' });
  actors.focal_org = memberActor({ memberId: members.focal_org.memberId, role: 'member', organisationIds: [focalOrgId], focalOrganisationIds: [focalOrgId], via: 'token', scope: 'write' });
  actors.curator = memberActor({ memberId: members.curator.memberId, role: 'curator', via: 'token', scope: 'write' });
  actors.admin = memberActor({ memberId: members.admin.memberId, role: 'admin', via: 'token', scope: 'admin' });
}, 120_000);

afterAll(async () => {
  await t?.close();
  // One line for the report: how much of the matrix ran.
  process.stderr.write(`permission matrix: ${ROLES.length} roles × ${RECORD_STATES.length} states × ${counted.paths.size} paths, ${counted.cases} assertions of the table\n`);
});

const mayRead = (role: Role, state: RecordState) => can(actors[role], 'read', state, ties);
/** Lists, counts, search and lineage show live records only (deleted ones only when asked, to admins). */
const listed = (role: Role, state: RecordState) => mayRead(role, state) && state !== 'deleted';
function tick(path: string) {
  counted.paths.add(path);
  counted.cases++;
}

describe('the matrix is built on the table', () => {
  it('each role has the relation it stands for, and no stronger one by accident', () => {
    for (const role of ROLES) {
      const relations = relationsOf(actors[role], ties);
      expect(relations, role).toContain(RELATION_OF[role]);
      if (['member', 'other_org_member', 'public'].includes(role)) expect(relations.filter((r) => r !== 'member' && r !== 'public'), role).toEqual([]);
    }
  });
});

describe.each(ROLES)('reads as %s', (role) => {
  it.each(RECORD_STATES)('a %s practice: page, API item, versions', async (state) => {
    const { id } = record[state];
    const readable = mayRead(role, state);
    tick('page');
    expect((await call(role, 'GET', `/practices/${id}`)).status, `${role} page ${state}`).toBe(readable ? 200 : 404);
    tick('api item');
    const item = await call(role, 'GET', `/api/v1/practices/${id}`);
    expect(item.status, `${role} API ${state}`).toBe(readable ? 200 : 404);
    if (!readable) expect(item.body).not.toContain(WORD[state]);
    tick('versions api');
    const history = can(actors[role], 'history', state, ties);
    const versions = await call(role, 'GET', `/api/v1/practices/${id}/versions`);
    expect(versions.status, `${role} versions ${state}`).toBe(!readable ? 404 : history ? 200 : role === 'public' ? 401 : 403);
    tick('history page');
    expect((await call(role, 'GET', `/practices/${id}/history`)).status).toBe(!readable ? 404 : history ? 200 : role === 'public' ? 401 : 403);
  });

  it('lists and their counts: default states, and status= each state', async () => {
    tick('api list');
    const all = (await call(role, 'GET', '/api/v1/practices?source=pontes&sectors=construction&limit=100')).json() as { items: { id: string }[]; total: number };
    const expected = RECORD_STATES.filter((s) => listed(role, s)).map((s) => record[s].id).sort();
    expect(all.items.map((i) => i.id).sort(), role).toEqual(expected);
    expect(all.total, role).toBe(expected.length);
    for (const state of RECORD_STATES) {
      tick('api list status=');
      const one = (await call(role, 'GET', `/api/v1/practices?source=pontes&status=${state}&sectors=construction`)).json() as { items: { id: string }[]; total: number };
      expect(one.total, `${role} status=${state}`).toBe(mayRead(role, state) ? 1 : 0);
    }
    tick('catalogue page counts');
    const page = await call(role, 'GET', '/practices?sectors=construction');
    expect(page.status).toBe(200);
    for (const state of RECORD_STATES) expect(page.body.includes(`/practices/${record[state].id}"`), `${role} catalogue ${state}`).toBe(listed(role, state));
  });

  it.each(RECORD_STATES)('search of a %s practice: results, totals, facet counts; the catalogue path too', async (state) => {
    tick('search results');
    const found = (await call(role, 'GET', `/api/v1/search?type=practice&q=${WORD[state]}`)).json() as { items: { id: string }[]; total: number; facets: Record<string, { value: string; count: number }[]> | null };
    const visible = listed(role, state);
    expect(found.items.map((i) => i.id), `${role} search ${state}`).toEqual(visible ? [record[state].id] : []);
    expect(found.total).toBe(visible ? 1 : 0);
    tick('search facets');
    expect(found.facets?.sectors ?? [], `${role} facets ${state}`).toEqual(visible ? [{ value: 'construction', count: 1 }] : []);
    tick('search no-query path');
    const browse = (await call(role, 'GET', `/api/v1/search?type=practice&source=pontes&status=${state}&sectors=construction`)).json() as { total: number; facets: Record<string, { value: string; count: number }[]> };
    expect(browse.total, `${role} browse ${state}`).toBe(mayRead(role, state) ? 1 : 0);
    expect((browse.facets.sectors ?? []).find((f) => f.value === 'construction')?.count ?? 0).toBe(mayRead(role, state) ? 1 : 0);
    tick('search sampled path');
    const { prepared } = await prepareSearch(t.pontes.db, WORD[state]);
    const filters: PracticeFilters = { ...seenBy(actors[role]) };
    const sampled = await searchPracticeRows(t.pontes.db, prepared, filters, 10, 0, true, { exact: 0, pool: 10, large: 0 });
    expect(sampled.hits.map((h) => h.id), `${role} sampled ${state}`).toEqual(visible ? [record[state].id] : []);
    tick('match results');
    const matched = (await call(role, 'GET', `/api/v1/match/practices?need=${WORD[state]}`)).json() as { items: { practice: { id: string } }[] };
    expect(matched.items.some((m) => m.practice.id === record[state].id), `${role} match ${state}`).toBe(visible);
  });

  it('exports (JSON Lines, CSV) hold exactly the practices the role may read', async () => {
    tick('jsonl export');
    const exported: string[] = [];
    for await (const line of exportPractices(t.pontes.db, actors[role], { source: 'pontes', sectors: 'construction' })) exported.push(line.id);
    expect(exported.sort(), role).toEqual(RECORD_STATES.filter((s) => listed(role, s)).map((s) => record[s].id).sort());
    tick('csv export');
    const csvIds = async (query: string) => {
      const response = await call(role, 'GET', `/api/v1/practices.csv?source=pontes&sectors=construction${query}`);
      expect(response.status, `${role} csv ${query}`).toBe(200);
      const [header, ...rows] = parse(response.body, { bom: true }) as string[][];
      return rows.map((row) => row[header!.indexOf('id')]!).sort();
    };
    const csv = await call(role, 'GET', '/api/v1/practices.csv?source=pontes&sectors=construction');
    for (const state of RECORD_STATES) if (!listed(role, state)) expect(csv.body, `${role} csv ${state}`).not.toContain(WORD[state]);
    expect(await csvIds(''), role).toEqual(RECORD_STATES.filter((s) => listed(role, s)).map((s) => record[s].id).sort());
    for (const state of RECORD_STATES) {
      tick('csv export status=');
      expect(await csvIds(`&status=${state}`), `${role} csv status=${state}`).toEqual(mayRead(role, state) ? [record[state].id] : []);
    }
  });

  it.each(RECORD_STATES)('lineage links to a %s practice, both ways, and place and organisation pages', async (state) => {
    const visible = listed(role, state);
    tick('lineage adapted from');
    const adaptation = (await call(role, 'GET', `/api/v1/practices/${child[state]}`)).json() as { adaptedFromPractice: { id: string } | null };
    expect(adaptation.adaptedFromPractice?.id ?? null, `${role} adaptedFrom ${state}`).toBe(visible ? record[state].id : null);
    const adaptationPage = await call(role, 'GET', `/practices/${child[state]}`);
    expect(adaptationPage.body.includes(`/practices/${record[state].id}"`)).toBe(visible);
    tick('lineage adapted by');
    const root = (await call(role, 'GET', `/api/v1/practices/${rootId}`)).json() as { adaptedBy: { id: string }[] };
    expect(root.adaptedBy.some((l) => l.id === record[state].id), `${role} adaptedBy ${state}`).toBe(visible);
    tick('place page');
    const place = await call(role, 'GET', `/places/${placeId}`);
    expect(place.body.includes(`/practices/${record[state].id}"`), `${role} place page ${state}`).toBe(visible);
    tick('organisation page');
    const organisation = await call(role, 'GET', `/organisations/${focalOrgId}`);
    expect(organisation.body.includes(`/practices/${record[state].id}"`), `${role} organisation page ${state}`).toBe(visible);
  });
});

/**
 * Writes. A permitted write is proved without changing anything: it is sent with a stale
 * version, so it passes every permission check and stops at 409 VERSION_CONFLICT. Refused
 * writes must answer 404 (may not read), 409 TRANSITION_NOT_ALLOWED (the workflow has no such
 * move), 401 (the public) or 403, and change nothing either way.
 */
describe('writes', () => {
  const TARGETS: RecordState[] = ['draft', 'submitted', 'in_review', 'published', 'archived', 'deleted'];
  let auditBefore: number;
  beforeAll(async () => {
    auditBefore = Number((await t.pontes.db.selectFrom('auditLog').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  });

  function expectedStatus(role: Role, state: RecordState, action: Action, transition: boolean): { status: number; code?: string } {
    if (!mayRead(role, state)) return { status: 404 };
    if (transition && !workflowAllows(action, state)) return { status: 409, code: 'TRANSITION_NOT_ALLOWED' };
    if (!can(actors[role], action, state, ties)) return { status: role === 'public' ? 401 : 403 };
    return { status: 409, code: 'VERSION_CONFLICT' };
  }

  it.each(ROLES)('edits (PATCH) as %s follow the table', async (role) => {
    for (const state of RECORD_STATES) {
      tick('write edit');
      const { id } = record[state];
      const response = await call(role, 'PATCH', `/api/v1/practices/${id}`, { title: 'Overwritten' }, { 'if-match': '"999"' });
      const expected = expectedStatus(role, state, 'edit', false);
      expect(response.status, `${role} edit ${state}: ${response.body.slice(0, 200)}`).toBe(expected.status);
      if (expected.code !== undefined) expect(response.json().code).toBe(expected.code);
    }
  });

  it.each(ROLES)('workflow moves (POST …/status, DELETE) as %s follow the table', async (role) => {
    for (const state of RECORD_STATES) {
      const { id } = record[state];
      for (const target of TARGETS) {
        tick('write status');
        const action = transitionTo(target, state)!;
        const response = await call(role, 'POST', `/api/v1/practices/${id}/status`, { status: target, version: 999 });
        const expected = expectedStatus(role, state, action, true);
        expect(response.status, `${role} ${state} → ${target}: ${response.body.slice(0, 200)}`).toBe(expected.status);
        if (expected.code !== undefined) expect(response.json().code, `${role} ${state} → ${target}`).toBe(expected.code);
      }
      tick('write delete');
      const deleted = await call(role, 'DELETE', `/api/v1/practices/${id}`, undefined, { 'if-match': '"999"' });
      expect(deleted.status, `${role} delete ${state}`).toBe(expectedStatus(role, state, 'delete', true).status);
    }
  });

  it('changed nothing: same versions, same states, no audit entry', async () => {
    for (const state of RECORD_STATES) {
      const row = await t.pontes.db.selectFrom('practices').select(['version', 'status', 'deletedAt', 'title']).where('id', '=', record[state].id).executeTakeFirstOrThrow();
      expect(row.version, state).toBe(record[state].version);
      expect(row.title).not.toBe('Overwritten');
      expect(row.deletedAt !== null).toBe(state === 'deleted');
    }
    const after = Number((await t.pontes.db.selectFrom('auditLog').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(after).toBe(auditBefore);
  });

  it('the table itself: every action is covered by a path above', () => {
    const covered: Action[] = ['read', 'history', 'edit', 'submit', 'review', 'publish', 'return', 'archive', 'delete', 'restore'];
    // merge: the curation tests (places and organisations); status (a cooperation record's
    // lifecycle move, which practices do not have): test/permissions.cooperation.test.ts.
    expect(Object.keys(PERMISSIONS).filter((a) => !covered.includes(a as Action))).toEqual(['merge', 'status']);
  });
});

describe('requests with two ids are checked on both', () => {
  it.each(ROLES.filter((r) => r !== 'public'))('adapted_from as %s: only a practice the writer may read', async (role) => {
    for (const state of RECORD_STATES) {
      tick('two ids: adapted_from');
      const response = await call(role, 'POST', '/api/v1/practices', { title: `Adapting ${state}`, summary: 'A practice that names another one.', language: 'en', places: [{ country: 'MZ' }], adapted_from: record[state].id });
      // A deleted practice is no one's to adapt (lists and lineage never show it).
      expect(response.status, `${role} adapting ${state}: ${response.body.slice(0, 200)}`).toBe(listed(role, state) ? 201 : 400);
    }
    const missing = await call(role, 'POST', '/api/v1/practices', { title: 'Adapting nothing', summary: 'A practice that names another one.', language: 'en', places: [{ country: 'MZ' }], adapted_from: '00000000-0000-4000-8000-000000000000' });
    expect(missing.status).toBe(400);
  });

  it.each(ROLES)('merging places and organisations as %s: both ids checked', async (role) => {
    tick('two ids: merge');
    const db = t.pontes.db;
    const place = async (name: string) => (await db.insertInto('places').values({ kind: 'municipality', name, altNames: [], countryCode: 'ZA', adminCode: null, population: null, populationYear: null, latitude: null, longitude: null, geonamesId: null, origin: 'import', needsReview: true }).returning('id').executeTakeFirstOrThrow()).id;
    const from = await place(`Dup ${role}`);
    const into = await place(`Keep ${role}`);
    const merger = can(actors[role], 'merge', 'published', { createdBy: null, ownerOrganisationId: null, placeIds: [from], organisationIds: [] });
    const nowhere = '00000000-0000-4000-8000-000000000000';
    expect((await call(role, 'POST', `/api/v1/places/${from}/merge`, { into: nowhere })).status, `${role} merge into nothing`).toBe(merger ? 404 : role === 'public' ? 401 : 403);
    expect((await call(role, 'POST', `/api/v1/places/${nowhere}/merge`, { into })).status).toBe(404);
    const merged = await call(role, 'POST', `/api/v1/places/${from}/merge`, { into });
    expect(merged.status, `${role} merge: ${merged.body.slice(0, 200)}`).toBe(merger ? 200 : role === 'public' ? 401 : 403);
    const row = await db.selectFrom('places').select('mergedInto').where('id', '=', from).executeTakeFirstOrThrow();
    expect(row.mergedInto).toBe(merger ? into : null);
    if (merger) {
      const page = await call(role, 'GET', `/places/${from}`);
      expect(page.status).toBe(301);
      // A merged place cannot be merged again, nor receive a merge.
      expect((await call(role, 'POST', `/api/v1/places/${into}/merge`, { into: from })).status).toBe(404);
    }
    const orgFrom = await orgId(`Dup org ${role}`);
    const orgInto = await orgId(`Keep org ${role}`);
    expect((await call(role, 'POST', `/api/v1/organisations/${orgFrom}/merge`, { into: nowhere })).status).toBe(merger ? 404 : role === 'public' ? 401 : 403);
    expect((await call(role, 'POST', `/api/v1/organisations/${orgFrom}/merge`, { into: orgInto })).status).toBe(merger ? 200 : role === 'public' ? 401 : 403);
  });
});
