import { NEED_FACETS, type NeedOffer } from './needs.domain.js';
import type { NeedOfferInput } from './needs.service.js';

/**
 * The need or offer form as a browser posts it (strings, and lists for checkboxes), kept as
 * typed so that a refused save shows it again; and its translation to the API's body, so pages
 * and the API are checked by the same service.
 */
export type NeedForm = Record<string, string | string[]>;

const TEXT_FIELDS = ['title', 'description', 'language', 'place_id', 'organisation_id', 'contact_name', 'contact_email', 'expires_on', 'practice_id', 'version'] as const;

/** Only the form's own fields (anything else a browser sends is dropped), bounded. */
export function readNeedForm(body: unknown): NeedForm {
  const form: NeedForm = {};
  if (body === null || typeof body !== 'object') return form;
  const record = body as Record<string, unknown>;
  for (const name of TEXT_FIELDS) {
    const value = record[name];
    if (typeof value === 'string') form[name] = value.slice(0, 30_000);
  }
  for (const facet of NEED_FACETS) {
    const value = record[facet];
    if (typeof value === 'string') form[facet] = [value.slice(0, 100)];
    else if (Array.isArray(value)) form[facet] = value.filter((v): v is string => typeof v === 'string').map((v) => v.slice(0, 100)).slice(0, 100);
  }
  return form;
}

function text(form: NeedForm, name: string): string {
  const value = form[name];
  return (Array.isArray(value) ? value.join(',') : (value ?? '')).replace(/\r\n?/g, '\n');
}

export function chosen(form: NeedForm, name: string): string[] {
  const value = form[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => v.trim()).filter((v) => v !== '');
}

/** The API body a form describes; an empty field is null (cleared), a list unticked is empty. */
export function formToInput(form: NeedForm): NeedOfferInput {
  const orNull = (name: string) => {
    const value = text(form, name).trim();
    return value === '' ? null : value;
  };
  return {
    title: text(form, 'title').trim(),
    description: orNull('description'),
    language: orNull('language'),
    place_id: orNull('place_id'),
    organisation_id: orNull('organisation_id'),
    pillars: chosen(form, 'pillars'),
    critical_areas: chosen(form, 'critical_areas'),
    challenges: chosen(form, 'challenges'),
    sectors: chosen(form, 'sectors'),
    target_groups: chosen(form, 'target_groups'),
    contact_name: orNull('contact_name'),
    contact_email: orNull('contact_email'),
    expires_on: orNull('expires_on'),
    practice_id: orNull('practice_id'),
  };
}

/** A stored record as the form shows it (the inverse of formToInput). */
export function itemToForm(item: NeedOffer): NeedForm {
  return {
    title: item.title,
    description: item.description,
    language: item.language,
    place_id: item.placeId ?? '',
    organisation_id: item.organisationId ?? '',
    pillars: item.pillars,
    critical_areas: item.criticalAreas,
    challenges: item.challenges,
    sectors: item.sectors,
    target_groups: item.targetGroups,
    contact_name: item.contactName ?? '',
    contact_email: item.contactEmail ?? '',
    expires_on: item.expiresOn,
    practice_id: item.practiceId ?? '',
  };
}

/** The version a form says it edited, if a sensible one. */
export function formVersion(form: NeedForm): number | undefined {
  const version = Number(text(form, 'version'));
  return Number.isInteger(version) && version > 0 ? version : undefined;
}
