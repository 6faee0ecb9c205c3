import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestPontes } from '../../../test/helpers.js';
import type { Pontes } from '../../bootstrap.js';
import { memberActor, OPERATOR, PUBLIC, type Actor } from '../../platform/auth/actor.js';
import { changePublication } from '../lifecycle/index.js';
import {
  addMeasurement, createIndicator, getIndicator, indicatorStore, listIndicators, replaceMeasurement, resultsOfPartnership, resultsOfPlace, setTargets, updateIndicator,
} from './index.js';

let pontes: Pontes;
let author: Actor;
let stranger: Actor;
let focal: Actor;
let partnershipId: string;
let deletedPartnershipId: string;
let draftPartnershipId: string;
const place: Record<string, string> = {};

beforeAll(async () => {
  pontes = await createTestPontes();
  const db = pontes.db;
  for (const row of await db.selectFrom('places').select(['id', 'name']).execute()) place[row.name] = row.id;
  const authorId = (await createMember(pontes, { role: 'member' })).memberId;
  author = memberActor({ memberId: authorId, role: 'member' });
  stranger = memberActor({ memberId: (await createMember(pontes, { role: 'member' })).memberId, role: 'member' });
  focal = memberActor({ memberId: (await createMember(pontes, { role: 'member', focalPlaceIds: [place.Durban!] })).memberId, role: 'member', focalPlaceIds: [place.Durban!] });
  const partnership = async (title: string, values: { publication?: 'draft' | 'published'; deletedAt?: Date | null } = {}) => {
    const id = (await db.insertInto('partnerships').values({ title, type: 'twinning', documents: '[]', publication: values.publication ?? 'published', deletedAt: values.deletedAt ?? null })
      .returning('id').executeTakeFirstOrThrow()).id;
    await db.insertInto('partnershipParties').values([
      { partnershipId: id, position: 0, placeId: place.Maputo!, role: 'beneficiary' },
      { partnershipId: id, position: 1, placeId: place.Durban!, role: 'provider' },
    ]).execute();
    return id;
  };
  partnershipId = await partnership('Maputo–Durban market vendors exchange');
  deletedPartnershipId = await partnership('A deleted partnership', { deletedAt: new Date() });
  draftPartnershipId = await partnership('A draft partnership', { publication: 'draft' });
});
afterAll(() => pontes?.close());

const vendors = (overrides: Record<string, unknown> = {}) => ({
  outcome: { title: 'Market vendors work in safer, cleaner markets', partnership_id: partnershipId },
  title: 'Vendors trained in food hygiene',
  unit: 'vendors',
  measure: 'count',
  by_sex: true,
  baseline: { value: 0, women: 0, men: 0, date: '2012-11-07' },
  targets: [{ date: '2014-12-31', value: 120, women: 70, men: 50 }],
  ...overrides,
});

async function counts() {
  const db = pontes.db;
  const n = async (table: 'indicators' | 'outcomes' | 'indicatorTargets' | 'indicatorMeasurements' | 'stateChanges' | 'recordVersions') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { indicators: await n('indicators'), outcomes: await n('outcomes'), targets: await n('indicatorTargets'), measurements: await n('indicatorMeasurements'), changes: await n('stateChanges'), versions: await n('recordVersions') };
}

