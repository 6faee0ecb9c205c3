import { isUuid } from '../../platform/ids.js';
import { FACETS } from '../vocabularies/index.js';
import type { Partnership } from './partnerships.domain.js';

/**
 * The partnership form: what a browser posts (strings, and lists for checkboxes), kept as typed
 * so a refused save shows it again, and its translation to the body the API takes (one
 * validation for both). Parties and contributions are numbered rows (party_name_0, …); empty
 * rows are left out. A party is named by its name and country (or its id); an edit form keeps
 * each stored party's id beside the name it showed, so an untouched row needs no lookup.
 */
export type PartnershipForm = Record<string, string | string[]>;

/** Blank rows a form offers beyond the filled ones (more with the "more rows" button). */
export const SPARE_ROWS = 2;
export const MAX_ROWS = 50;

export function readForm(body: unknown): PartnershipForm {
  const form: PartnershipForm = {};
  if (body === null || typeof body !== 'object') return form;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === '_csrf') continue;
    if (typeof value === 'string') form[key] = value.slice(0, 100_000);
    else if (Array.isArray(value)) form[key] = value.filter((v): v is string => typeof v === 'string').slice(0, 200);
  }
  return form;
}

export function text(form: PartnershipForm, name: string): string {
  const value = form[name];
  return (Array.isArray(value) ? value.join(',') : (value ?? '')).replace(/\r\n?/g, '\n');
}

