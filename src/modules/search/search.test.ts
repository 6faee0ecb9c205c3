import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../platform/auth/actor.js';
import { createTestApp, demoBytes, jsonl, practiceRecord, type TestApp } from '../../../test/helpers.js';
import { importPractices } from '../practices/index.js';
import { placeNameWords } from '../places/index.js';
import { analyseQuery, buildThesaurus, thesaurus, type Concept } from './search.thesaurus.js';
import { buildLexicon, lexicon, wordTranslations } from './search.lexicon.js';
import { BROADER_CONCEPT_WEIGHT, prepareSearch, WORD_WEIGHT } from './search.service.js';
import { phraseQueries } from './search.repository.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await importPractices(t.pontes.db, OPERATOR, demoBytes(), { source: 'ilo-2013-handbook', status: 'published' });
  await importPractices(
    t.pontes.db,
    OPERATOR,
    jsonl([
      practiceRecord({
        id: 'pickers-en', title: 'A cooperative of waste pickers runs recycling for the city',
        summary: 'Waste pickers organised in a cooperative signed a contract with the municipality to collect recyclables door to door.',
        places: [{ city: 'Belo Horizonte', country: 'BR' }], sectors: ['waste_recycling'], target_groups: ['waste_pickers'],
      }),
      practiceRecord({
        id: 'pickers-fr', language: 'fr', title: 'Les récupérateurs de Dakar s’organisent en coopérative',
        summary: 'Des récupérateurs de la décharge se regroupent pour vendre les matières triées et obtenir une protection sociale.',
        places: [{ city: 'Dakar', country: 'SN' }], sectors: ['waste_recycling'],
      }),
      practiceRecord({
        id: 'tagged-only', title: 'Municipal stalls programme in Accra',
        summary: 'The city built covered stalls and licensed traders who used to sell on the pavements of the centre.',
        places: [{ city: 'Accra', country: 'GH' }], target_groups: ['street_vendors'],
      }),
      practiceRecord({
        id: 'hostile', title: 'Training <script>alert(1)</script> for vendors',
        summary: 'Vendors learn bookkeeping <b>fast</b> & cheaply; the "market" committee organises it.',
        places: [{ city: 'Nairobi', country: 'KE' }],
      }),
    ]),
    { source: 'search-test', status: 'published' },
  );
  await importPractices(t.pontes.db, OPERATOR, jsonl([practiceRecord({ id: 'draft', title: 'Secret draft about waste pickers', summary: 'Waste pickers in a draft record nobody may see yet.' })]), { source: 'drafts', status: 'draft' });
});
afterAll(async () => {
  await t?.close();
});

type Item = { type: string; id: string; title: string; score: number; snippet: string; sourceId?: string };
const find = async (query: string) => {
  const response = await t.app.inject({ method: 'GET', url: `/api/v1/search?${query}` });
  return { status: response.statusCode, body: response.json() as { items: Item[]; total: number; facets: Record<string, { value: string; count: number }[]> | null; concepts: { id: string }[]; code?: string; detail?: string } };
};
const sourceIds = (items: Item[]) => items.filter((i) => i.type === 'practice').map((i) => i.sourceId);

describe('the thesaurus', () => {
  it('has at least 150 concepts with terms in the four languages', () => {
    const th = thesaurus();
    expect(th.concepts.length).toBeGreaterThanOrEqual(150);
    for (const concept of th.concepts) for (const lang of ['en', 'fr', 'es', 'pt'] as const) expect(concept.terms[lang]?.length ?? 0, `${concept.id} ${lang}`).toBeGreaterThan(0);
  });

  it('reads the longest term first and keeps other words', () => {
    const analysis = analyseQuery('Higiene nos mercados e VENDEDORES AMBULANTES');
    expect(analysis.concepts.map((c) => c.matched)).toContain('vendedores ambulantes');
    expect(analysis.words).toContain('higiene');
  });

  it('recognises a term of several words despite a typo, but never corrects a lone word', () => {
    expect(analyseQuery('waste pikers health insurance').concepts.map((c) => c.matched)).toContain('waste pickers');
    expect(analyseQuery('vendedores anbulantes').concepts.map((c) => c.matched)).toContain('vendedores ambulantes');
    expect(analyseQuery('pikers').concepts).toEqual([]);
  });

  it('puts the required equivalences in one concept each', () => {
    const th = thesaurus();
    const same = (...terms: string[]) => {
      const ids = terms.map((term) => new Set((th.byTerm.get(term) ?? []).map((c) => c.id)));
      const common = [...ids[0]!].filter((id) => ids.every((set) => set.has(id)));
      expect(common, terms.join(' = ')).not.toEqual([]);
    };
    same('street vendors', 'informal traders', 'vendedores ambulantes', 'camelos', 'vendeurs de rue');
    same('waste pickers', 'catadores', 'recicladores', 'recuperateurs');
    same('one stop shop', 'single window', 'guichet unique', 'ventanilla unica', 'balcao unico');
    same('child labour', 'trabalho infantil', 'travail des enfants', 'trabajo infantil');
  });
});