describe('bad input is refused with every field named, and nothing is written', () => {
  // Bodies are built when the test runs (the partnership and places exist by then).
  const cases: [string, () => Record<string, unknown>, string, RegExp][] = [
    ['a percentage over 100', () => ({ measure: 'percentage', unit: '%', by_sex: false, baseline: { value: 20, date: '2012-11-07' }, targets: [{ date: '2014-12-31', value: 120 }] }), 'targets[0].value', /between 0 and 100/],
    ['a negative count', () => ({ targets: [{ date: '2014-12-31', value: -5 }] }), 'targets[0].value', /whole number of 0 or more/],
    ['a count that is not whole', () => ({ baseline: { value: 2.5, date: '2012-11-07' } }), 'baseline.value', /whole number/],
    ['women and men above the total', () => ({ targets: [{ date: '2014-12-31', value: 100, women: 70, men: 50 }] }), 'targets[0].women', /add up to 120, more than the total 100: women and men are part of the total/],
    ['a date that does not exist', () => ({ baseline: { value: 0, date: '2013-02-30' } }), 'baseline.date', /real date/],
    ['a date in another format', () => ({ targets: [{ date: '31/12/2014', value: 10 }] }), 'targets[0].date', /YYYY-MM-DD/],
    ['a target before the baseline', () => ({ targets: [{ date: '2012-01-01', value: 10 }] }), 'targets[0].date', /after the baseline's date/],
    ['two targets on one date', () => ({ targets: [{ date: '2014-12-31', value: 10 }, { date: '2014-12-31', value: 20 }] }), 'targets[1].date', /one target per date/],
    ['women on an indicator not split by sex', () => ({ by_sex: false, baseline: { value: 3, women: 1, date: '2012-11-07' }, targets: [] }), 'baseline.women', /disaggregated by sex/],
    ['an unknown partnership', () => ({ outcome: { title: 'x', partnership_id: '00000000-0000-4000-8000-000000000000' } }), 'outcome.partnership_id', /no partnership you can see/],
    ['an unknown measure', () => ({ measure: 'ratio' }), 'measure', /one of count, percentage, amount, score/],
    ['a missing title', () => ({ title: '  ' }), 'title', /non-empty/],
    ['both a partnership and a programme', () => ({ outcome: { title: 'x', partnership_id: partnershipId, programme: { place_id: place.Maputo, title: 'p' } } }), 'outcome', /either a partnership/],
    ['an unknown programme place', () => ({ outcome: { title: 'x', programme: { place_id: '00000000-0000-4000-8000-000000000000', title: 'Decent work agenda' } } }), 'outcome.programme.place_id', /no place/],
  ];
  it.each(cases)('%s', async (_name, overrides, field, reason) => {
    const before = await counts();
    const error = await createIndicator(pontes.db, author, vendors(overrides())).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    const errors = (error as { errors: { field: string; reason: string }[] }).errors;
    expect(errors.find((e) => e.field === field)?.reason, JSON.stringify(errors)).toMatch(reason);
    expect(await counts()).toEqual(before);
  });

  it('names every bad field of one body at once', async () => {
    const error = await createIndicator(pontes.db, author, vendors({ title: '', targets: [{ date: 'soon', value: -1 }] })).catch((e: unknown) => e);
    expect((error as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(expect.arrayContaining(['title', 'targets[0].date', 'targets[0].value']));
  });

  it('refuses a deleted partnership, and a draft one the actor may not see, as unknown', async () => {
    for (const id of [deletedPartnershipId, draftPartnershipId]) {
      await expect(createIndicator(pontes.db, author, vendors({ outcome: { title: 'x', partnership_id: id } }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    // A curator sees the draft partnership.
    const curator = memberActor({ memberId: (await createMember(pontes, { role: 'curator' })).memberId, role: 'curator' });
    const ok = await createIndicator(pontes.db, curator, vendors({ outcome: { title: 'Draft outcome', partnership_id: draftPartnershipId }, targets: [] }));
    expect(ok.partnership).toEqual({ id: draftPartnershipId, title: 'A draft partnership' });
  });

  it('refuses the public (401) before looking at the body', async () => {
    await expect(createIndicator(pontes.db, PUBLIC, {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('indicators, their measurements and targets', () => {
  let id: string;

  it('creates an indicator under an outcome found or created by title, as the author\'s draft', async () => {
    const indicator = await createIndicator(pontes.db, author, vendors());
    id = indicator.id;
    expect(indicator).toMatchObject({
      title: 'Vendors trained in food hygiene', measure: 'count', bySex: true, publication: 'draft', version: 1,
      baseline: { value: 0, women: 0, men: 0, date: '2012-11-07' }, targets: [{ date: '2014-12-31', value: 120, women: 70, men: 50 }],
      latest: null, nextTarget: { date: '2014-12-31', value: 120 }, partnership: { id: partnershipId, title: 'Maputo–Durban market vendors exchange' },
    });
    const second = await createIndicator(pontes.db, author, vendors({ title: 'Stalls with running water', unit: 'stalls', by_sex: false, baseline: null, targets: [] }));
    expect(second.outcome.id).toBe(indicator.outcome.id);
    const timeline = await pontes.db.selectFrom('stateChanges').select(['field', 'toValue']).where('recordId', '=', id).execute();
    expect(timeline).toEqual([{ field: 'publication', toValue: 'draft' }]);
  });

  it('a measurement moves the latest value and the progress; one per date (409), replaced with PUT', async () => {
    let indicator = await addMeasurement(pontes.db, author, id, { date: '2013-06-20', value: 9, women: 5, men: 4, note: 'first exchange visit' });
    expect(indicator.latest).toEqual({ date: '2013-06-20', value: 9, women: 5, men: 4 });
    expect(indicator.version).toBe(2);
    indicator = await addMeasurement(pontes.db, author, id, { date: '2013-08-30', value: 30, women: 18, men: 12 });
    expect(indicator.latest).toMatchObject({ date: '2013-08-30', value: 30 });
    expect(indicator.progress).toBe(25);
    // An older measurement does not move the latest.
    indicator = await addMeasurement(pontes.db, author, id, { date: '2013-01-15', value: 2 });
    expect(indicator.latest?.date).toBe('2013-08-30');
    const before = await counts();
    await expect(addMeasurement(pontes.db, author, id, { date: '2013-08-30', value: 31 })).rejects.toMatchObject({ code: 'CONFLICT', status: 409 });
    await expect(addMeasurement(pontes.db, author, id, { date: '2013-09-30', value: 40, women: 30, men: 20 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(addMeasurement(pontes.db, author, id, { date: '2013-09-30', value: 40, version: 1 })).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    expect(await counts()).toEqual(before);
    indicator = await replaceMeasurement(pontes.db, author, id, '2013-08-30', { value: 31, women: 19, men: 12 });
    expect(indicator.latest).toEqual({ date: '2013-08-30', value: 31, women: 19, men: 12 });
    expect(indicator.measurements.map((m) => m.date)).toEqual(['2013-01-15', '2013-06-20', '2013-08-30']);
  });

  it('replaces the targets with a version: 428 without, 409 stale, each checked', async () => {
    const current = await getIndicator(pontes.db, author, id);
    await expect(setTargets(pontes.db, author, id, { targets: [] })).rejects.toMatchObject({ code: 'VERSION_REQUIRED', status: 428 });
    await expect(setTargets(pontes.db, author, id, { targets: [], version: current.version - 1 })).rejects.toMatchObject({ code: 'VERSION_CONFLICT', status: 409 });
    await expect(setTargets(pontes.db, author, id, { targets: [{ date: '2013-12-31', value: 1.5 }], version: current.version })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const indicator = await setTargets(pontes.db, author, id, { targets: [{ date: '2014-12-31', value: 120, women: 70, men: 50 }, { date: '2013-12-31', value: 60 }], version: current.version });
    expect(indicator.targets.map((t) => t.date)).toEqual(['2013-12-31', '2014-12-31']);
    expect(indicator.nextTarget).toMatchObject({ date: '2013-12-31', value: 60 });
    expect(indicator.progress).toBe(51.7);
  });

  it('edits the definition from the version edited: 428 without, 409 stale, nothing changed', async () => {
    const current = await getIndicator(pontes.db, author, id);
    await expect(updateIndicator(pontes.db, author, id, { title: 'New' })).rejects.toMatchObject({ code: 'VERSION_REQUIRED', status: 428 });
    await expect(updateIndicator(pontes.db, author, id, { title: 'New' }, current.version - 1)).rejects.toMatchObject({ code: 'VERSION_CONFLICT', status: 409 });
    // Stored values must fit a new measure: 120 is no percentage.
    const error = await updateIndicator(pontes.db, author, id, { measure: 'percentage' }, current.version).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((error as { errors: { field: string; reason: string }[] }).errors[0]).toMatchObject({ field: 'measure', reason: expect.stringMatching(/stored targets\[1\]\.value/) });
    expect((await getIndicator(pontes.db, author, id)).version).toBe(current.version);
    const edited = await updateIndicator(pontes.db, author, id, { title: 'Vendors trained in food safety', outcome: { title: 'Safer markets', partnership_id: partnershipId } }, current.version);
    expect(edited).toMatchObject({ title: 'Vendors trained in food safety', version: current.version + 1, outcome: { title: 'Safer markets' } });
    const versions = await pontes.db.selectFrom('recordVersions').select('version').where('recordId', '=', id).orderBy('version').execute();
    expect(versions.map((v) => v.version)).toEqual(Array.from({ length: edited.version }, (_, i) => i + 1));
  });

  it('turning by_sex off drops women and men everywhere', async () => {
    const current = await getIndicator(pontes.db, author, id);
    const edited = await updateIndicator(pontes.db, author, id, { by_sex: false }, current.version);
    expect(edited.baseline).toMatchObject({ women: null, men: null });
    expect(edited.measurements.every((m) => m.women === null && m.men === null)).toBe(true);
    const stored = await pontes.db.selectFrom('indicatorMeasurements').select(['women']).where('indicatorId', '=', id).execute();
    expect(stored.every((m) => m.women === null)).toBe(true);
    await updateIndicator(pontes.db, author, id, { by_sex: true }, edited.version);
  });

  it('shows a draft to those tied to it only: its author, the focal points of its partnership\'s parties; 404 to others', async () => {
    await expect(getIndicator(pontes.db, PUBLIC, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getIndicator(pontes.db, stranger, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await getIndicator(pontes.db, focal, id)).id).toBe(id);
    expect((await listIndicators(pontes.db, PUBLIC, { partnership_id: partnershipId })).total).toBe(0);
    expect((await listIndicators(pontes.db, focal, { partnership_id: partnershipId })).items.map((i) => i.id)).toContain(id);
    expect((await listIndicators(pontes.db, stranger, {})).total).toBe(0);
    // The focal point reports on it.
    const measured = await addMeasurement(pontes.db, focal, id, { date: '2013-10-31', value: 40 });
    expect(measured.latest).toMatchObject({ date: '2013-10-31', value: 40 });
    // A stranger may not, even once it is published (403 then: they can read it).
    for (const step of ['submitted', 'in_review', 'published'] as const) await changePublication(pontes.db, OPERATOR, indicatorStore, id, { publication: step });
    expect((await getIndicator(pontes.db, PUBLIC, id)).publication).toBe('published');
    await expect(addMeasurement(pontes.db, stranger, id, { date: '2013-11-30', value: 41 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // The author keeps reporting after publication.
    expect((await addMeasurement(pontes.db, author, id, { date: '2013-11-30', value: 41 })).latest?.value).toBe(41);
    expect((await listIndicators(pontes.db, PUBLIC, { partnership_id: partnershipId })).items.map((i) => i.id)).toEqual([id]);
  });

  it('gives a partnership\'s framework: outcomes with the indicators the reader may see', async () => {
    const framework = await resultsOfPartnership(pontes.db, PUBLIC, partnershipId);
    expect(framework.partnership).toEqual({ id: partnershipId, title: 'Maputo–Durban market vendors exchange' });
    expect(framework.outcomes.map((o) => [o.title, o.indicators.map((i) => i.title)])).toEqual([['Safer markets', ['Vendors trained in food safety']]]);
    const own = await resultsOfPartnership(pontes.db, author, partnershipId);
    expect(own.outcomes.map((o) => o.title)).toEqual(['Market vendors work in safer, cleaner markets', 'Safer markets']);
    await expect(resultsOfPartnership(pontes.db, PUBLIC, draftPartnershipId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(resultsOfPartnership(pontes.db, PUBLIC, deletedPartnershipId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('holds municipal programmes too: outcome by place and programme title', async () => {
    const programme = { title: 'More formal jobs', programme: { place_id: place['Belo Horizonte'], title: 'Belo Horizonte decent-work agenda' } };
    const a = await createIndicator(pontes.db, author, { outcome: programme, title: 'Share of formal jobs', unit: '%', measure: 'percentage', baseline: { value: 55.5, date: '2010-01-01' }, measurements: [{ date: '2012-01-01', value: 61.2 }] });
    const b = await createIndicator(pontes.db, author, { outcome: programme, title: 'Youth in apprenticeships', unit: 'young people', measure: 'count' });
    expect(b.outcome.id).toBe(a.outcome.id);
    expect(a.outcome.programme).toMatchObject({ placeName: 'Belo Horizonte', countryCode: 'BR', title: 'Belo Horizonte decent-work agenda' });
    expect(a.latest?.value).toBe(61.2);
    const framework = await resultsOfPlace(pontes.db, author, place['Belo Horizonte']!);
    expect(framework.outcomes[0]!.indicators.map((i) => i.title)).toEqual(['Share of formal jobs', 'Youth in apprenticeships']);
    expect((await listIndicators(pontes.db, author, { place_id: place['Belo Horizonte'] })).total).toBe(2);
  });

  it('hides the indicators of a partnership that is deleted afterwards', async () => {
    await pontes.db.updateTable('partnerships').set({ deletedAt: new Date() }).where('id', '=', partnershipId).execute();
    await expect(getIndicator(pontes.db, author, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await listIndicators(pontes.db, PUBLIC, { partnership_id: partnershipId })).total).toBe(0);
    expect((await getIndicator(pontes.db, OPERATOR, id)).deleted).toBe(true);
    await pontes.db.updateTable('partnerships').set({ deletedAt: null }).where('id', '=', partnershipId).execute();
  });
});
