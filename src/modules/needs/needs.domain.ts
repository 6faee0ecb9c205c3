import type { Publication } from '../lifecycle/index.js';
import { todayUtc } from '../../platform/dates.js';

/** A need (what a place or organisation wants to learn) or an offer (what it can share): one shape. */
export type NeedKind = 'need' | 'offer';
export const NEED_KINDS: readonly NeedKind[] = ['need', 'offer'];

/** The URL segment of each kind: /needs, /offers, /api/v1/needs, /api/v1/offers. */
export const COLLECTION_OF: Readonly<Record<NeedKind, string>> = { need: 'needs', offer: 'offers' };

/** The vocabularies a need or an offer is tagged with, as the API names them (the practices' facets). */
export const NEED_FACETS = ['pillars', 'critical_areas', 'challenges', 'sectors', 'target_groups'] as const;
export type NeedFacet = (typeof NEED_FACETS)[number];

/** The languages a need's text may be written in on the form (the API takes any ISO 639 code). */
export const FORM_LANGUAGES = ['en', 'fr', 'es', 'pt'] as const;

/** A need or an offer as services hand it to pages, the API and the matching. */
export interface NeedOffer {
  id: string;
  kind: NeedKind;
  title: string;
  description: string;
  language: string;
  placeId: string | null;
  organisationId: string | null;
  pillars: string[];
  criticalAreas: string[];
  challenges: string[];
  sectors: string[];
  targetGroups: string[];
  contactName: string | null;
  contactEmail: string | null;
  /** The last day it stands (YYYY-MM-DD). */
  expiresOn: string;
  /** Past its expiry day (UTC): shown as expired, left out of default lists and proposals. */
  expired: boolean;
  /** The practice that prompted it ("we want to learn from this"), if any. */
  practiceId: string | null;
  publication: Publication;
  deleted: boolean;
  version: number;
  createdBy: string | null;
  ownerOrganisationId: string | null;
  demo: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** What a need is matched on (also a need not yet written, as when learning from a practice). */
export type NeedProfile = Pick<NeedOffer, 'title' | 'description' | 'placeId' | 'organisationId' | 'pillars' | 'criticalAreas' | 'challenges' | 'sectors' | 'targetGroups'> & { id: string | null };


export { todayUtc };
