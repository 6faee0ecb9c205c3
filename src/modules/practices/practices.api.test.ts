import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../platform/auth/actor.js';
import { createTestApp, demoBytes, jsonl, practiceRecord, type TestApp } from '../../../test/helpers.js';
import { importPractices } from './index.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await importPractices(t.pontes.db, OPERATOR, demoBytes(), { source: 'ilo-2013-handbook', status: 'published' });
  await importPractices(t.pontes.db, OPERATOR, jsonl([practiceRecord({ id: 'secret-draft', title: 'A draft nobody should see' })]), { source: 'drafts', status: 'draft' });
});
afterAll(async () => {
  await t?.close();
});

const get = async (url: string) => {
  const response = await t.app.inject({ method: 'GET', url });
  return { status: response.statusCode, type: response.headers['content-type'], body: response.json() as Record<string, unknown> & { items: Record<string, unknown>[]; total: number } };
};

describe('GET /api/v1/practices', () => {
  it('lists published practices with paging metadata, each with sourceId and source', async () => {
    const { status, body } = await get('/api/v1/practices');
    expect(status).toBe(200);
    expect(body.total).toBe(16);
    expect(body).toMatchObject({ limit: 20, offset: 0 });
    expect(body.items.every((p) => typeof p.sourceId === 'string' && p.source === 'ilo-2013-handbook')).toBe(true);
    expect(body.items.some((p) => p.title === 'A draft nobody should see')).toBe(false);
  });

  it('filters by each vocabulary, several values meaning any of them', async () => {
    const markets = await get('/api/v1/practices?sectors=markets_street_vending');
    expect(markets.body.total).toBeGreaterThan(0);
    expect(markets.body.items.every((p) => (p.sectors as string[]).includes('markets_street_vending'))).toBe(true);
    const either = await get('/api/v1/practices?sectors=markets_street_vending,construction');
    expect(either.body.total).toBeGreaterThan(markets.body.total);
    const both = await get('/api/v1/practices?sectors=markets_street_vending&target_groups=street_vendors&pillars=employment');
    expect(both.body.total).toBeLessThanOrEqual(markets.body.total);
    for (const [filter, value] of [['critical_areas', 'youth_jobs_skills'], ['challenges', 'informality'], ['modality', 'triangular'], ['country', 'mz'], ['good_practice', 'true']]) {
      const result = await get(`/api/v1/practices?${filter}=${value}`);
      expect(result.status, filter).toBe(200);
      expect(result.body.total, filter).toBeGreaterThan(0);
      expect(result.body.total, filter).toBeLessThan(16);
    }
  });

  it('filters by UN M49 region and sub-region', async () => {
    const africa = await get('/api/v1/practices?region=002');
    const southernAfrica = await get('/api/v1/practices?region=018');
    const latinAmerica = await get('/api/v1/practices?region=419');
    expect(africa.body.total).toBeGreaterThan(southernAfrica.body.total);
    expect(southernAfrica.body.total).toBeGreaterThan(0);
    expect(latinAmerica.body.items.every((p) => (p.countries as string[]).some((c) => ['BR', 'UY'].includes(c)))).toBe(true);
    expect((await get('/api/v1/practices?region=2')).body.total).toBe(africa.body.total);
  });

  it('answers 400 problem+json naming an unknown filter value, never 500', async () => {
    for (const url of ['/api/v1/practices?pillars=rights,wellbeing', '/api/v1/practices?country=ZZ', '/api/v1/practices?region=999', '/api/v1/practices?good_practice=maybe', '/api/v1/practices?modality=sideways']) {
      const { status, type, body } = await get(url);
      expect(status, url).toBe(400);
      expect(type).toContain('application/problem+json');
      expect(body.code === 'UNKNOWN_FILTER_VALUE' || body.code === 'VALIDATION_FAILED', url).toBe(true);
    }
    const { body } = await get('/api/v1/practices?pillars=rights,wellbeing');
    expect(body).toMatchObject({ code: 'UNKNOWN_FILTER_VALUE', status: 400 });
    expect(String(body.detail)).toContain('wellbeing');
    expect((await get('/api/v1/practices?limit=abc')).status).toBe(400);
  });

  it('clamps large limits to 100 and pages with offset', async () => {
    expect((await get('/api/v1/practices?limit=5000')).body.limit).toBe(100);
    const first = await get('/api/v1/practices?limit=5');
    const second = await get('/api/v1/practices?limit=5&offset=5');
    expect(first.body.items).toHaveLength(5);
    const ids = new Set(first.body.items.map((p) => p.id));
    expect(second.body.items.some((p) => ids.has(p.id))).toBe(false);
  });

  it('status= narrows what the caller may read: the public asking for drafts gets none', async () => {
    const { status, body } = await get('/api/v1/practices?status=draft');
    expect(status).toBe(200);
    expect(body.total).toBe(0);
    expect((await get('/api/v1/practices?status=deleted')).body.total).toBe(0);
    expect((await get('/api/v1/practices?status=nonsense')).status).toBe(400);
    expect((await get('/api/v1/practices?status=published')).body.total).toBe(16);
  });
});