describe('broader concepts', () => {
  it('adds the wider concepts of what the query names, once each, not those it names itself', () => {
    const concept = (id: string, en: string[], broader?: string[]): Concept => ({ id, codes: {}, ...(broader ? { broader } : {}), terms: { en, fr: [en[0]!], es: [en[0]!], pt: [en[0]!] } });
    const th = buildThesaurus([
      concept('child_domestic', ['child maids'], ['child_labour', 'domestic']),
      concept('child_labour', ['child labour']),
      concept('domestic', ['domestic work']),
      concept('pensions', ['pensions'], ['protection', 'unknown_id']),
      concept('protection', ['social protection']),
    ]);
    const analysis = analyseQuery('child maids and domestic work pensions', th);
    expect(analysis.concepts.map((c) => c.concept.id)).toEqual(['child_domestic', 'domestic', 'pensions']);
    expect(analysis.broader.map((c) => [c.concept.id, c.matched])).toEqual([['child_labour', 'child maids'], ['protection', 'pensions']]);
  });

  it('links only concepts that exist, never a concept to itself, without cycles', () => {
    const th = thesaurus();
    const links = th.concepts.flatMap((c) => (c.broader ?? []).map((b) => [c.id, b] as const));
    for (const [from, to] of links) {
      expect(th.byId.has(to), `${from} → ${to}`).toBe(true);
      expect(to).not.toBe(from);
    }
    const reaches = (from: string, target: string, seen = new Set<string>()): boolean =>
      (th.byId.get(from)?.broader ?? []).some((b) => b === target || (!seen.has(b) && (seen.add(b), reaches(b, target, seen))));
    for (const concept of th.concepts) expect(reaches(concept.id, concept.id), concept.id).toBe(false);
  });

  it('weighs a wider concept less than the one the query names, and does not require it', async () => {
    const th = thesaurus();
    const narrow = th.concepts.find((c) => (c.broader ?? []).length > 0);
    expect(narrow, 'some concept of the thesaurus has a broader one').toBeDefined();
    const { prepared } = await prepareSearch(t.pontes.db, narrow!.terms.en[0]!);
    const wider = prepared.units.filter((u) => u.concept !== undefined && narrow!.broader!.some((id) => th.numbers.get(id) === u.concept));
    expect(wider.length).toBeGreaterThan(0);
    for (const unit of wider) expect(unit).toMatchObject({ weight: BROADER_CONCEPT_WEIGHT, required: false });
    expect(BROADER_CONCEPT_WEIGHT).toBeLessThan(1);
  });
});

