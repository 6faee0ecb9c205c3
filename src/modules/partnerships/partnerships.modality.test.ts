import { describe, expect, it } from 'vitest';
import { createI18n } from '../../platform/i18n/i18n.js';
import { derivePartnershipModality, modalityReasonText, type ModalityParty } from './partnerships.modality.js';

const SOUTH = new Set(['MZ', 'ZA', 'BR']);
const NAMES: Record<string, string> = { MZ: 'Mozambique', ZA: 'South Africa', BR: 'Brazil', NO: 'Norway', ES: 'Spain', CH: 'Switzerland' };
const facts = { isSouth: (code: string) => SOUTH.has(code), countryName: (code: string) => NAMES[code] ?? code };
const t = createI18n().translator('en');

const maputo: ModalityParty = { name: 'Maputo', role: 'beneficiary', kind: null, countryCode: 'MZ' };
const durban: ModalityParty = { name: 'Durban', role: 'provider', kind: null, countryCode: 'ZA' };
const ilo: ModalityParty = { name: 'International Labour Organization', role: 'facilitator', kind: 'international_organisation', countryCode: 'CH' };
const norway: ModalityParty = { name: 'Norwegian Ministry of Foreign Affairs', role: 'funder', kind: 'national_government', countryCode: 'NO' };

const derive = (parties: ModalityParty[]) => {
  const { modality, reason } = derivePartnershipModality(parties, facts);
  return { modality, text: modalityReasonText(t, 'en', reason) };
};

describe('a partnership’s modality, derived from its parties', () => {
  it('Maputo–Durban with the ILO as facilitator is triangular, and says who supports the pair', () => {
    const { modality, text } = derive([maputo, durban, ilo]);
    expect(modality).toBe('triangular');
    expect(text).toBe('Maputo (Mozambique) and Durban (South Africa) take part from 2 countries, all in the Global South, supported by International Labour Organization, an international organisation.');
  });

  it('Maputo–Durban alone is south_south', () => {
    const { modality, text } = derive([maputo, durban]);
    expect(modality).toBe('south_south');
    expect(text).toContain('with no facilitator or funder from outside the South');
  });

  it('a Northern funder makes a South–South pair triangular', () => {
    const { modality, text } = derive([maputo, durban, norway]);
    expect(modality).toBe('triangular');
    expect(text).toContain('Norwegian Ministry of Foreign Affairs, from Norway outside the Global South');
  });

  it('a funder from the South leaves the pair south_south; a donor agency makes it triangular (the practices’ rule)', () => {
    expect(derive([maputo, durban, { name: 'Belo Horizonte', role: 'funder', kind: null, countryCode: 'BR' }]).modality).toBe('south_south');
    expect(derive([maputo, durban, { name: 'A development agency', role: 'peer', kind: 'donor_agency', countryCode: 'BR' }]).modality).toBe('triangular');
  });

  it('a Northern funder of one Southern country is north_south', () => {
    const { modality, text } = derive([maputo, { name: 'Matola', role: 'peer', kind: null, countryCode: 'MZ' }, norway]);
    expect(modality).toBe('north_south');
    expect(text).toBe('Maputo (Mozambique) and Matola (Mozambique) take part from Mozambique, in the Global South, supported by Norwegian Ministry of Foreign Affairs, from Norway outside the Global South.');
  });

  it('parties in and outside the South are north_south', () => {
    const { modality, text } = derive([maputo, { name: 'Barcelona', role: 'provider', kind: null, countryCode: 'ES' }]);
    expect(modality).toBe('north_south');
    expect(text).toBe('Maputo (Mozambique), in the Global South, work with Barcelona (Spain), outside it.');
  });

  it('parties all outside the South in two countries are north_north', () => {
    expect(derive([{ name: 'Barcelona', role: 'peer', kind: null, countryCode: 'ES' }, { name: 'Oslo', role: 'peer', kind: null, countryCode: 'NO' }]).modality).toBe('north_north');
  });

  it('one country is domestic, even with an international organisation', () => {
    const { modality, text } = derive([maputo, { name: 'Beira', role: 'peer', kind: null, countryCode: 'MZ' }, ilo]);
    expect(modality).toBe('domestic');
    expect(text).toBe('Maputo (Mozambique) and Beira (Mozambique) all take part from one country, Mozambique.');
  });

  it('parties of unknown countries are domestic, and the reason says the countries are not known', () => {
    const { modality, text } = derive([{ name: 'A union', role: 'peer', kind: 'workers_organisation', countryCode: null }, { name: 'A cooperative', role: 'peer', kind: 'cooperative_sse', countryCode: null }]);
    expect(modality).toBe('domestic');
    expect(text).toContain('are not known');
  });
});
