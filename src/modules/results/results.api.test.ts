import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestApp, type TestApp, type TestMember } from '../../../test/helpers.js';

let t: TestApp;
let author: TestMember;
let curator: TestMember;
let stranger: TestMember;
let partnershipId: string;
const place: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const db = t.pontes.db;
  for (const row of await db.selectFrom('places').select(['id', 'name']).execute()) place[row.name] = row.id;
  author = await createMember(t.pontes, { role: 'member' });
  curator = await createMember(t.pontes, { role: 'curator' });
  stranger = await createMember(t.pontes, { role: 'member' });
  partnershipId = (await db.insertInto('partnerships').values({ title: 'Maputo–Durban market vendors exchange', type: 'twinning', documents: '[]', publication: 'published' })
    .returning('id').executeTakeFirstOrThrow()).id;
  await db.insertInto('partnershipParties').values([
    { partnershipId, position: 0, placeId: place.Maputo!, role: 'beneficiary' },
    { partnershipId, position: 1, placeId: place.Durban!, role: 'provider' },
  ]).execute();
});
afterAll(() => t?.close());

const api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, options: { headers?: Record<string, string>; payload?: unknown } = {}) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: options.headers ?? {}, ...(options.payload !== undefined ? { payload: options.payload as Record<string, unknown> } : {}) });

const body = (overrides: Record<string, unknown> = {}) => ({
  outcome: { title: 'Market vendors work in safer markets', partnership_id: partnershipId },
  title: 'Vendors trained in food hygiene',
  unit: 'vendors',
  measure: 'count',
  by_sex: true,
  baseline: { value: 0, women: 0, men: 0, date: '2012-11-07' },
  targets: [{ date: '2014-12-31', value: 120, women: 70, men: 50 }],
  ...overrides,
});