describe('the lexicon of everyday words', () => {
  it('gives every group words in the four languages', () => {
    const groups = lexicon().groups;
    expect(groups.length).toBeGreaterThan(500);
    for (const [i, group] of groups.entries()) for (const lang of ['en', 'fr', 'es', 'pt'] as const) expect(group.words[lang].length, `group ${i} ${lang}`).toBeGreaterThan(0);
  });

  it('finds a word by its stem in each language and returns the group in every language', async () => {
    const lex = buildLexicon([
      { en: ['return'], fr: ['revenir'], es: ['volver'], pt: ['voltar'] },
      { en: ['street', 'streets'], fr: ['rue'], es: ['calle'], pt: ['rua'] },
      { en: ['the'], fr: ['le'], es: ['el'], pt: ['o'] },
    ]);
    const word = async (w: string) => wordTranslations(t.pontes.db, (await phraseQueries(t.pontes.db, [w])).get(w)!, lex);
    // "voltaram" is not in the lexicon, but Portuguese stems it as "voltar".
    const returned = await word('voltaram');
    expect(returned.pontes_en).toEqual(["'return'"]);
    expect(returned.pontes_fr).toEqual(["'reven'"]);
    expect(returned.pontes_simple).toEqual(expect.arrayContaining(["'return'", "'revenir'", "'volver'", "'voltar'"]));
    expect((await word('Rues')).pontes_pt).toEqual(["'rua'"]);
    // A word spelt alike in two languages with two senses is not translated.
    const homographs = buildLexicon([
      { en: ['pain'], fr: ['douleur'], es: ['dolor'], pt: ['dor'] },
      { en: ['bread'], fr: ['pain'], es: ['pan'], pt: ['pão'] },
    ]);
    expect((await wordTranslations(t.pontes.db, (await phraseQueries(t.pontes.db, ['pain'])).get('pain')!, homographs)).pontes_es).toEqual([]);
    expect((await wordTranslations(t.pontes.db, (await phraseQueries(t.pontes.db, ['douleur'])).get('douleur')!, homographs)).pontes_es).toEqual(["'dolor'"]);
    // Words outside the lexicon, and its stop words, have no translations.
    expect((await word('bookkeeping')).pontes_fr).toEqual([]);
    expect((await word('le')).pontes_en).toEqual([]);
  });

  it('reads a name of several words, or of a city of a million, as a place', async () => {
    // Beira (about 530,000 people) is also a word ("edge"): alone, it is read as a word.
    expect([...(await placeNameWords(t.pontes.db, 'Mercados em Porto Alegre, Salvador e Beira'))].sort()).toEqual(['alegre', 'porto', 'salvador']);
  });

  it('keeps the words of a place name of several words as typed', async () => {
    const words = async (q: string) => (await prepareSearch(t.pontes.db, q)).prepared.units.filter((u) => u.concept === undefined);
    const [alone] = await words('porto');
    expect(alone!.terms.pontes_en.length).toBeGreaterThan(1);
    const inName = await words('porto alegre');
    expect(inName).toHaveLength(2);
    for (const unit of inName) expect(unit.terms.pontes_en).toHaveLength(1);
  });

  it('looks for a leftover word in every language, as a word still weighs', async () => {
    const { prepared } = await prepareSearch(t.pontes.db, 'camelôs na rua');
    const word = prepared.units.find((u) => u.concept === undefined)!;
    expect(word).toMatchObject({ weight: WORD_WEIGHT, required: true });
    expect(word.terms.pontes_en).toContain("'street'");
    expect(word.terms.pontes_pt).toContain("'rua'");
    expect(word.tsquery.pontes_es).toContain("'call'");
  });
});

describe('a prepared search', () => {
  it('weighs a word that names no concept less than a concept, and still requires it in the strict pass', async () => {
    const { prepared } = await prepareSearch(t.pontes.db, 'street vendors bookkeeping');
    const [concept, word] = prepared.units;
    expect(concept).toMatchObject({ weight: 1, required: true });
    expect(concept!.concept).toBeTypeOf('number');
    expect(word).toMatchObject({ weight: WORD_WEIGHT, required: true });
    expect(word!.concept).toBeUndefined();
    expect(WORD_WEIGHT).toBeLessThan(1);
  });
});

