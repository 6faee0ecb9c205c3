import type { Partnership, PartnershipListItem, Party } from './partnerships.domain.js';

/** A party on the wire: ids, role, and the place's or organisation's name and country. */
function presentParty(party: Party) {
  return {
    position: party.position,
    place_id: party.placeId,
    organisation_id: party.organisationId,
    role: party.role,
    name: party.name,
    country: party.countryCode,
    kind: party.kind,
  };
}

const stateOf = (p: { deleted: boolean; publication: string }) => (p.deleted ? 'deleted' : p.publication);

/** A partnership in a list (GET /partnerships). */
export function presentPartnershipItem(p: PartnershipListItem) {
  return {
    id: p.id,
    url: `/partnerships/${p.id}`,
    title: p.title,
    language: p.language,
    type: p.type,
    status: p.status,
    modality: p.modality,
    parties: p.parties.map(presentParty),
    starts_on: p.startsOn,
    ends_on: p.endsOn,
    publication: stateOf(p),
    version: p.version,
    demo: p.demo,
    updated_at: p.updatedAt,
  };
}

/** The partnership's API object (GET /partnerships/{id}, and what its versions keep). */
export function presentPartnership(p: Partnership) {
  return {
    id: p.id,
    url: `/partnerships/${p.id}`,
    title: p.title,
    description: p.description,
    language: p.language,
    type: p.type,
    status: p.status,
    modality: p.modality,
    modality_reason: p.modalityReason,
    parties: p.parties.map(presentParty),
    pillars: p.pillars,
    critical_areas: p.criticalAreas,
    challenges: p.challenges,
    sectors: p.sectors,
    target_groups: p.targetGroups,
    practice_ids: p.practices.map((practice) => practice.id),
    practices: p.practices,
    starts_on: p.startsOn,
    ends_on: p.endsOn,
    agreement_on: p.agreementOn,
    documents: p.documents,
    contributions: p.contributions.map((c) => ({ party: c.party, kind: c.kind, amount: c.amount, currency: c.currency, description: c.description })),
    contribution_totals: p.totals.map((total) => ({ currency: total.currency, cash: total.cash, in_kind: total.inKind, total: total.total })),
    match_ids: p.matchIds,
    owner_organisation_id: p.ownerOrganisationId,
    created_by: p.createdBy,
    publication: stateOf(p),
    version: p.version,
    demo: p.demo,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

export type PartnershipObject = ReturnType<typeof presentPartnership>;
