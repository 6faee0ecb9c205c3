import type { Db } from '../../database.js';
import { PontesError } from '../../errors.js';
import type { Actor } from '../../platform/auth/actor.js';
import { can, canCreate, isCurator, type Action, type RecordTies } from '../../platform/auth/permissions.js';
import { foldKey } from '../../platform/text.js';
import { countryRegistry } from '../countries/index.js';
import { organisationStore, organisationTies, presentOrganisation, type Organisation, type OrganisationChange } from '../organisations/index.js';
import { PLACE_KINDS, placeStore, placeTies, presentPlace, type Place, type PlaceChange, type PlaceKind } from '../places/index.js';
import { practicesAwaitingReview, refreshPracticesLinkedTo, type PracticeListItem } from '../practices/index.js';
import { isCode } from '../vocabularies/index.js';
import { recordSave, versionsOf, type RecordVersion } from '../versions/index.js';

/**
 * Writes to places and organisations (edits by focal points and curators, additions by
 * members, merges by curators) and the review queue. They live here, not in their modules,
 * because each also rewrites the search rows of linked practices (names, visibility codes).
 * Places and organisations have no workflow: their state is `published` (permissions.ts).
 */

function refused(actor: Actor, what: string): PontesError {
  return actor.kind === 'public'
    ? new PontesError('UNAUTHENTICATED', { detail: `sign in to ${what}` })
    : new PontesError('FORBIDDEN', { detail: `you may not ${what}` });
}

function stale(what: string, current: number, sent: number): PontesError {
  return new PontesError('VERSION_CONFLICT', {
    detail: `the ${what} was saved by someone else since version ${sent}; it is now at version ${current}. Nothing was changed.`,
    params: { current, sent },
    errors: [{ field: 'version', reason: 'is stale', sent, current }],
  });
}

function invalid(field: string, reason: string): PontesError {
  return new PontesError('VALIDATION_FAILED', { detail: `${field} ${reason}`, errors: [{ field, reason }] });
}


const notFound = (what: string, id: string) => new PontesError('NOT_FOUND', { detail: `no ${what} with id ${id}` });

/** A live (not merged) place the actor may act on, or the right refusal (404 before 401/403). */
async function placeFor(db: Db, actor: Actor, id: string, action: Action): Promise<Place> {
  const place = await placeStore.get(db, id);
  if (place === undefined || place.mergedInto !== null || !can(actor, 'read', 'published', placeTies(place))) throw notFound('place', id);
  if (!can(actor, action, 'published', placeTies(place))) throw refused(actor, `${action} this place`);
  return place;
}

async function organisationFor(db: Db, actor: Actor, id: string, action: Action): Promise<Organisation> {
  const organisation = await organisationStore.get(db, id);
  if (organisation === undefined || organisation.mergedInto !== null || !can(actor, 'read', 'published', organisationTies(organisation))) throw notFound('organisation', id);
  if (!can(actor, action, 'published', organisationTies(organisation))) throw refused(actor, `${action} this organisation`);
  return organisation;
}

const placeSnapshot = (place: Place) => {
  const { url: _u, countryName: _c, ...data } = presentPlace(place, (code) => code);
  return JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
};
const organisationSnapshot = (organisation: Organisation) => {
  const { url: _u, ...data } = presentOrganisation(organisation);
  return JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
};

/** What a place form or body may change. */
export interface PlaceFields {
  name?: string | undefined;
  kind?: PlaceKind | undefined;
  altNames?: string[] | undefined;
  population?: number | null | undefined;
  populationYear?: number | null | undefined;
  latitude?: number | null | undefined;
  longitude?: number | null | undefined;
  /** Curators only: false marks a flagged place as reviewed. */
  needsReview?: boolean | undefined;
}

const NUMBER_BOUNDS = [
  ['population', 0, 100_000_000_000, true], ['populationYear', 1800, 2200, true], ['latitude', -90, 90, false], ['longitude', -180, 180, false],
] as const;

