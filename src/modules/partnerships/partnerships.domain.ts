import type { PartnershipStatus, PartyRole, Publication } from '../../database.js';
import { defineLifecycle } from '../lifecycle/index.js';

export type { PartnershipStatus, PartyRole };

export const PARTNERSHIP_TYPES = ['twinning', 'memorandum_of_understanding', 'project', 'network'] as const;
export type PartnershipType = (typeof PARTNERSHIP_TYPES)[number];

export const PARTY_ROLES = ['provider', 'beneficiary', 'peer', 'facilitator', 'funder'] as const satisfies readonly PartyRole[];

export const CONTRIBUTION_KINDS = ['cash', 'in_kind'] as const;
export type ContributionKind = (typeof CONTRIBUTION_KINDS)[number];

export const PARTNERSHIP_STATUSES = ['idea', 'negotiating', 'signed', 'active', 'completed', 'lapsed'] as const satisfies readonly PartnershipStatus[];

/**
 * The lifecycle: idea → negotiating → signed → active → completed, and lapsed from any
 * status short of the end. Completed and lapsed are final.
 */
export const partnershipLifecycle = defineLifecycle<PartnershipStatus>({
  noun: 'partnership',
  initial: 'idea',
  statuses: PARTNERSHIP_STATUSES,
  moves: {
    idea: ['negotiating', 'lapsed'],
    negotiating: ['signed', 'lapsed'],
    signed: ['active', 'lapsed'],
    active: ['completed', 'lapsed'],
    completed: [],
    lapsed: [],
  },
});

/** One party with what pages and the API show of it: the place's or organisation's name and country. */
export interface Party {
  /** Its index in the partnership's parties (contributions name parties by it). */
  position: number;
  placeId: string | null;
  organisationId: string | null;
  role: PartyRole;
  name: string;
  countryCode: string | null;
  /** The organisation's kind (organisation_kinds); null for a place. */
  kind: string | null;
}

export interface PartnershipDocument {
  title: string;
  url: string;
  date?: string;
}

export interface Contribution {
  position: number;
  /** The index of the party that gives it, if known. */
  party: number | null;
  kind: ContributionKind;
  /** Cash: the amount; in kind: the estimated value, if any. */
  amount: number | null;
  currency: string | null;
  description: string | null;
}

/** What a contribution total says for one currency: cash, in-kind estimates and both. */
export interface CurrencyTotal {
  currency: string;
  cash: number;
  inKind: number;
  total: number;
}

/** A partnership as services hand it to views, the API presenter and other modules. */
export interface Partnership {
  id: string;
  title: string;
  description: string;
  language: string;
  type: PartnershipType;
  status: PartnershipStatus;
  modality: string | null;
  modalityReason: string | null;
  parties: Party[];
  pillars: string[];
  criticalAreas: string[];
  challenges: string[];
  sectors: string[];
  targetGroups: string[];
  /** The linked practices the reader may see. */
  practices: { id: string; title: string }[];
  startsOn: string | null;
  endsOn: string | null;
  agreementOn: string | null;
  documents: PartnershipDocument[];
  contributions: Contribution[];
  totals: CurrencyTotal[];
  /** Matches that turned into this partnership. */
  matchIds: string[];
  ownerOrganisationId: string | null;
  createdBy: string | null;
  publication: Publication;
  deleted: boolean;
  version: number;
  demo: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** A partnership in a list: no documents, contributions or practices. */
export type PartnershipListItem = Pick<
  Partnership,
  'id' | 'title' | 'language' | 'type' | 'status' | 'modality' | 'parties' | 'startsOn' | 'endsOn' | 'publication' | 'deleted' | 'version' | 'demo' | 'updatedAt'
>;

/**
 * Contributions added up per currency (amounts in cents, so sums of decimals stay exact),
 * cash apart from in-kind estimates. Contributions without an amount are not counted.
 */
export function contributionTotals(contributions: readonly Pick<Contribution, 'kind' | 'amount' | 'currency'>[]): CurrencyTotal[] {
  const cents = new Map<string, { cash: number; inKind: number }>();
  for (const contribution of contributions) {
    if (contribution.amount === null || contribution.currency === null) continue;
    const sum = cents.get(contribution.currency) ?? { cash: 0, inKind: 0 };
    const value = Math.round(contribution.amount * 100);
    if (contribution.kind === 'cash') sum.cash += value;
    else sum.inKind += value;
    cents.set(contribution.currency, sum);
  }
  return [...cents.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, sum]) => ({ currency, cash: sum.cash / 100, inKind: sum.inKind / 100, total: (sum.cash + sum.inKind) / 100 }));
}
