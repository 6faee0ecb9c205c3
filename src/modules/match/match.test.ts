import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../platform/auth/actor.js';
import { createTestApp, demoBytes, type TestApp } from '../../../test/helpers.js';
import { importPractices } from '../practices/index.js';

let t: TestApp;
let maputoId: string;
beforeAll(async () => {
  t = await createTestApp();
  await importPractices(t.pontes.db, OPERATOR, demoBytes(), { source: 'ilo-2013-handbook', status: 'published' });
  maputoId = ((await t.app.inject({ method: 'GET', url: '/api/v1/places?q=maputo' })).json() as { items: { id: string }[] }).items[0]!.id;
});
afterAll(async () => {
  await t?.close();
});

type Match = { practice: { sourceId: string; places: string[] }; score: number; explanation: { factor: string; value: number; weight: number; contribution: number; text: string }[] };
const match = async (query: string) => {
  const response = await t.app.inject({ method: 'GET', url: `/api/v1/match/practices?${query}` });
  return { status: response.statusCode, body: response.json() as { items: Match[]; context: Record<string, unknown>; code?: string; detail?: string } };
};

describe('who solved this', () => {
  it('suggests Durban to Maputo for market vendors, saying why in plain words', async () => {
    const { status, body } = await match(`need=${encodeURIComponent('higiene nos mercados e vendedores informais')}&place=${maputoId}`);
    expect(status).toBe(200);
    const ids = body.items.map((m) => m.practice.sourceId);
    expect(ids.slice(0, 3)).toContain('ilo2013-durban-informal-traders-partnership');
    // Maputo's own practice is not a peer for Maputo
    expect(ids).not.toContain('ilo2013-maputo-markets-hygiene-vendors');
    const durban = body.items.find((m) => m.practice.sourceId === 'ilo2013-durban-informal-traders-partnership')!;
    const factors = durban.explanation.map((e) => e.factor);
    expect(factors).toEqual(expect.arrayContaining(['topic', 'size', 'region', 'criteria']));
    const size = durban.explanation.find((e) => e.factor === 'size')!;
    expect(size.text).toMatch(/size: 1\.2M and 3\.1M inhabitants/);
    expect(durban.explanation.find((e) => e.factor === 'region')!.text).toBe('same region: Sub-Saharan Africa');
    expect(durban.explanation.find((e) => e.factor === 'criteria')!.text).toMatch(/good practice: 5 criteria met/);
    const sum = durban.explanation.reduce((s, e) => s + e.contribution, 0);
    expect(sum).toBeCloseTo(durban.score, 3);
    const weights = durban.explanation.reduce((s, e) => s + e.weight, 0);
    expect(weights).toBeCloseTo(1, 2);
  });

  it('works with the need alone and with a context given by hand', async () => {
    const needOnly = await match('need=street vendors');
    expect(needOnly.status).toBe(200);
    expect(needOnly.body.items.length).toBeGreaterThan(0);
    expect(needOnly.body.items[0]!.explanation.some((e) => e.factor === 'size')).toBe(false);
    const context = await match('country=MZ&population=1100000&sectors=markets_street_vending');
    expect(context.status).toBe(200);
    expect(context.body.items.length).toBeGreaterThan(0);
    expect(context.body.items[0]!.explanation.map((e) => e.factor)).toContain('sectors');
  });

  it('answers 400 naming an unknown place, country or code', async () => {
    for (const [query, value] of [['place=00000000-0000-4000-8000-000000000000', '00000000'], ['place=nope', 'nope'], ['country=QQ', 'QQ'], ['sectors=moon_mining', 'moon_mining']] as const) {
      const { status, body } = await match(query);
      expect(status, query).toBe(400);
      expect(body.detail, query).toContain(value);
    }
    expect((await match('need=x&limit=1e9')).status).toBe(200);
  });
});

describe('places like mine', () => {
  it('lists places with practices, most alike first, never the seeker itself', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/match/places?place=${maputoId}` });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { items: { place: { name: string; id: string }; score: number; explanation: { text: string }[] }[] };
    expect(body.items.length).toBeGreaterThan(3);
    expect(body.items.map((i) => i.place.id)).not.toContain(maputoId);
    const scores = body.items.map((i) => i.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(body.items[0]!.explanation.length).toBeGreaterThan(0);
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/match/places' });
    expect(missing.statusCode).toBe(400);
  });
});

describe('the find-peers page', () => {
  it('works without JavaScript: a GET form, and explained suggestions', async () => {
    const empty = await t.app.inject({ method: 'GET', url: '/match' });
    expect(empty.body).toContain('<form method="get" action="/match"');
    const response = await t.app.inject({ method: 'GET', url: `/match?need=${encodeURIComponent('vendedores ambulantes')}&city=Maputo` });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Your place: Maputo, Mozambique');
    expect(response.body).toContain('Who solved this');
    expect(response.body).toMatch(/same region: Sub-Saharan Africa/);
    expect(response.body).toContain('Places like yours');
    const unknownCity = await t.app.inject({ method: 'GET', url: '/match?need=markets&city=Atlantis' });
    expect(unknownCity.body).toContain('We found no place called “Atlantis”');
  });
});
