import type { Db } from '../../database.js';
import { PontesError } from '../../errors.js';
import { isUuid } from '../../platform/ids.js';
import { foldKey } from '../../platform/text.js';
import { countryRegistry } from '../countries/index.js';
import { isCode } from '../vocabularies/index.js';
import type { Organisation } from './organisations.domain.js';
import * as repo from './organisations.repository.js';

export interface PartnerRef {
  name: string;
  kind?: string | undefined;
  country?: string | undefined;
}

/**
 * Finds the organisation a partner names, by folded name and country; an unknown one is
 * created and flagged for review. A kind given where the stored one is unknown fills it in.
 */
export async function resolveOrganisation(db: Db, partner: PartnerRef): Promise<{ organisationId: string; created: boolean }> {
  const nameKey = foldKey(partner.name);
  const countryCode = partner.country ?? null;
  const found = await repo.findByIdentity(db, nameKey, countryCode);
  if (found !== undefined) {
    if (found.kind === null && partner.kind !== undefined) await repo.setKind(db, found.id, partner.kind);
    return { organisationId: found.id, created: false };
  }
  const organisationId = await repo.insertImported(db, { name: partner.name.trim(), nameKey, kind: partner.kind ?? null, countryCode });
  return { organisationId, created: true };
}

export async function getOrganisation(db: Db, id: string): Promise<Organisation> {
  const organisation = isUuid(id) ? await repo.getOrganisation(db, id) : undefined;
  if (organisation === undefined) throw new PontesError('NOT_FOUND', { detail: `no organisation with id ${id}` });
  return organisation;
}

export const getOrganisationsByIds = repo.getOrganisationsByIds;

export interface OrganisationQuery {
  q?: string | undefined;
  country?: string | undefined;
  kind?: string | undefined;
  limit: number;
  offset: number;
}

/** Organisations are public records (names of partners of published practices). */
export async function listOrganisations(db: Db, query: OrganisationQuery): Promise<{ items: Organisation[]; total: number }> {
  let countryCode: string | undefined;
  if (query.country) {
    countryCode = query.country.toUpperCase();
    if ((await countryRegistry(db)).get(countryCode) === undefined) {
      throw new PontesError('UNKNOWN_FILTER_VALUE', { detail: `unknown country "${query.country}"`, params: { filter: 'country', value: query.country } });
    }
  }
  if (query.kind && !isCode('organisation_kinds', query.kind)) {
    throw new PontesError('UNKNOWN_FILTER_VALUE', { detail: `unknown organisation kind "${query.kind}"`, params: { filter: 'kind', value: query.kind } });
  }
  const nameKey = query.q ? foldKey(query.q).slice(0, 200) : undefined;
  return repo.listOrganisations(db, { nameKey, countryCode, kind: query.kind || undefined, limit: query.limit, offset: query.offset });
}

/** Organisations whose name is like the text (typo-tolerant), for the search box. */
export async function searchOrganisationsByName(db: Db, text: string, limit: number, offset: number): Promise<{ items: (Organisation & { score: number })[]; total: number }> {
  const nameKey = foldKey(text).slice(0, 200);
  if (nameKey === '') return { items: [], total: 0 };
  return repo.searchByName(db, nameKey, limit, offset);
}

/**
 * Storage for the curation module, which checks permissions, keeps versions and refreshes the
 * search rows of linked practices (it may use the practices module; this one may not).
 */
export const organisationStore = {
  get: async (db: Db, id: string) => (isUuid(id) ? repo.getOrganisation(db, id) : undefined),
  update: repo.updateOrganisation,
  insert: repo.insertMemberOrganisation,
  identityTaken: repo.identityTaken,
  merge: repo.mergeOrganisation,
  needingReview: repo.organisationsNeedingReview,
};