function placeChange(actor: Actor, fields: PlaceFields): PlaceChange {
  const change: PlaceChange = {};
  if (fields.name !== undefined) {
    const name = fields.name.trim();
    if (name === '' || foldKey(name) === '') throw invalid('name', 'must not be empty');
    change.name = name;
  }
  if (fields.kind !== undefined) {
    if (!(PLACE_KINDS as readonly string[]).includes(fields.kind)) throw invalid('kind', 'is not a kind of place');
    change.kind = fields.kind;
  }
  if (fields.altNames !== undefined) change.altNames = [...new Set(fields.altNames.map((n) => n.trim()).filter((n) => n !== ''))];
  // The same bounds as the API's schema, for callers without one (the forms); the database would refuse the rest.
  for (const [key, min, max, integer] of NUMBER_BOUNDS) {
    const value = fields[key];
    if (value === undefined) continue;
    if (value !== null && (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value)))) {
      throw invalid(key, integer ? `must be a whole number from ${min} to ${max}` : `must be a number from ${min} to ${max}`);
    }
    change[key] = value;
  }
  if (fields.needsReview !== undefined) {
    if (!isCurator(actor)) throw refused(actor, 'mark places as reviewed');
    change.needsReview = fields.needsReview;
  }
  return change;
}

/** A focal point or a curator edits a place, from the version they edited. */
export async function updatePlace(db: Db, actor: Actor, id: string, fields: PlaceFields, version: number | undefined): Promise<Place> {
  const place = await placeFor(db, actor, id, 'edit');
  if (version === undefined) throw new PontesError('VERSION_REQUIRED', { detail: `say which version you edited (If-Match: "${place.version}")`, params: { current: place.version } });
  if (version !== place.version) throw stale('place', place.version, version);
  const change = placeChange(actor, fields);
  return db.transaction().execute(async (trx) => {
    const next = await placeStore.update(trx, place.id, version, change);
    if (next === undefined) throw stale('place', (await placeStore.get(trx, place.id))?.version ?? version + 1, version);
    const names = [change.name, ...(change.altNames ?? [])].filter((n): n is string => n !== undefined).map(foldKey).filter((k) => k !== '');
    await placeStore.addNameKeys(trx, place.id, names);
    if (change.name !== undefined) await refreshPracticesLinkedTo(trx, { placeIds: [place.id] });
    const saved = (await placeStore.get(trx, place.id))!;
    await recordSave(trx, actor, {
      recordType: 'place', recordId: place.id, version: next, status: 'published', data: placeSnapshot(saved), action: 'place.edit',
      before: { version: place.version, status: 'published', data: placeSnapshot(place) },
    });
    return saved;
  });
}

/** A member adds a place that the reference list lacks; it waits for a curator's review. */
export async function createPlace(db: Db, actor: Actor, fields: PlaceFields & { countryCode: string }): Promise<Place> {
  if (!canCreate(actor)) throw refused(actor, 'add places');
  const countryCode = fields.countryCode.toUpperCase();
  if ((await countryRegistry(db)).get(countryCode) === undefined) throw invalid('country', 'is not an ISO 3166-1 country code Pontes knows');
  if (fields.name === undefined) throw invalid('name', 'is required');
  const change = placeChange(isCurator(actor) ? actor : { kind: 'public' }, { ...fields, needsReview: undefined });
  return db.transaction().execute(async (trx) => {
    const id = await placeStore.insert(trx, {
      name: change.name!, kind: change.kind ?? 'municipality', altNames: change.altNames ?? [], population: change.population ?? null,
      populationYear: change.populationYear ?? null, latitude: change.latitude ?? null, longitude: change.longitude ?? null,
      needsReview: fields.needsReview === false && isCurator(actor) ? false : !isCurator(actor), countryCode,
    }, [change.name!, ...(change.altNames ?? [])].map(foldKey).filter((k) => k !== ''));
    const saved = (await placeStore.get(trx, id))!;
    await recordSave(trx, actor, { recordType: 'place', recordId: id, version: saved.version, status: 'published', data: placeSnapshot(saved), action: 'place.create' });
    return saved;
  });
}

/** What an organisation form or body may change. */
export interface OrganisationFields {
  name?: string | undefined;
  kind?: string | null | undefined;
  country?: string | null | undefined;
  placeId?: string | null | undefined;
  website?: string | null | undefined;
  iatiOrgId?: string | null | undefined;
  needsReview?: boolean | undefined;
}