describe('GET /api/v1/practices/{id}', () => {
  it('returns every field with partners, places and lineage both ways', async () => {
    const list = await get('/api/v1/practices?country=MZ&limit=100');
    const maputo = list.body.items.find((p) => p.sourceId === 'ilo2013-maputo-markets-hygiene-vendors');
    const { status, body } = await get(`/api/v1/practices/${String(maputo?.id)}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ sourceId: 'ilo2013-maputo-markets-hygiene-vendors', source: 'ilo-2013-handbook', modality: 'triangular', adaptedFrom: 'ilo2013-durban-informal-traders-partnership' });
    expect((body.places as { name: string }[])[0]?.name).toBe('Maputo');
    expect((body.partners as { role: string }[]).map((p) => p.role)).toEqual(expect.arrayContaining(['lead', 'knowledge_provider', 'facilitating', 'funding']));
    const durbanId = (body.adaptedFromPractice as { id: string }).id;
    const durban = await get(`/api/v1/practices/${durbanId}`);
    expect((durban.body.adaptedBy as { sourceId: string }[]).map((l) => l.sourceId)).toContain('ilo2013-maputo-markets-hygiene-vendors');
  });

  it('answers 404 for an unknown id, a malformed id and a draft', async () => {
    expect((await get('/api/v1/practices/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await get('/api/v1/practices/not-a-uuid')).status).toBe(404);
    const draftId = await t.pontes.db.selectFrom('practices').select('id').where('sourceId', '=', 'secret-draft').executeTakeFirstOrThrow();
    const { status, body } = await get(`/api/v1/practices/${draftId.id}`);
    expect(status).toBe(404);
    expect(body.code).toBe('NOT_FOUND');
  });
});

describe('places and organisations', () => {
  it('finds places by name, tolerating accents, case, alternative names and typos', async () => {
    const names = async (q: string) => (await get(`/api/v1/places?q=${encodeURIComponent(q)}`)).body.items.map((p) => `${String(p.name)}/${String(p.country)}`);
    expect((await names('sao paulo'))[0]).toBe('São Paulo/BR');
    expect((await names('SÃO PAULO'))[0]).toBe('São Paulo/BR');
    expect((await names('lourenço marques'))[0]).toBe('Maputo/MZ');
    expect((await names('ethekwini'))[0]).toBe('Durban/ZA');
    expect((await names('Belo Horizont'))[0]).toBe('Belo Horizonte/BR');
    expect(await names('Curitbia')).toContain('Curitiba/BR');
    const maputo = (await get('/api/v1/places?q=maputo')).body.items[0]!;
    expect(maputo).toMatchObject({ population: 1191613, sizeBand: 'large', intermediaryCity: false, geonamesId: 1040652 });
    const lleida = (await get('/api/v1/places?q=lleida')).body.items[0]!;
    expect(lleida).toMatchObject({ intermediaryCity: true, sizeBand: 'intermediary' });
    const one = await get(`/api/v1/places/${String(maputo.id)}`);
    expect(one.body.name).toBe('Maputo');
    expect((await get('/api/v1/places?country=QQ')).status).toBe(400);
    expect((await get('/api/v1/places/nope')).status).toBe(404);
  });

  it('lists organisations and shows one', async () => {
    const list = await get('/api/v1/organisations?q=maputo');
    expect(list.body.total).toBeGreaterThan(0);
    const org = list.body.items[0]!;
    expect((await get(`/api/v1/organisations/${String(org.id)}`)).body.name).toBe(org.name);
    expect((await get('/api/v1/organisations?kind=alien')).status).toBe(400);
  });
});

describe('OpenAPI', () => {
  it('describes the API in OpenAPI 3.1, generated from the route schemas', async () => {
    const { status, body } = await get('/api/v1/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    const paths = body.paths as Record<string, Record<string, { parameters?: { name: string }[] }>>;
    for (const path of ['/api/v1/practices', '/api/v1/practices/{id}', '/api/v1/places', '/api/v1/places/{id}', '/api/v1/organisations', '/api/v1/organisations/{id}', '/api/v1/imports']) {
      expect(paths[path], path).toBeDefined();
    }
    const params = paths['/api/v1/practices']!.get!.parameters!.map((p) => p.name);
    expect(params).toEqual(expect.arrayContaining(['pillars', 'critical_areas', 'challenges', 'sectors', 'target_groups', 'modality', 'country', 'region', 'good_practice', 'limit', 'offset']));
    expect(Object.keys(paths).some((p) => !p.startsWith('/api/'))).toBe(false);
  });
});