describe('GET /api/v1/search', () => {
  it('a Portuguese need finds the English market practices first', async () => {
    const { status, body } = await find('q=higiene nos mercados e vendedores informais&type=practice');
    expect(status).toBe(200);
    const top = sourceIds(body.items).slice(0, 4);
    expect(top).toEqual(expect.arrayContaining(['ilo2013-maputo-markets-hygiene-vendors']));
    expect(sourceIds(body.items).slice(0, 6)).toContain('ilo2013-durban-informal-traders-partnership');
  });

  it('crosses languages both ways through the thesaurus', async () => {
    const pickers = sourceIds((await find('q=catadores&type=practice')).body.items);
    expect(pickers).toEqual(expect.arrayContaining(['pickers-en', 'pickers-fr']));
    const window = sourceIds((await find('q=balcão único&type=practice')).body.items);
    expect(window[0]).toBe('ilo2013-indonesia-single-window-social-protection');
    expect(sourceIds((await find('q=balcao unico&type=practice')).body.items)[0]).toBe('ilo2013-indonesia-single-window-social-protection');
  });

  it('a concept also matches records tagged with its code', async () => {
    const { body } = await find('q=camelôs&type=practice');
    expect(sourceIds(body.items)).toContain('tagged-only');
    expect(body.concepts.length).toBeGreaterThan(0);
  });

  it('merges places and organisations, and forgives typos in names', async () => {
    const { body } = await find('q=Durban');
    expect(body.items[0]).toMatchObject({ type: 'place', title: 'Durban' });
    expect(body.items.some((i) => i.type === 'practice')).toBe(true);
    const places = await find('q=Curitbia&type=place');
    expect(places.body.items[0]?.title).toBe('Curitiba');
    const organisations = await find('q=asiye etafulen&type=organisation');
    expect(organisations.body.items[0]?.title).toMatch(/Asiye eTafuleni/);
  });

  it('returns escaped, highlighted snippets and facet counts', async () => {
    const { body } = await find('q=bookkeeping vendors&type=practice');
    const hostile = body.items.find((i) => i.sourceId === 'hostile')!;
    expect(hostile.snippet).toContain('<mark>');
    expect(hostile.snippet).not.toMatch(/<(?!\/?mark>)/);
    // markup in the text is dropped by ts_headline or escaped; & and quotes are escaped
    expect(hostile.snippet).toContain('&amp; cheaply');
    expect(hostile.snippet).toContain('&quot;market&quot;');
    expect(body.facets?.sectors).toBeDefined();
    const total = (await find('q=waste pickers&type=practice')).body;
    const recycling = total.facets?.sectors?.find((f) => f.value === 'waste_recycling');
    expect(recycling?.count).toBeGreaterThanOrEqual(2);
  });

  it('applies the catalogue filters and hides drafts from the public', async () => {
    const { body } = await find('q=waste pickers&type=practice&country=SN');
    expect(sourceIds(body.items)).toEqual(['pickers-fr']);
    const all = await find('q=waste pickers&type=practice');
    expect(sourceIds(all.body.items)).not.toContain('draft');
  });

  it('never fails on hostile or odd input', async () => {
    const odd = ['', '%20', '!!!', "' OR 1=1--", '%25', '_', '%5C', '"unbalanced', "foo & | !", '🏙️ mercados 🛒', 'أسواق الباعة', 'שווקים', 'a'.repeat(10_000), '(((', ':*', '<->', '\\x00'];
    for (const q of odd) {
      const { status, body } = await find(`q=${encodeURIComponent(q)}`);
      expect(status, q).toBe(200);
      expect(Array.isArray(body.items), q).toBe(true);
    }
    expect((await find('q=markets&limit=1e9')).status).toBe(200);
    const negative = await find('q=markets&offset=-1');
    expect(negative.status).toBe(400);
    expect(negative.body.code).toBe('VALIDATION_FAILED');
    const facet = await find('q=markets&sectors=space_travel');
    expect(facet.status).toBe(400);
    expect(facet.body.detail).toContain('space_travel');
    expect((await find('q=markets&type=planet')).status).toBe(400);
  });

  it('understands "quoted phrases" and -exclusions, and lone quotes do no harm', async () => {
    const phrase = sourceIds((await find(`q=${encodeURIComponent('"door to door"')}&type=practice`)).body.items);
    expect(phrase).toEqual(['pickers-en']);
    const without = sourceIds((await find(`q=${encodeURIComponent('waste pickers -dakar')}&type=practice`)).body.items);
    expect(without).toContain('pickers-en');
    expect(without).not.toContain('pickers-fr');
    const withoutPhrase = sourceIds((await find(`q=${encodeURIComponent('waste pickers -"door to door"')}&type=practice`)).body.items);
    expect(withoutPhrase).not.toContain('pickers-en');
    expect((await find(`q=${encodeURIComponent('"waste pickers')}&type=practice`)).body.items.length).toBeGreaterThan(0);
  });

  it('an empty query lists the catalogue', async () => {
    const { body } = await find('q=&type=practice');
    expect(body.total).toBeGreaterThanOrEqual(20);
  });
});

describe('the search page', () => {
  it('shows highlighted results and what the query was read as, without JavaScript', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/search?q=camel%C3%B4s' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Also searching, in every language, for:');
    expect(response.body).toContain('<mark>');
    const hostile = await t.app.inject({ method: 'GET', url: '/search?q=%3Cscript%3Ealert(1)%3C/script%3E' });
    expect(hostile.statusCode).toBe(200);
    expect(hostile.body).not.toContain('<script>alert(1)');
  });
});