async function organisationChange(db: Db, actor: Actor, fields: OrganisationFields): Promise<OrganisationChange> {
  const change: OrganisationChange = {};
  if (fields.name !== undefined) {
    const name = fields.name.trim();
    if (name === '' || foldKey(name) === '') throw invalid('name', 'must not be empty');
    change.name = name;
    change.nameKey = foldKey(name);
  }
  if (fields.kind !== undefined) {
    if (fields.kind !== null && !isCode('organisation_kinds', fields.kind)) throw invalid('kind', 'is not an organisation kind');
    change.kind = fields.kind;
  }
  if (fields.country !== undefined) {
    const code = fields.country === null || fields.country === '' ? null : fields.country.toUpperCase();
    if (code !== null && (await countryRegistry(db)).get(code) === undefined) throw invalid('country', 'is not an ISO 3166-1 country code Pontes knows');
    change.countryCode = code;
  }
  if (fields.placeId !== undefined) {
    if (fields.placeId !== null) {
      const place = await placeStore.get(db, fields.placeId);
      if (place === undefined || place.mergedInto !== null) throw invalid('placeId', 'names no place');
    }
    change.placeId = fields.placeId;
  }
  if (fields.website !== undefined) {
    if (fields.website !== null && fields.website !== '' && !/^https?:\/\/[^\s]+$/i.test(fields.website)) throw invalid('website', 'must be an http or https address');
    change.website = fields.website === '' ? null : fields.website;
  }
  if (fields.iatiOrgId !== undefined) change.iatiOrgId = fields.iatiOrgId === '' ? null : fields.iatiOrgId;
  if (fields.needsReview !== undefined) {
    if (!isCurator(actor)) throw refused(actor, 'mark organisations as reviewed');
    change.needsReview = fields.needsReview;
  }
  return change;
}

/** A focal point or a curator edits an organisation, from the version they edited. */
export async function updateOrganisation(db: Db, actor: Actor, id: string, fields: OrganisationFields, version: number | undefined): Promise<Organisation> {
  const organisation = await organisationFor(db, actor, id, 'edit');
  if (version === undefined) throw new PontesError('VERSION_REQUIRED', { detail: `say which version you edited (If-Match: "${organisation.version}")`, params: { current: organisation.version } });
  if (version !== organisation.version) throw stale('organisation', organisation.version, version);
  const change = await organisationChange(db, actor, fields);
  const nameKey = change.nameKey ?? foldKey(organisation.name);
  const country = change.countryCode !== undefined ? change.countryCode : organisation.countryCode;
  if ((change.nameKey !== undefined || change.countryCode !== undefined) && (await organisationStore.identityTaken(db, nameKey, country, organisation.id))) {
    throw invalid('name', 'is the name of another organisation of that country (ask a curator to merge them)');
  }
  return db.transaction().execute(async (trx) => {
    const next = await organisationStore.update(trx, organisation.id, version, change);
    if (next === undefined) throw stale('organisation', (await organisationStore.get(trx, organisation.id))?.version ?? version + 1, version);
    const saved = (await organisationStore.get(trx, organisation.id))!;
    await recordSave(trx, actor, {
      recordType: 'organisation', recordId: organisation.id, version: next, status: 'published', data: organisationSnapshot(saved), action: 'organisation.edit',
      before: { version: organisation.version, status: 'published', data: organisationSnapshot(organisation) },
    });
    return saved;
  });
}

/** A member adds an organisation; it waits for a curator's review. */
export async function createOrganisation(db: Db, actor: Actor, fields: OrganisationFields & { name: string }): Promise<Organisation> {
  if (!canCreate(actor)) throw refused(actor, 'add organisations');
  const change = await organisationChange(db, isCurator(actor) ? actor : { kind: 'public' }, { ...fields, needsReview: undefined });
  if (await organisationStore.identityTaken(db, change.nameKey!, change.countryCode ?? null, null)) {
    throw invalid('name', 'is the name of an organisation of that country already');
  }
  return db.transaction().execute(async (trx) => {
    const id = await organisationStore.insert(trx, {
      name: change.name!, nameKey: change.nameKey!, kind: change.kind ?? null, countryCode: change.countryCode ?? null, placeId: change.placeId ?? null,
      website: change.website ?? null, iatiOrgId: change.iatiOrgId ?? null, needsReview: !isCurator(actor),
    });
    const saved = (await organisationStore.get(trx, id))!;
    await recordSave(trx, actor, { recordType: 'organisation', recordId: id, version: saved.version, status: 'published', data: organisationSnapshot(saved), action: 'organisation.create' });
    return saved;
  });
}

/**
 * Merges duplicate places: `id` into `into`. Both ids are checked (a request with two ids is
 * checked on both): each must be a live place the actor may merge.
 */
