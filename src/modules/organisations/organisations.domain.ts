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
}
