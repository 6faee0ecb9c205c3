/**
 * The generated data of the search benchmark: practices and queries, the same at every run.
 * Titles and keywords come from the thesaurus; bodies are sentences drawn from the real
 * practices of the relevance collection in the same language, so words have a natural spread.
 */
import fs from 'node:fs';
import { projectPath } from '../src/platform/paths.js';
import { thesaurus } from '../src/modules/search/index.js';
import { codesOf } from '../src/modules/vocabularies/index.js';

export const QUERIES = 200;
const LANGS = ['en', 'fr', 'es', 'pt'] as const;
const CITIES: [string, string][] = [
  ['Maputo', 'MZ'], ['Durban', 'ZA'], ['Belo Horizonte', 'BR'], ['Porto Alegre', 'BR'], ['Makassar', 'ID'], ['Dar es Salaam', 'TZ'], ['Agadir', 'MA'],
  ['Accra', 'GH'], ['Montevideo', 'UY'], ['Curitiba', 'BR'], ['Lleida', 'ES'], ['Nairobi', 'KE'], ['Dakar', 'SN'], ['Lima', 'PE'], ['Bogotá', 'CO'],
  ['Pune', 'IN'], ['Manila', 'PH'], ['Kampala', 'UG'], ['Lusaka', 'ZM'], ['Quito', 'EC'], ['Abidjan', 'CI'], ['Cotonou', 'BJ'], ['Recife', 'BR'],
];
type Lang = (typeof LANGS)[number];

/** Sentences and words of real practice texts, by language (bench/relevance/practices.jsonl). */
function corpus(): Record<Lang, { sentences: string[]; words: string[] }> {
  const out = Object.fromEntries(LANGS.map((l) => [l, { sentences: [] as string[], words: [] as string[] }])) as Record<Lang, { sentences: string[]; words: string[] }>;
  for (const line of fs.readFileSync(projectPath('bench', 'relevance', 'practices.jsonl'), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const record = JSON.parse(line) as { language: string; summary: string; body?: string };
    const lang = record.language as Lang;
    if (!(LANGS as readonly string[]).includes(lang)) continue;
    const text = `${record.summary} ${record.body ?? ''}`.replace(/[#*_>-]/g, ' ');
    out[lang].sentences.push(...text.split(/(?<=[.!?])\s+/).filter((x) => x.length > 30));
    out[lang].words.push(...(text.match(/[\p{L}]{6,}/gu) ?? []).map((w) => w.toLowerCase()));
  }
  return out;
}

/** A small deterministic random generator, so every run measures the same data. */
export function rng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function generate(n: number, random: () => number): Buffer[] {
  const concepts = thesaurus().concepts;
  const texts = corpus();
  const sentences = (lang: Lang, count: number) => Array.from({ length: count }, () => pick(texts[lang].sentences)).join(' ');
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const batches: Buffer[] = [];
  let lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const lang = pick(LANGS);
    const topics = [pick(concepts), pick(concepts), pick(concepts)];
    const term = (c: (typeof topics)[number]) => pick(c.terms[lang]);
    const [city, country] = pick(CITIES);
    const title = `${city}: ${term(topics[0]!)} and ${term(topics[1]!)}`.slice(0, 300);
    const summary = `${term(topics[0]!)}, ${term(topics[1]!)}, ${term(topics[2]!)}. ${sentences(lang, 2)}`.slice(0, 5000);
    const codes = (vocabulary: string) => [...new Set(topics.flatMap((c) => c.codes[vocabulary] ?? []))];
    lines.push(JSON.stringify({
      id: `s-${i}`, title, summary, body: sentences(lang, 4 + Math.floor(random() * 6)), language: lang,
      places: [{ city, country }],
      pillars: codes('pillars').length > 0 ? codes('pillars') : [pick(codesOf('pillars'))],
      sectors: codes('sectors'), target_groups: codes('target_groups'), challenges: codes('challenges'), critical_areas: codes('critical_areas'),
      keywords: topics.map(term),
      criteria: [...new Set(Array.from({ length: Math.floor(random() * 5) }, () => pick(codesOf('criteria'))))].map((code) => ({ code, evidence: 'documented' })),
      results: random() < 0.3 ? [{ text: 'people reached', value: Math.floor(random() * 1000), unit: 'people' }] : [],
    }));
    if (lines.length === 5000) {
      batches.push(Buffer.from(lines.join('\n')));
      lines = [];
    }
  }
  if (lines.length > 0) batches.push(Buffer.from(lines.join('\n')));
  return batches;
}

export function queries(random: () => number): { q: string; filters: Record<string, string> }[] {
  const concepts = thesaurus().concepts;
  const texts = corpus();
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const out: { q: string; filters: Record<string, string> }[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const lang = pick(LANGS);
    const kind = i % 4;
    const q =
      kind === 0 ? pick(pick(concepts).terms[lang]) // one concept
        : kind === 1 ? `${pick(pick(concepts).terms[lang])} ${pick(pick(concepts).terms[pick(LANGS)])}` // two, mixed languages
          : kind === 2 ? `${pick(pick(concepts).terms[lang])} ${pick(texts[lang].words)} ${pick(CITIES)[0]}` // concept, word, city
            : `${pick(texts[lang].words)} ${pick(texts[lang].words)}`; // two plain words
    out.push({ q, filters: i % 5 === 0 ? { pillars: pick(codesOf('pillars')) } : {} });
  }
  return out;
}

