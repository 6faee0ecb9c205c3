import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pontes } from '../../bootstrap.js';
import { OPERATOR, PUBLIC } from '../../platform/auth/actor.js';
import { createTestPontes, demoBytes, jsonl, practiceRecord } from '../../../test/helpers.js';
import { searchPlaces } from '../places/index.js';
import { exportPractices, getPractice, importPractices, listPractices } from './index.js';
import type { PontesError } from '../../errors.js';

let pontes: Pontes;
beforeAll(async () => {
  pontes = await createTestPontes();
});
afterAll(async () => {
  await pontes?.close();
});

const importAs = (bytes: Buffer, source = 'test', status: 'draft' | 'published' = 'published') =>
  importPractices(pontes.db, OPERATOR, bytes, { source, status });

async function refusal(bytes: Buffer, source = 'test'): Promise<PontesError> {
  try {
    await importAs(bytes, source);
  } catch (error) {
    return error as PontesError;
  }
  throw new Error('the import was not refused');
}

const all = (source: string) => listPractices(pontes.db, OPERATOR, { source, status: 'draft,submitted,in_review,published,archived' }, { limit: 100 });

describe('importing practices', () => {
  it('imports the handbook demo: every line valid, lineage resolved, good-practice marks earned', async () => {
    const summary = await importAs(demoBytes(), 'demo');
    expect(summary.added).toBeGreaterThanOrEqual(14);
    expect(summary.updated).toBe(0);
    const list = await all('demo');
    expect(list.total).toBe(summary.added);
    const maputo = list.items.find((p) => p.sourceId === 'ilo2013-maputo-markets-hygiene-vendors');
    expect(maputo).toBeDefined();
    const detail = await getPractice(pontes.db, PUBLIC, maputo!.id);
    expect(detail.adaptedFrom?.sourceId).toBe('ilo2013-durban-informal-traders-partnership');
    expect(detail.modality).toBe('triangular');
    expect(detail.modalityDerived).toBe(true);
    const durban = await getPractice(pontes.db, PUBLIC, detail.adaptedFrom!.id);
    expect(durban.adaptedBy.map((l) => l.sourceId)).toContain('ilo2013-maputo-markets-hygiene-vendors');
    const makassar = list.items.find((p) => p.sourceId === 'ilo2013-makassar-dumpsite-children');
    const makassarDetail = await getPractice(pontes.db, PUBLIC, makassar!.id);
    expect(makassarDetail.results.map((r) => r.value)).toEqual(expect.arrayContaining([67, 40, 12]));
    expect(list.items.filter((p) => p.goodPractice).length).toBeGreaterThan(0);
    expect(list.items.filter((p) => !p.goodPractice).length).toBeGreaterThan(0);
    // Mato Grosso adapts Bahia: the chain is visible from Bahia
    const bahia = list.items.find((p) => p.sourceId === 'ilo2013-bahia-decent-work-agenda');
    const bahiaDetail = await getPractice(pontes.db, PUBLIC, bahia!.id);
    expect(bahiaDetail.adaptedBy.map((l) => l.sourceId)).toContain('ilo2013-mato-grosso-decent-work-agenda');
  });

  it('re-importing the same source and ids updates instead of duplicating', async () => {
    const first = await importAs(jsonl([practiceRecord({ id: 'again' })]), 'again');
    expect(first).toMatchObject({ added: 1, updated: 0 });
    const second = await importAs(jsonl([practiceRecord({ id: 'again', title: 'A better title for the record' })]), 'again');
    expect(second).toMatchObject({ added: 0, updated: 1 });
    const list = await all('again');
    expect(list.total).toBe(1);
    expect(list.items[0]?.title).toBe('A better title for the record');
    // the same id in another source is another record
    await importAs(jsonl([practiceRecord({ id: 'again' })]), 'other-source');
    expect((await all('other-source')).total).toBe(1);
  });

  it('refuses a whole file for one bad line, changing nothing, and names every bad line', async () => {
    const good = practiceRecord({ id: 'good-1' });
    const lines = [
      JSON.stringify(good),
      JSON.stringify(practiceRecord({ id: 'bad-2', pillars: ['rights', 'wellbeing'] })),
      '{ not json',
      JSON.stringify(practiceRecord({ id: 'bad-4', colour: 'green' })),
      JSON.stringify({ id: 'bad-5', title: 'x' }),
      JSON.stringify(practiceRecord({ id: 'good-1' })),
      JSON.stringify(practiceRecord({ id: 'bad-7', places: [{ city: 'Nowhere', country: 'XX' }] })),
      JSON.stringify(practiceRecord({ id: 'bad-8', period: { start: '2013', end: '2009' } })),
      JSON.stringify(practiceRecord({ id: 'bad-9', sources: [{ url: 'ftp://example.org/x' }] })),
      JSON.stringify(practiceRecord({ id: 'bad-10', summary: 'y'.repeat(6000) })),
      '[1,2,3]',
    ];
    const error = await refusal(Buffer.from(lines.join('\n')), 'refused');
    expect(error.code).toBe('IMPORT_REFUSED');
    expect(error.status).toBe(422);
    const errors = error.errors as { line: number; field?: string; reason: string; value?: string }[];
    const at = (line: number) => errors.filter((e) => e.line === line);
    expect(at(1)).toEqual([]);
    expect(at(2)[0]).toMatchObject({ field: 'pillars[1]', value: 'wellbeing' });
    expect(at(2)[0]?.reason).toContain('must be one of: rights, employment');
    expect(at(3)[0]?.reason).toMatch(/not JSON/);
    expect(at(4)[0]).toMatchObject({ field: 'colour', value: 'green' });
    expect(at(5).map((e) => e.field)).toEqual(expect.arrayContaining(['title', 'summary', 'language', 'places']));
    expect(at(6)[0]).toMatchObject({ field: 'id', reason: 'repeats the id of line 1' });
    expect(at(7)[0]).toMatchObject({ field: 'places[0].country', value: 'XX' });
    expect(at(8)[0]).toMatchObject({ field: 'period.end' });
    expect(at(9)[0]?.field).toBe('sources[0].url');
    expect(at(10)[0]).toMatchObject({ field: 'summary' });
    expect(at(10)[0]?.value?.length).toBeLessThanOrEqual(101);
    expect(at(11)[0]?.reason).toBe('line must be a JSON object');
    expect((await all('refused')).total).toBe(0);
  });

  it('refuses invalid UTF-8 and over-long lines, and accepts BOM, CRLF and blank lines', async () => {
    const bad = Buffer.concat([Buffer.from(`${JSON.stringify(practiceRecord({ id: 'u1' }))}\n{"id":"`), Buffer.from([0xff]), Buffer.from('"}\n')]);
    const error = await refusal(bad, 'utf');
    expect((error.errors as { line: number; reason: string }[])[0]).toEqual({ line: 2, reason: 'line is not valid UTF-8' });
    const huge = Buffer.from(`${JSON.stringify(practiceRecord({ id: 'h1', body: 'z'.repeat(1024 * 1024 + 10) }))}\n`);
    expect(((await refusal(huge, 'huge')).errors as { reason: string }[])[0]?.reason).toMatch(/1 MiB/);
    const friendly = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${JSON.stringify(practiceRecord({ id: 'f1' }))}\r\n\r\n${JSON.stringify(practiceRecord({ id: 'f2' }))}\r\n`)]);
    expect(await importAs(friendly, 'friendly')).toMatchObject({ added: 2 });
    expect((await all('utf')).total + (await all('huge')).total).toBe(0);
  });

  it('resolves places by name with accents, case and alternative names tolerated; creates and flags unknown ones', async () => {
    await importAs(
      jsonl([
        practiceRecord({ id: 'pl1', places: [{ city: 'SAO PAULO', country: 'BR' }, { city: 'Lourenco Marques', country: 'MZ' }] }),
        practiceRecord({ id: 'pl2', places: [{ city: 'eThekwini (Durban)', country: 'ZA' }, { city: 'Bahia', country: 'BR' }, { country: 'UY' }] }),
        practiceRecord({ id: 'pl3', places: [{ city: 'Maputo', country: 'MZ', geonames_id: 999999999 }, { city: 'Anywhere', country: 'BR', geonames_id: 3470127 }] }),
      ]),
      'places',
    );
    const list = await all('places');
    const byId = new Map(list.items.map((p) => [p.sourceId, p]));
    const pl1 = await getPractice(pontes.db, OPERATOR, byId.get('pl1')!.id);
    expect(pl1.places.map((p) => [p.name, p.needsReview])).toEqual([['São Paulo', false], ['Maputo', false]]);
    const pl2 = await getPractice(pontes.db, OPERATOR, byId.get('pl2')!.id);
    expect(pl2.places[0]).toMatchObject({ name: 'Durban', writtenAs: 'eThekwini (Durban)', needsReview: false });
    expect(pl2.places[1]).toMatchObject({ name: 'Bahia', needsReview: true });
    expect(pl2.places[2]).toMatchObject({ placeId: null, countryCode: 'UY' });
    const pl3 = await getPractice(pontes.db, OPERATOR, byId.get('pl3')!.id);
    // an unknown GeoNames id falls back to the name; a known one wins over the name
    expect(pl3.places.map((p) => p.name)).toEqual(['Maputo', 'Belo Horizonte']);
    // the created place is found again by the next import, not created twice
    const again = await importAs(jsonl([practiceRecord({ id: 'pl4', places: [{ city: 'bahia', country: 'BR' }] })]), 'places');
    expect(again.placesCreated).toBe(0);
    const found = await searchPlaces(pontes.db, { q: 'Bahia', country: 'BR', limit: 10, offset: 0 });
    expect(found.items.filter((p) => p.name === 'Bahia')).toHaveLength(1);
  });

  it('resolves partners to organisations by name and country, creating each once', async () => {
    const partners = [
      { name: 'Test Facilitation Agency', kind: 'international_organisation', role: 'facilitating' },
      { name: 'Direcção Municipal de Mercados', kind: 'local_government', role: 'lead', country: 'MZ' },
    ];
    const first = await importAs(jsonl([practiceRecord({ id: 'o1', partners }), practiceRecord({ id: 'o2', partners: [{ name: 'DIRECCAO MUNICIPAL DE MERCADOS', country: 'MZ' }] })]), 'orgs');
    expect(first.organisationsCreated).toBe(2);
    const list = await all('orgs');
    const o2 = await getPractice(pontes.db, OPERATOR, list.items.find((p) => p.sourceId === 'o2')!.id);
    const o1 = await getPractice(pontes.db, OPERATOR, list.items.find((p) => p.sourceId === 'o1')!.id);
    expect(o2.partners[0]?.organisationId).toBe(o1.partners[1]?.organisationId);
    expect(o1.partners[0]).toMatchObject({ role: 'facilitating', kind: 'international_organisation', countryCode: null });
  });

  it('links adapted_from when its target arrives in a later import', async () => {
    await importAs(jsonl([practiceRecord({ id: 'child', adapted_from: 'parent' })]), 'lineage');
    const child = (await all('lineage')).items[0]!;
    const before = await getPractice(pontes.db, OPERATOR, child.id);
    expect(before.adaptedFrom).toBeNull();
    expect(before.adaptedFromSourceId).toBe('parent');
    await importAs(jsonl([practiceRecord({ id: 'parent', title: 'The original practice' })]), 'lineage');
    const after = await getPractice(pontes.db, OPERATOR, child.id);
    expect(after.adaptedFrom?.title).toBe('The original practice');
  });

  it('gives the good-practice mark to three or more criteria with evidence, and derives the modality', async () => {
    const criteria = (n: number) =>
      ['sustainability', 'innovation', 'replicability', 'participation'].slice(0, n).map((code) => ({ code, evidence: `Evidence for ${code}` }));
    await importAs(
      jsonl([
        practiceRecord({ id: 'gp2', criteria: [...criteria(2), { code: 'relevance' }] }),
        practiceRecord({ id: 'gp3', criteria: criteria(3), places: [{ city: 'Maputo', country: 'MZ' }, { city: 'Durban', country: 'ZA' }] }),
        practiceRecord({ id: 'gp4', criteria: criteria(4), modality: 'north_north' }),
      ]),
      'marks',
    );
    const byId = new Map((await all('marks')).items.map((p) => [p.sourceId, p]));
    expect(byId.get('gp2')).toMatchObject({ goodPractice: false, criteriaMet: 2, modality: 'domestic', modalityDerived: true });
    expect(byId.get('gp3')).toMatchObject({ goodPractice: true, criteriaMet: 3, modality: 'south_south' });
    expect(byId.get('gp4')).toMatchObject({ goodPractice: true, criteriaMet: 4, modality: 'north_north', modalityDerived: false });
  });

  it('keeps drafts out of public view', async () => {
    await importAs(jsonl([practiceRecord({ id: 'd1' })]), 'drafts', 'draft');
    const operatorView = await all('drafts');
    expect(operatorView.items[0]?.status).toBe('draft');
    const publicView = await listPractices(pontes.db, PUBLIC, { source: 'drafts' }, {});
    expect(publicView.total).toBe(0);
    await expect(getPractice(pontes.db, PUBLIC, operatorView.items[0]!.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses imports from the public and bad source names', async () => {
    await expect(importPractices(pontes.db, PUBLIC, jsonl([practiceRecord()]), { source: 'x', status: 'published' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(importAs(jsonl([practiceRecord()]), '../etc')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('round-trips: import → export → import yields the same records', async () => {
    const exported: unknown[] = [];
    for await (const record of exportPractices(pontes.db, OPERATOR, { source: 'demo', status: 'published' })) exported.push(record);
    const original = demoBytes().toString('utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { id: string });
    expect(exported).toHaveLength(original.length);
    // empty lists are simply not written out: they mean the same as an absent field
    const withoutEmptyLists = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([, v]) => !(Array.isArray(v) && v.length === 0)));
    const byId = new Map(original.map((r) => [r.id, withoutEmptyLists(r)]));
    for (const record of exported as { id: string }[]) expect(record).toEqual(byId.get(record.id));
    const reimport = await importAs(jsonl(exported), 'demo');
    expect(reimport).toMatchObject({ added: 0, updated: original.length });
    const again: unknown[] = [];
    for await (const record of exportPractices(pontes.db, OPERATOR, { source: 'demo', status: 'published' })) again.push(record);
    expect(again).toEqual(exported);
  });
});