const indicatorCount = async () => Number((await t.pontes.db.selectFrom('indicators').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('the indicators API', () => {
  let id: string;

  it('creates an indicator: 201, Location, ETag, the whole object', async () => {
    const response = await api('POST', '/indicators', { headers: author.headers, payload: body() });
    expect(response.statusCode, response.body).toBe(201);
    const indicator = response.json();
    id = indicator.id;
    expect(response.headers.location).toBe(`/api/v1/indicators/${id}`);
    expect(response.headers.etag).toBe('"1"');
    expect(indicator).toMatchObject({
      title: 'Vendors trained in food hygiene', measure: 'count', by_sex: true, publication: 'draft', version: 1,
      outcome: { title: 'Market vendors work in safer markets', partnership_id: partnershipId, programme: null },
      partnership: { id: partnershipId, title: 'Maputo–Durban market vendors exchange' },
      baseline: { value: 0, women: 0, men: 0, date: '2012-11-07' },
      targets: [{ date: '2014-12-31', value: 120, women: 70, men: 50 }], measurements: [], latest: null,
      next_target: { date: '2014-12-31', value: 120 }, chart_url: `/indicators/${id}/chart.svg`, url: `/indicators/${id}`,
    });
  });

  it('answers bad input with 400 problem+json naming each field, and writes nothing', async () => {
    const before = await indicatorCount();
    const bad = [
      body({ measure: 'percentage', unit: '%', by_sex: false, baseline: null, targets: [{ date: '2014-12-31', value: 101 }] }),
      body({ targets: [{ date: '2014-12-31', value: 10.5 }] }),
      body({ targets: [{ date: '2014-12-31', value: 100, women: 60, men: 50 }] }),
      body({ baseline: { value: 0, date: '2013-13-01' } }),
      body({ outcome: { title: 'x', partnership_id: '00000000-0000-4000-8000-000000000000' } }),
      body({ baseline: { value: -3, women: null, men: null, date: '2012-11-07' } }),
    ];
    for (const payload of bad) {
      const response = await api('POST', '/indicators', { headers: author.headers, payload });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = response.json();
      expect(problem.code).toBe('VALIDATION_FAILED');
      expect(problem.errors.length).toBeGreaterThan(0);
      expect(problem.errors.every((e: { field?: string }) => typeof e.field === 'string' && e.field !== '')).toBe(true);
    }
    const sum = await api('POST', '/indicators', { headers: author.headers, payload: body({ targets: [{ date: '2014-12-31', value: 100, women: 60, men: 50 }] }) });
    expect(sum.json().errors[0]).toMatchObject({ field: 'targets[0].women', reason: expect.stringMatching(/cannot exceed it/) });
    // null stays null (never coerced to 0): a null baseline value with women given is refused for the missing total.
    const nulls = await api('POST', '/indicators', { headers: author.headers, payload: body({ baseline: { value: null, women: 3, men: null } }) });
    expect(nulls.json().errors).toEqual([expect.objectContaining({ field: 'baseline.value' })]);
    expect(await indicatorCount()).toBe(before);
    expect((await api('POST', '/indicators', { payload: body() })).statusCode).toBe(401);
  });

  it('lists what the caller may see, filtered by partnership', async () => {
    const mine = (await api('GET', `/indicators?partnership_id=${partnershipId}`, { headers: author.headers })).json();
    expect(mine).toMatchObject({ total: 1, limit: 20, offset: 0 });
    expect(mine.items[0]).toMatchObject({ id, latest: null });
    expect(mine.items[0].measurements).toBeUndefined();
    expect((await api('GET', `/indicators?partnership_id=${partnershipId}`)).json().total).toBe(0);
    expect((await api('GET', '/indicators', { headers: stranger.headers })).json().total).toBe(0);
    expect((await api('GET', '/indicators?partnership_id=nonsense')).statusCode).toBe(400);
  });

  it('adds measurements: the latest value moves; a date taken is 409; PUT replaces it', async () => {
    const first = await api('POST', `/indicators/${id}/measurements`, { headers: author.headers, payload: { date: '2013-06-20', value: 9, women: 5, men: 4, note: 'first visit' } });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ version: 2, latest: { date: '2013-06-20', value: 9 }, measurements: [{ date: '2013-06-20', note: 'first visit', by: { name: null } }] });
    const second = await api('POST', `/indicators/${id}/measurements`, { headers: author.headers, payload: { date: '2013-08-30', value: 30, women: 18, men: 12 } });
    expect(second.json().latest).toEqual({ date: '2013-08-30', value: 30, women: 18, men: 12 });
    expect(second.json().progress).toBe(25);
    const again = await api('POST', `/indicators/${id}/measurements`, { headers: author.headers, payload: { date: '2013-08-30', value: 31 } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'CONFLICT', detail: expect.stringContaining(`PUT /api/v1/indicators/${id}/measurements/2013-08-30`) });
    const put = await api('PUT', `/indicators/${id}/measurements/2013-08-30`, { headers: author.headers, payload: { value: 31, women: 19, men: 12 } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().latest).toEqual({ date: '2013-08-30', value: 31, women: 19, men: 12 });
    const wrongPath = await api('PUT', `/indicators/${id}/measurements/2013-02-30`, { headers: author.headers, payload: { value: 1 } });
    expect(wrongPath.statusCode).toBe(400);
    const stale = await api('POST', `/indicators/${id}/measurements`, { headers: { ...author.headers, 'if-match': '"1"' }, payload: { date: '2013-09-30', value: 35 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
  });

  it('edits with a version: 428 without, 409 stale, ETag after', async () => {
    const current = await api('GET', `/indicators/${id}`, { headers: author.headers });
    const etag = current.headers.etag as string;
    expect((await api('PATCH', `/indicators/${id}`, { headers: author.headers, payload: { title: 'Renamed' } })).statusCode).toBe(428);
    const staleEdit = await api('PATCH', `/indicators/${id}`, { headers: { ...author.headers, 'if-match': '"1"' }, payload: { title: 'Renamed' } });
    expect(staleEdit.statusCode).toBe(409);
    expect(staleEdit.json()).toMatchObject({ code: 'VERSION_CONFLICT', errors: [{ field: 'version', current: current.json().version, sent: 1 }] });
    expect((await api('GET', `/indicators/${id}`, { headers: author.headers })).json().title).toBe('Vendors trained in food hygiene');
    const edited = await api('PATCH', `/indicators/${id}`, { headers: { ...author.headers, 'if-match': etag }, payload: { title: 'Vendors trained in food safety', baseline: { value: 2, women: 1, men: 1, date: '2012-11-07' } } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.headers.etag).toBe(`"${current.json().version + 1}"`);
    expect(edited.json()).toMatchObject({ title: 'Vendors trained in food safety', baseline: { value: 2 } });
  });

  it('replaces the targets with PUT, the version required', async () => {
    const current = (await api('GET', `/indicators/${id}`, { headers: author.headers })).json();
    expect((await api('PUT', `/indicators/${id}/targets`, { headers: author.headers, payload: { targets: [] } })).statusCode).toBe(428);
    const bad = await api('PUT', `/indicators/${id}/targets`, { headers: author.headers, payload: { version: current.version, targets: [{ date: '2012-01-01', value: 5 }] } });
    expect(bad.statusCode).toBe(400);
    const put = await api('PUT', `/indicators/${id}/targets`, { headers: author.headers, payload: { version: current.version, targets: [{ date: '2013-12-31', value: 60, women: 30, men: 30 }, { date: '2014-12-31', value: 120 }] } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().targets.map((x: { date: string }) => x.date)).toEqual(['2013-12-31', '2014-12-31']);
    expect(put.json().next_target).toMatchObject({ date: '2013-12-31' });
  });

  it('serves the chart with the indicator\'s visibility: a draft\'s chart is 404 to the public', async () => {
    const own = await t.app.inject({ method: 'GET', url: `/indicators/${id}/chart.svg`, headers: author.headers });
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(own.body).toContain('<title id="chart-title">Vendors trained in food safety</title>');
    expect(own.body).toMatch(/<desc id="chart-desc">Vendors trained in food safety\. Baseline 2 vendors on Nov 7, 2012\. Latest measurement 31 vendors on Aug 30, 2013\. Of these, women 19 and men 12\. Target 60 vendors by Dec 31, 2013\. 50% of the way/);
    expect(own.body).not.toMatch(/<script|\son\w+=|href=/i);
    const again = await t.app.inject({ method: 'GET', url: `/indicators/${id}/chart.svg`, headers: author.headers });
    expect(again.body).toBe(own.body);
    for (const headers of [{}, stranger.headers]) {
      const hidden = await t.app.inject({ method: 'GET', url: `/indicators/${id}/chart.svg`, headers });
      expect(hidden.statusCode).toBe(404);
      expect(hidden.body).not.toContain('Vendors trained');
    }
    expect((await t.app.inject({ method: 'GET', url: '/indicators/00000000-0000-4000-8000-000000000000/chart.svg' })).statusCode).toBe(404);
  });

  it('is published through the shared publication route, keeps a timeline, and is then public', async () => {
    let version = (await api('GET', `/indicators/${id}`, { headers: author.headers })).json().version;
    const submit = await api('POST', `/indicators/${id}/publication`, { headers: author.headers, payload: { publication: 'submitted', version } });
    expect(submit.statusCode, submit.body).toBe(200);
    version = submit.json().version;
    for (const publication of ['in_review', 'published']) {
      const move = await api('POST', `/indicators/${id}/publication`, { headers: curator.headers, payload: { publication } });
      expect(move.statusCode, move.body).toBe(200);
    }
    expect((await api('POST', `/indicators/${id}/status`, { headers: curator.headers, payload: { status: 'x' } })).statusCode).toBe(404);
    const history = (await api('GET', `/indicators/${id}/history`)).json();
    expect(history.items.map((c: { from: string | null; to: string }) => [c.from, c.to])).toEqual([[null, 'draft'], ['draft', 'submitted'], ['submitted', 'in_review'], ['in_review', 'published']]);
    expect((await api('GET', `/indicators/${id}`)).json().publication).toBe('published');
    expect((await t.app.inject({ method: 'GET', url: `/indicators/${id}/chart.svg` })).statusCode).toBe(200);
    expect((await api('GET', `/indicators/${id}/versions`, { headers: author.headers })).json().items.length).toBeGreaterThan(5);
    // The stranger reads it now, but may not report on it.
    const refused = await api('POST', `/indicators/${id}/measurements`, { headers: stranger.headers, payload: { date: '2013-10-01', value: 40 } });
    expect(refused.statusCode).toBe(403);
  });

  it('gives the results framework of a partnership and of a programme place', async () => {
    const framework = (await api('GET', `/results?partnership_id=${partnershipId}`)).json();
    expect(framework).toMatchObject({
      partnership: { id: partnershipId, title: 'Maputo–Durban market vendors exchange' }, place: null,
      outcomes: [{ title: 'Market vendors work in safer markets', indicators: [{ id, latest: { date: '2013-08-30', value: 31 }, next_target: { date: '2013-12-31', value: 60 } }] }],
    });
    const created = await api('POST', '/indicators', {
      headers: author.headers,
      payload: { outcome: { title: 'More formal jobs', programme: { place_id: place['Belo Horizonte'], title: 'Decent-work agenda' } }, title: 'Formal jobs', unit: '%', measure: 'percentage', measurements: [{ date: '2012-01-01', value: 61.2, note: 'census' }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const programme = (await api('GET', `/results?place_id=${place['Belo Horizonte']}`, { headers: author.headers })).json();
    expect(programme).toMatchObject({ partnership: null, place: { name: 'Belo Horizonte', country_code: 'BR' }, outcomes: [{ title: 'More formal jobs', programme: { title: 'Decent-work agenda' } }] });
    expect((await api('GET', '/results')).statusCode).toBe(400);
    expect((await api('GET', '/results?partnership_id=00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('is described in the OpenAPI document', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    for (const path of ['/api/v1/indicators', '/api/v1/indicators/{id}', '/api/v1/indicators/{id}/targets', '/api/v1/indicators/{id}/measurements', '/api/v1/indicators/{id}/measurements/{date}', '/api/v1/results', '/api/v1/indicators/{id}/publication', '/api/v1/indicators/{id}/history']) {
      expect(document.paths[path], path).toBeDefined();
    }
  });
});
