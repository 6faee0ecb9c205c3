import { describe, expect, it } from 'vitest';
import { deriveModality } from './practices.modality.js';

const SOUTH = new Set(['MZ', 'ZA', 'BR', 'ID', 'UY']);
const isSouth = (code: string) => SOUTH.has(code);
const derive = (places: string[], partners: { role?: string; kind?: string; country?: string }[] = []) =>
  deriveModality({ places: places.map((country) => ({ country })), partners }, isSouth);

describe('deriveModality', () => {
  it('one country is domestic', () => {
    expect(derive(['BR', 'BR'])).toBe('domestic');
    expect(derive(['ES'])).toBe('domestic');
  });

  it('an international organisation supporting a one-country practice keeps it domestic, whatever its seat', () => {
    expect(derive(['ID'], [{ name: 'ILO', kind: 'international_organisation', role: 'facilitating', country: 'CH' } as never])).toBe('domestic');
  });

  it('a Northern funder of a one-country Southern practice makes it north_south', () => {
    expect(derive(['MZ'], [{ role: 'funding', kind: 'national_government', country: 'NO' }])).toBe('north_south');
  });

  it('two Southern countries are south_south', () => {
    expect(derive(['MZ', 'ZA'])).toBe('south_south');
    expect(derive(['MZ'], [{ role: 'knowledge_provider', kind: 'local_government', country: 'ZA' }])).toBe('south_south');
  });

  it('South-South with a Northern funder or an international organisation is triangular', () => {
    expect(derive(['MZ', 'ZA'], [{ role: 'funding', country: 'NO' }])).toBe('triangular');
    expect(derive(['MZ', 'BR'], [{ role: 'facilitating', kind: 'international_organisation' }])).toBe('triangular');
    expect(derive(['MZ', 'BR'], [{ kind: 'donor_agency' }])).toBe('triangular');
  });

  it('a Southern facilitator does not make South-South triangular', () => {
    expect(derive(['MZ', 'ZA'], [{ role: 'facilitating', kind: 'network_association', country: 'BR' }])).toBe('south_south');
  });

  it('Northern countries together are north_north; North with South is north_south', () => {
    expect(derive(['ES', 'NO'])).toBe('north_north');
    expect(derive(['ES', 'MZ'])).toBe('north_south');
    expect(derive(['MZ'], [{ role: 'lead', kind: 'local_government', country: 'ES' }])).toBe('north_south');
  });
});
