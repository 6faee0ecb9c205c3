import { CONSTITUENCIES, SEXES } from './events.domain.js';
import type { EventInput } from './events.service.js';

/**
 * The event form: what a browser posts (strings), kept as typed so a refused save shows it
 * again, and its translation to the API's write body (one validation for both). Lines:
 * organisers one name a line; places "City, CC" a line; agenda "start | title | description"
 * (start optional, e.g. 2012-11-07T09:30); field visits "title | place | description";
 * partnerships and practices one id or link a line.
 */
export type EventForm = Record<string, string>;

/** The names of the participant count fields of the form. */
export const COUNT_FIELDS = [...SEXES.map((sex) => `by_sex_${sex}`), ...CONSTITUENCIES.map((c) => `by_constituency_${c}`)];

/** Only the form's own fields, as strings (anything else a browser sends is dropped). */
export function readEventForm(body: unknown): EventForm {
  const form: EventForm = {};
  if (body === null || typeof body !== 'object') return form;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === '_csrf') continue;
    if (typeof value === 'string') form[key] = value.replace(/\r\n?/g, '\n').slice(0, 100_000);
  }
  return form;
}

const lines = (value: string | undefined) => (value ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== '');
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** "City, CC" → the name and the country code ("Maputo, MZ"); a line without a code has none. */
export function placeLine(line: string): { name: string; countryCode: string | null } {
  const parts = line.split(',').map((p) => p.trim());
  const last = parts.at(-1) ?? '';
  if (parts.length > 1 && /^[A-Za-z]{2}$/.test(last)) return { name: parts.slice(0, -1).join(', '), countryCode: last.toUpperCase() };
  return { name: line.trim(), countryCode: null };
}

/** Ids from lines holding an id or a link that ends with one (/practices/<id>); other lines are kept as typed to be refused. */
export function idLines(value: string | undefined): string[] {
  return lines(value).map((line) => UUID.exec(line)?.[0]?.toLowerCase() ?? line);
}

/**
 * The write body a form describes, except the names to resolve (host place, organisers,
 * places taking part), which the service looks up: `names` holds them as typed.
 */
export function formToInput(form: EventForm): { input: EventInput; names: { place: string; organisers: string[]; places: string[] } } {
  const count = (name: string) => {
    const value = (form[name] ?? '').trim();
    return value === '' ? null : /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  };
  const agenda = lines(form.agenda).map((line) => {
    const parts = line.split('|').map((p) => p.trim());
    const first = parts[0] ?? '';
    const timed = /^\d{4}-\d{2}-\d{2}/.test(first) || (first === '' && parts.length > 1);
    const [startsAt, title = '', description = ''] = timed ? parts : ['', ...parts];
    return { ...(startsAt !== '' && startsAt !== undefined ? { starts_at: startsAt } : {}), title, ...(description !== '' ? { description } : {}) };
  });
  const fieldVisits = lines(form.field_visits).map((line) => {
    const [title = '', place = '', description = ''] = line.split('|').map((p) => p.trim());
    return { title, ...(place !== '' ? { place } : {}), ...(description !== '' ? { description } : {}) };
  });
  const input: EventInput = {
    title: form.title ?? '',
    kind: form.kind ?? '',
    language: form.language ?? '',
    start: form.start ?? '',
    end: form.end ?? '',
    time_zone: (form.time_zone ?? '').trim(),
    venue: (form.venue ?? '').trim() === '' ? null : form.venue,
    description: form.description ?? '',
    participants: {
      by_sex: Object.fromEntries(SEXES.map((sex) => [sex, count(`by_sex_${sex}`)])),
      by_constituency: Object.fromEntries(CONSTITUENCIES.map((c) => [c, count(`by_constituency_${c}`)])),
    },
    agenda,
    field_visits: fieldVisits,
    outcomes: form.outcomes ?? '',
    learning_report: form.learning_report ?? '',
    partnership_ids: idLines(form.partnerships),
    practice_ids: idLines(form.practices),
    // A form without the owner choice (a member of no organisation) leaves the owner as it is.
    ...(form.owner_organisation_id !== undefined ? { owner_organisation_id: form.owner_organisation_id === '' ? null : form.owner_organisation_id } : {}),
  };
  return { input, names: { place: (form.place ?? '').trim(), organisers: lines(form.organisers), places: lines(form.places) } };
}

/** A stored event as the form shows it (the inverse of formToInput). */
export function inputToForm(input: EventInput, labels: { place: string; organisers: string[]; places: string[] }): EventForm {
  const participants = (input.participants ?? {}) as { by_sex?: Record<string, number | null>; by_constituency?: Record<string, number | null> };
  const form: EventForm = {
    title: String(input.title ?? ''),
    kind: String(input.kind ?? ''),
    language: String(input.language ?? 'en'),
    start: String(input.start ?? ''),
    end: String(input.end ?? ''),
    time_zone: String(input.time_zone ?? ''),
    place: labels.place,
    venue: input.venue === null || input.venue === undefined ? '' : String(input.venue),
    description: String(input.description ?? ''),
    organisers: labels.organisers.join('\n'),
    places: labels.places.join('\n'),
    agenda: ((input.agenda ?? []) as { starts_at?: string; title: string; description?: string }[])
      .map((item) => [item.starts_at ?? '', item.title, item.description ?? ''].join(' | ').replace(/( \| )+$/, '')).join('\n'),
    field_visits: ((input.field_visits ?? []) as { title: string; place?: string; description?: string }[])
      .map((visit) => [visit.title, visit.place ?? '', visit.description ?? ''].join(' | ').replace(/( \| )+$/, '')).join('\n'),
    outcomes: String(input.outcomes ?? ''),
    learning_report: String(input.learning_report ?? ''),
    partnerships: ((input.partnership_ids ?? []) as string[]).join('\n'),
    practices: ((input.practice_ids ?? []) as string[]).join('\n'),
    owner_organisation_id: input.owner_organisation_id === null || input.owner_organisation_id === undefined ? '' : String(input.owner_organisation_id),
  };
  for (const sex of SEXES) form[`by_sex_${sex}`] = participants.by_sex?.[sex]?.toString() ?? '';
  for (const c of CONSTITUENCIES) form[`by_constituency_${c}`] = participants.by_constituency?.[c]?.toString() ?? '';
  return form;
}
