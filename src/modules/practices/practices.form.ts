import { FACETS } from '../vocabularies/index.js';
import type { ExchangePractice } from './practices.domain.js';

/**
 * The practice form: what a browser posts (strings, and lists for checkboxes), kept as typed so
 * a refused save shows it again, and its translation to the exchange format that the API and
 * imports take (one validation, one derivation for all three).
 */
export type PracticeForm = Record<string, string | string[]>;

export const FORM_FACETS = FACETS;
export const CRITERIA_FIELD = 'criteria';

function text(form: PracticeForm, name: string): string {
  const value = form[name];
  return (Array.isArray(value) ? value.join(',') : (value ?? '')).replace(/\r\n?/g, '\n');
}

export function list(form: PracticeForm, name: string): string[] {
  const value = form[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : value.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

const lines = (value: string) => value.split('\n').map((l) => l.trim()).filter((l) => l !== '');

/** Only the form's own fields, as strings or lists (anything else a browser sends is dropped). */
export function readForm(body: unknown): PracticeForm {
  const form: PracticeForm = {};
  if (body === null || typeof body !== 'object') return form;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === '_csrf') continue;
    if (typeof value === 'string') form[key] = value.slice(0, 100_000);
    else if (Array.isArray(value)) form[key] = value.filter((v): v is string => typeof v === 'string').slice(0, 100);
  }
  return form;
}

/**
 * The exchange record a form describes. Every field is present: a cleared one is null, so an
 * edit (a merge patch) removes it. Lines: places "City, CC" (or "CC"); partners
 * "Name | role | kind | CC"; results "text | value | unit | year"; sources "URL title".
 */
export function formToRecord(form: PracticeForm): Record<string, unknown> {
  const orNull = <T>(value: T[] | string): T[] | string | null => (value.length === 0 ? null : value);
  const places = lines(text(form, 'places')).map((line) => {
    const parts = line.split(',').map((p) => p.trim());
    const last = parts.at(-1) ?? '';
    if (parts.length === 1) return /^[A-Za-z]{2}$/.test(last) ? { country: last.toUpperCase() } : { city: last, country: '' };
    return { city: parts.slice(0, -1).join(', '), country: last.toUpperCase() };
  });
  const partners = lines(text(form, 'partners')).map((line) => {
    const [name = '', role = '', kind = '', country = ''] = line.split('|').map((p) => p.trim());
    return { name, ...(role !== '' ? { role } : {}), ...(kind !== '' ? { kind } : {}), ...(country !== '' ? { country: country.toUpperCase() } : {}) };
  });
  const results = lines(text(form, 'results')).map((line) => {
    const [resultText = '', value = '', unit = '', year = ''] = line.split('|').map((p) => p.trim());
    const number = Number(value.replace(/[\s,]/g, ''));
    return {
      text: resultText,
      ...(value !== '' ? { value: Number.isFinite(number) ? number : value } : {}),
      ...(unit !== '' ? { unit } : {}),
      ...(year !== '' ? { year: /^\d{4}$/.test(year) ? Number(year) : year } : {}),
    };
  });
  const sources = lines(text(form, 'sources')).map((line) => {
    const [url = '', ...title] = line.split(/\s+/);
    return { url, ...(title.length > 0 ? { title: title.join(' ') } : {}) };
  });
  const criteria = list(form, CRITERIA_FIELD).map((code) => {
    const evidence = text(form, `evidence_${code}`).trim();
    return { code, ...(evidence !== '' ? { evidence } : {}) };
  });
  const start = text(form, 'period_start').trim();
  const end = text(form, 'period_end').trim();
  const record: Record<string, unknown> = {
    title: text(form, 'title').trim(),
    summary: text(form, 'summary').trim(),
    body: orNull(text(form, 'body').trim()),
    language: text(form, 'language').trim(),
    places,
    partners: orNull(partners),
    modality: orNull(text(form, 'modality').trim()),
    keywords: orNull(list(form, 'keywords')),
    criteria: orNull(criteria),
    results: orNull(results),
    sources: orNull(sources),
    period: start === '' && end === '' ? null : { ...(start !== '' ? { start } : {}), ...(end !== '' ? { end } : {}) },
    adapted_from: orNull(text(form, 'adapted_from').trim()),
  };
  for (const facet of FACETS) record[facet] = orNull(list(form, facet));
  return record;
}

/** A stored record as the form shows it (the inverse of formToRecord). */
export function recordToForm(record: ExchangePractice): PracticeForm {
  const form: PracticeForm = {
    title: record.title,
    summary: record.summary,
    body: record.body ?? '',
    language: record.language,
    places: record.places.map((p) => (p.city !== undefined ? `${p.city}, ${p.country}` : p.country)).join('\n'),
    partners: (record.partners ?? []).map((p) => [p.name, p.role ?? '', p.kind ?? '', p.country ?? ''].join(' | ').replace(/( \| )+$/, '')).join('\n'),
    modality: record.modality ?? '',
    keywords: (record.keywords ?? []).join(', '),
    results: (record.results ?? []).map((r) => [r.text, r.value ?? '', r.unit ?? '', r.year ?? ''].join(' | ').replace(/( \| )+$/, '')).join('\n'),
    sources: (record.sources ?? []).map((s) => (s.title !== undefined ? `${s.url} ${s.title}` : s.url)).join('\n'),
    period_start: record.period?.start ?? '',
    period_end: record.period?.end ?? '',
    adapted_from: record.adapted_from ?? '',
    [CRITERIA_FIELD]: (record.criteria ?? []).map((c) => c.code),
  };
  for (const criterion of record.criteria ?? []) form[`evidence_${criterion.code}`] = criterion.evidence ?? '';
  for (const facet of FACETS) form[facet] = (record[facet] as string[] | undefined) ?? [];
  return form;
}

/** A creation sends no nulls: cleared fields are simply left out. */
export function withoutNulls(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null));
}