export async function mergePlaces(db: Db, actor: Actor, id: string, into: string): Promise<Place> {
  const from = await placeFor(db, actor, id, 'merge');
  const survivor = await placeFor(db, actor, into, 'merge');
  if (from.id === survivor.id) throw invalid('into', 'is the place itself');
  if (from.countryCode !== survivor.countryCode) throw invalid('into', 'is a place of another country');
  return db.transaction().execute(async (trx) => {
    const affected = { placeIds: [from.id, survivor.id] };
    const version = await placeStore.merge(trx, from.id, survivor.id);
    await refreshPracticesLinkedTo(trx, affected);
    const merged = (await placeStore.get(trx, from.id))!;
    const saved = (await placeStore.get(trx, survivor.id))!;
    await recordSave(trx, actor, {
      recordType: 'place', recordId: from.id, version: merged.version, status: 'published', note: `merged into ${survivor.id}`, data: placeSnapshot(merged), action: 'place.merge',
      before: { version: from.version, status: 'published', data: placeSnapshot(from) }, detail: { into: survivor.id },
    });
    await recordSave(trx, actor, {
      recordType: 'place', recordId: survivor.id, version, status: 'published', note: `${from.id} merged in`, data: placeSnapshot(saved), action: 'place.merged_in',
      before: { version: survivor.version, status: 'published', data: placeSnapshot(survivor) }, detail: { from: from.id },
    });
    return saved;
  });
}

/** Merges duplicate organisations: `id` into `into`, both checked. */
export async function mergeOrganisations(db: Db, actor: Actor, id: string, into: string): Promise<Organisation> {
  const from = await organisationFor(db, actor, id, 'merge');
  const survivor = await organisationFor(db, actor, into, 'merge');
  if (from.id === survivor.id) throw invalid('into', 'is the organisation itself');
  return db.transaction().execute(async (trx) => {
    const version = await organisationStore.merge(trx, from.id, survivor.id);
    await refreshPracticesLinkedTo(trx, { organisationIds: [survivor.id] });
    const merged = (await organisationStore.get(trx, from.id))!;
    const saved = (await organisationStore.get(trx, survivor.id))!;
    await recordSave(trx, actor, {
      recordType: 'organisation', recordId: from.id, version: merged.version, status: 'published', note: `merged into ${survivor.id}`, data: organisationSnapshot(merged),
      action: 'organisation.merge', before: { version: from.version, status: 'published', data: organisationSnapshot(from) }, detail: { into: survivor.id },
    });
    await recordSave(trx, actor, {
      recordType: 'organisation', recordId: survivor.id, version, status: 'published', note: `${from.id} merged in`, data: organisationSnapshot(saved),
      action: 'organisation.merged_in', before: { version: survivor.version, status: 'published', data: organisationSnapshot(survivor) }, detail: { from: from.id },
    });
    return saved;
  });
}

/** The kept versions of a place or an organisation, for those who may see its history. */
export async function recordVersions(db: Db, actor: Actor, recordType: 'place' | 'organisation', id: string): Promise<{ title: string; versions: RecordVersion[] }> {
  const record = recordType === 'place' ? await placeFor(db, actor, id, 'history') : await organisationFor(db, actor, id, 'history');
  return { title: record.name, versions: await versionsOf(db, recordType, record.id) };
}

/** A place or organisation for its edit form, if the actor may edit it. */
export const placeForEdit = (db: Db, actor: Actor, id: string) => placeFor(db, actor, id, 'edit');
export const organisationForEdit = (db: Db, actor: Actor, id: string) => organisationFor(db, actor, id, 'edit');

/** What the actor may do to a place or an organisation (for its page's links). */
export function recordActions(actor: Actor, ties: RecordTies): { edit: boolean; history: boolean; merge: boolean } {
  return { edit: can(actor, 'edit', 'published', ties), history: can(actor, 'history', 'published', ties), merge: can(actor, 'merge', 'published', ties) };
}

export interface ReviewQueue {
  practices: PracticeListItem[];
  places: Place[];
  organisations: Organisation[];
}

/** The curators' queue: practices submitted or in review, places and organisations flagged by imports. */
export async function reviewQueue(db: Db, actor: Actor): Promise<{ practices: Awaited<ReturnType<typeof practicesAwaitingReview>>; places: Place[]; organisations: Organisation[] }> {
  const practices = await practicesAwaitingReview(db, actor);
  const [places, organisations] = await Promise.all([placeStore.needingReview(db, 200), organisationStore.needingReview(db, 200)]);
  return { practices, places, organisations };
}