export function list(form: PartnershipForm, name: string): string[] {
  const value = form[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : value.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

/** How many numbered rows of a kind the form holds (the hidden count, or the highest row used). */
export function rowCount(form: PartnershipForm, prefix: 'party' | 'contribution'): number {
  let rows = Number(text(form, `${prefix}_rows`)) || 0;
  for (const key of Object.keys(form)) {
    const match = new RegExp(`^${prefix}_[a-z]+_(\\d+)$`).exec(key);
    if (match !== null) rows = Math.max(rows, Number(match[1]) + 1);
  }
  return Math.min(rows, MAX_ROWS);
}

const lines = (value: string) => value.split('\n').map((l) => l.trim()).filter((l) => l !== '');

/** A party row as typed. */
export interface PartyRowInput {
  row: number;
  role: string;
  type: 'place' | 'organisation';
  name: string;
  country: string;
  /** The stored party's id, when the row still shows the name it was given (edit forms). */
  id: string | null;
}

export function partyRows(form: PartnershipForm): PartyRowInput[] {
  const rows: PartyRowInput[] = [];
  for (let row = 0; row < rowCount(form, 'party'); row += 1) {
    const name = text(form, `party_name_${row}`).trim();
    if (name === '') continue;
    const type = text(form, `party_type_${row}`) === 'organisation' ? 'organisation' : 'place';
    const keptId = text(form, `party_id_${row}`).trim();
    const unchanged = keptId !== '' && isUuid(keptId) && text(form, `party_was_${row}`) === `${type}:${name}`;
    rows.push({ row, role: text(form, `party_role_${row}`).trim(), type, name, country: text(form, `party_country_${row}`).trim(), id: unchanged ? keptId : null });
  }
  return rows;
}

/**
 * The body a form describes, but its parties (resolved by the pages from `partyRows`) and with
 * contributions naming their party by row: `partyIndex` maps a filled party row to its index in
 * the body. Fields left empty are left out, or null in an edit (so they are emptied).
 */
export function formToBody(form: PartnershipForm, partyIndex: Map<number, number>, options: { edit: boolean }): { body: Record<string, unknown>; errors: { field: string; reason: string }[] } {
  const errors: { field: string; reason: string }[] = [];
  const empty = (value: unknown) => (options.edit ? null : value);
  const body: Record<string, unknown> = {};
  const set = (key: string, value: unknown, isEmpty: boolean) => {
    if (!isEmpty) body[key] = value;
    else if (options.edit) body[key] = empty(value);
  };
  const title = text(form, 'title').trim();
  if (title !== '' || options.edit) body.title = title;
  set('description', text(form, 'description').trim(), text(form, 'description').trim() === '');
  const language = text(form, 'language').trim();
  if (language !== '') body.language = language;
  const type = text(form, 'type').trim();
  if (type !== '' || options.edit) body.type = type === '' ? null : type;
  for (const facet of FACETS) set(facet, list(form, facet), list(form, facet).length === 0);
  const practiceIds = lines(text(form, 'practices')).map((line) => /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.exec(line)?.[0] ?? line);
  set('practice_ids', practiceIds, practiceIds.length === 0);
  for (const day of ['starts_on', 'ends_on', 'agreement_on']) set(day, text(form, day).trim(), text(form, day).trim() === '');
  const documents = lines(text(form, 'documents')).map((line) => {
    const [title = '', url = '', date = ''] = line.split('|').map((part) => part.trim());
    return { title, url, ...(date !== '' ? { date } : {}) };
  });
  set('documents', documents, documents.length === 0);
  const contributions: Record<string, unknown>[] = [];
  for (let row = 0; row < rowCount(form, 'contribution'); row += 1) {
    const kind = text(form, `contribution_kind_${row}`).trim();
    const amount = text(form, `contribution_amount_${row}`).trim();
    const currency = text(form, `contribution_currency_${row}`).trim();
    const description = text(form, `contribution_description_${row}`).trim();
    const party = text(form, `contribution_party_${row}`).trim();
    if (kind === '' && amount === '' && currency === '' && description === '') continue;
    const at = `contributions[${contributions.length}]`;
    const contribution: Record<string, unknown> = { kind };
    if (party !== '') {
      const index = partyIndex.get(Number(party));
      if (index === undefined) errors.push({ field: `${at}.party`, reason: 'names a party row that is empty' });
      else contribution.party = index;
    }
    if (amount !== '') {
      const value = Number(amount.replace(/\s/g, ''));
      if (Number.isNaN(value)) errors.push({ field: `${at}.amount`, reason: 'must be a number, e.g. 2500.50' });
      else contribution.amount = value;
    }
    if (currency !== '') contribution.currency = currency;
    if (description !== '') contribution.description = description;
    contributions.push(contribution);
  }
  set('contributions', contributions, contributions.length === 0);
  const owner = text(form, 'owner_organisation_id').trim();
  set('owner_organisation_id', owner, owner === '');
  const matchId = text(form, 'match_id').trim();
  if (matchId !== '' && !options.edit) body.match_id = matchId;
  return { body, errors };
}

/** A stored partnership as the edit form shows it (the inverse of formToBody). */
export function partnershipToForm(p: Partnership): PartnershipForm {
  const form: PartnershipForm = {
    title: p.title,
    description: p.description,
    language: p.language,
    type: p.type,
    practices: p.practices.map((practice) => practice.id).join('\n'),
    starts_on: p.startsOn ?? '',
    ends_on: p.endsOn ?? '',
    agreement_on: p.agreementOn ?? '',
    documents: p.documents.map((d) => [d.title, d.url, d.date ?? ''].join(' | ').replace(/ \| $/, '')).join('\n'),
    owner_organisation_id: p.ownerOrganisationId ?? '',
    party_rows: String(p.parties.length + SPARE_ROWS),
    contribution_rows: String(p.contributions.length + SPARE_ROWS),
  };
  for (const facet of FACETS) form[facet] = p[facet === 'critical_areas' ? 'criticalAreas' : facet === 'target_groups' ? 'targetGroups' : facet];
  p.parties.forEach((party, row) => {
    const type = party.placeId !== null ? 'place' : 'organisation';
    form[`party_role_${row}`] = party.role;
    form[`party_type_${row}`] = type;
    form[`party_name_${row}`] = party.name;
    form[`party_country_${row}`] = party.countryCode ?? '';
    form[`party_id_${row}`] = party.placeId ?? party.organisationId ?? '';
    form[`party_was_${row}`] = `${type}:${party.name}`;
  });
  p.contributions.forEach((c, row) => {
    form[`contribution_kind_${row}`] = c.kind;
    form[`contribution_party_${row}`] = c.party === null ? '' : String(c.party);
    form[`contribution_amount_${row}`] = c.amount === null ? '' : String(c.amount);
    form[`contribution_currency_${row}`] = c.currency ?? '';
    form[`contribution_description_${row}`] = c.description ?? '';
  });
  return form;
}
