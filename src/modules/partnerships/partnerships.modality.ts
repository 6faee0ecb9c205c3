import type { Translate } from '../../platform/i18n/i18n.js';
import { deriveModality, type Modality } from '../practices/index.js';
import type { PartyRole } from './partnerships.domain.js';

/**
 * A partnership's modality is derived from its parties, never typed, by the practices' rule
 * (docs/adr/0006-modality-rule.md, practices.modality.ts): facilitators and funders, and
 * international organisations and donor agencies whatever their role, *support*; the other
 * parties *take part*. Parties taking part in two or more countries, all in the Global South,
 * are south_south, or triangular when a supporter from outside the South or an international
 * organisation (or donor agency) backs them; and so on. This file maps parties onto that rule
 * and says, in plain words, why the rule gave what it gave.
 */
export interface ModalityParty {
  name: string;
  role: PartyRole;
  /** The organisation's kind; null for a place (a local government). */
  kind: string | null;
  countryCode: string | null;
}

export interface ModalityFacts {
  isSouth(countryCode: string): boolean;
  countryName(countryCode: string): string;
}

/** A party as a reason names it. */
export interface NamedParty {
  name: string;
  /** The country's name, or null when the party's country is not known. */
  country: string | null;
}

/** Why the rule gave a modality: a locale key under partnerships.modalityReason and what it names. */
export interface ModalityReason {
  key: 'triangular' | 'south_south' | 'north_north' | 'domestic' | 'unknown' | 'north_south_backed' | 'north_south_unknown' | 'north_south_mixed';
  /** The parties taking part (not supporting). */
  core: NamedParty[];
  /** The supporters that make it triangular (or north_south for one Southern country). */
  backing: { key: 'international' | 'donor' | 'outside'; name: string; country: string | null }[];
  /** How many countries the parties taking part are in. */
  countries: number;
  /** The one country of a domestic partnership or of a backed one-country one. */
  country: string | null;
  /** north_south between countries: who is in the South and who is not. */
  south: NamedParty[];
  north: NamedParty[];
}

const SUPPORT_ROLES: ReadonlySet<PartyRole> = new Set(['facilitator', 'funder']);
const INSTITUTIONAL_KINDS: ReadonlySet<string> = new Set(['international_organisation', 'donor_agency']);
/** The practices' partner roles that mean support (practices.modality.ts). */
const PRACTICE_ROLE: Partial<Record<PartyRole, string>> = { facilitator: 'facilitating', funder: 'funding' };

const supports = (party: ModalityParty) => SUPPORT_ROLES.has(party.role) || (party.kind !== null && INSTITUTIONAL_KINDS.has(party.kind));

/** The modality the practices' rule gives these parties, and the reason in its parts. */
export function derivePartnershipModality(parties: readonly ModalityParty[], facts: ModalityFacts): { modality: Modality; reason: ModalityReason } {
  const modality = deriveModality(
    {
      places: [],
      partners: parties.map((party) => ({ role: PRACTICE_ROLE[party.role], kind: party.kind ?? undefined, country: party.countryCode ?? undefined })),
    },
    facts.isSouth,
  );
  return { modality, reason: explain(modality, parties, facts) };
}

function explain(modality: Modality, parties: readonly ModalityParty[], facts: ModalityFacts): ModalityReason {
  const core = parties.filter((party) => !supports(party));
  const located = core.filter((party): party is ModalityParty & { countryCode: string } => party.countryCode !== null);
  const countries = [...new Set(located.map((party) => party.countryCode))];
  const named = (party: ModalityParty): NamedParty => ({ name: party.name, country: party.countryCode === null ? null : facts.countryName(party.countryCode) });
  // Supporters that make a difference: international organisations and donor agencies, and
  // supporters based outside the South (an international organisation's seat does not count).
  const backing = parties.filter(supports).flatMap((party): ModalityReason['backing'] => {
    if (party.kind === 'international_organisation') return [{ key: 'international', name: party.name, country: null }];
    if (party.kind === 'donor_agency') return [{ key: 'donor', name: party.name, country: null }];
    if (party.countryCode !== null && !facts.isSouth(party.countryCode)) return [{ key: 'outside', name: party.name, country: facts.countryName(party.countryCode) }];
    return [];
  });
  const reason: ModalityReason = {
    key: modality === 'north_south' ? 'north_south_mixed' : modality, core: core.map(named), backing, countries: countries.length,
    country: countries.length === 1 ? facts.countryName(countries[0]!) : null, south: [], north: [],
  };
  if (modality === 'domestic' && countries.length === 0) reason.key = 'unknown';
  if (modality === 'north_south') {
    if (countries.length <= 1) reason.key = countries.length === 0 ? 'north_south_unknown' : 'north_south_backed';
    reason.south = located.filter((party) => facts.isSouth(party.countryCode)).map(named);
    reason.north = located.filter((party) => !facts.isSouth(party.countryCode)).map(named);
  }
  return reason;
}

/**
 * The reason in plain words, in a language: "Maputo (Mozambique) and Durban (South Africa)
 * take part from 2 countries, all in the Global South, supported by the International Labour
 * Organization (an international organisation)."
 */
export function modalityReasonText(t: Translate, lang: string, reason: ModalityReason): string {
  const list = (items: string[]) => new Intl.ListFormat(lang, { type: 'conjunction' }).format(items);
  const parties = (named: NamedParty[]) => list(named.map((p) => (p.country === null ? p.name : t('partnerships.modalityReason.party', { name: p.name, country: p.country }))));
  const backing = list(reason.backing.map((b) => t(`partnerships.modalityReason.backing.${b.key}`, { name: b.name, country: b.country ?? '' })));
  return t(`partnerships.modalityReason.${reason.key}`, {
    core: parties(reason.core), backing, count: reason.countries, country: reason.country ?? '', south: parties(reason.south), north: parties(reason.north),
  });
}
