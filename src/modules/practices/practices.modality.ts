/**
 * How a practice's modality is derived when its record does not state one. Written down in
 * docs/adr/0006-modality-rule.md; each branch has a test.
 *
 * 1. The *core* parties are the practice's places and its partners that take part in the
 *    exchange itself (lead, implementing, knowledge provider, beneficiary, or no role given).
 *    The *supporters* are partners that fund or facilitate, and international organisations
 *    and donor agencies whatever their role. An international organisation's country (its
 *    seat) is not counted as North or South.
 * 2. Core countries all in one country (and every supporter with a country there too, or an
 *    international organisation) → domestic. A supporter from a country outside the South
 *    backing a one-country Southern practice makes it north_south.
 * 3. Core countries all in the South, two or more of them → south_south; with a supporter
 *    from outside the South, or an international organisation or donor agency → triangular.
 * 4. Core countries all outside the South, two or more → north_north; one → domestic.
 * 5. Core countries mixing South and non-South → north_south.
 */
export type Modality = 'south_south' | 'triangular' | 'north_south' | 'north_north' | 'domestic';

export interface ModalityInput {
  places: { country: string }[];
  partners: { role?: string | undefined; kind?: string | undefined; country?: string | undefined }[];
}

const SUPPORT_ROLES = new Set(['funding', 'facilitating']);
const SUPPORT_KINDS = new Set(['international_organisation', 'donor_agency']);

export function deriveModality(input: ModalityInput, isSouth: (country: string) => boolean): Modality {
  const core = new Set(input.places.map((place) => place.country));
  const supporters: { country?: string | undefined; kind?: string | undefined }[] = [];
  for (const partner of input.partners) {
    const supports = (partner.role !== undefined && SUPPORT_ROLES.has(partner.role)) || (partner.kind !== undefined && SUPPORT_KINDS.has(partner.kind));
    if (supports) supporters.push(partner);
    else if (partner.country !== undefined) core.add(partner.country);
  }
  const coreCountries = [...core];
  const southern = coreCountries.filter(isSouth);
  const allSouth = southern.length === coreCountries.length;
  const noneSouth = southern.length === 0;
  // An international organisation's seat says nothing of North or South: only its kind counts.
  const northernSupport = supporters.some(
    (s) => s.country !== undefined && s.kind !== 'international_organisation' && !isSouth(s.country),
  );
  const institutionalSupport = supporters.some((s) => s.kind !== undefined && SUPPORT_KINDS.has(s.kind));

  if (coreCountries.length <= 1) {
    if (allSouth && northernSupport) return 'north_south';
    return 'domestic';
  }
  if (allSouth) return northernSupport || institutionalSupport ? 'triangular' : 'south_south';
  if (noneSouth) return 'north_north';
  return 'north_south';
}
