import type { Commitment, Roadmap } from './roadmaps.domain.js';
import type { CommitmentInput, RoadmapInput } from './roadmaps.service.js';

/**
 * The roadmap and commitment forms: what a browser posts (strings, and lists for check boxes),
 * kept as typed so a refused save shows it again, and its translation to the snake_case body
 * the API takes (one validation, in the service, for both).
 */
export type RoadmapForm = Record<string, string | string[]>;

/** Only the form's own fields, as strings or lists (anything else a browser sends is dropped). */
export function readForm(body: unknown): RoadmapForm {
  const form: RoadmapForm = {};
  if (body === null || typeof body !== 'object') return form;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === '_csrf') continue;
    if (typeof value === 'string') form[key] = value.slice(0, 50_000);
    else if (Array.isArray(value)) form[key] = value.filter((v): v is string => typeof v === 'string').slice(0, 100);
  }
  return form;
}

export function field(form: RoadmapForm, name: string): string {
  const value = form[name];
  return (Array.isArray(value) ? value.join('\n') : (value ?? '')).replace(/\r\n?/g, '\n');
}

export function list(form: RoadmapForm, name: string): string[] {
  const value = form[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => v.trim()).filter((v) => v !== '');
}

const lines = (value: string) => value.split('\n').map((l) => l.trim()).filter((l) => l !== '');
const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

/** The version a form carries (hidden field), if it is one. */
export function formVersion(form: RoadmapForm): number | undefined {
  const version = Number(field(form, 'version'));
  return Number.isInteger(version) && version > 0 ? version : undefined;
}

export function formToRoadmap(form: RoadmapForm): RoadmapInput {
  return {
    title: field(form, 'title'),
    description: field(form, 'description'),
    language: field(form, 'language').trim() || 'en',
    event_id: field(form, 'event_id').trim(),
    adopted_on: orNull(field(form, 'adopted_on')),
    owner_organisation_id: orNull(field(form, 'owner_organisation_id')),
  };
}

export function roadmapToForm(roadmap: Roadmap): RoadmapForm {
  return {
    title: roadmap.title, description: roadmap.description, language: roadmap.language, event_id: roadmap.eventId ?? '',
    adopted_on: roadmap.adoptedOn ?? '', owner_organisation_id: roadmap.ownerOrganisationId ?? '',
  };
}

/** "place:<id>" or "organisation:<id>": the value of an owner check box. */
export function ownerKey(owner: { placeId: string | null; organisationId: string | null }): string {
  return owner.placeId !== null ? `place:${owner.placeId}` : `organisation:${owner.organisationId}`;
}

/**
 * An owner written on a line: "place:<id>", "organisation:<id>", or the address of its page
 * (…/places/<id>, …/organisations/<id>). Anything else is passed on as a place id, which the
 * service refuses by its index ("owners[2] names no place").
 */
function ownerOfLine(line: string): { place_id?: string; organisation_id?: string } {
  const match = /(place|organisation)s?[:/]\s*([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i.exec(line);
  if (match === null) return { place_id: line };
  return match[1]!.toLowerCase() === 'place' ? { place_id: match[2]!.toLowerCase() } : { organisation_id: match[2]!.toLowerCase() };
}

/** The commitment a form describes: owners ticked, then owners written one per line; evidence "URL title" per line. */
export function formToCommitment(form: RoadmapForm): CommitmentInput {
  const owners = [...list(form, 'owners'), ...lines(field(form, 'other_owners'))].map(ownerOfLine);
  const evidence = lines(field(form, 'evidence')).map((line) => {
    const [url = '', ...title] = line.split(/\s+/);
    return { url, ...(title.length > 0 ? { title: title.join(' ') } : {}) };
  });
  return { text: field(form, 'text'), due_on: orNull(field(form, 'due_on')), owners, evidence };
}

export function commitmentToForm(commitment: Commitment): RoadmapForm {
  return {
    text: commitment.text,
    due_on: commitment.dueOn ?? '',
    owners: commitment.owners.map(ownerKey),
    other_owners: '',
    evidence: commitment.evidence.map((e) => (e.title !== undefined ? `${e.url} ${e.title}` : e.url)).join('\n'),
  };
}
