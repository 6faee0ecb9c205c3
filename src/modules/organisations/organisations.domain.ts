export interface Organisation {
  id: string;
  name: string;
  kind: string | null;
  countryCode: string | null;
  placeId: string | null;
  website: string | null;
  iatiOrgId: string | null;
  origin: 'import' | 'member';
  needsReview: boolean;
  /** Counts saves (optimistic concurrency). */
  version: number;
  /** Set when a curator merged this organisation into another (its page redirects there). */
  mergedInto: string | null;
}

/** What ties an organisation to people (permissions.ts): its members (owner) and focal points. */
export function organisationTies(organisation: { id: string }) {
  return { createdBy: null, ownerOrganisationId: organisation.id, placeIds: [], organisationIds: [organisation.id] };
}
