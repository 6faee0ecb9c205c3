import { describe, expect, it } from 'vitest';
import { readCountryFile } from './countries.service.js';

describe('countries from reference/country-codes.csv', () => {
  const countries = readCountryFile('unctad');
  const byCode = new Map(countries.map((c) => [c.code, c]));

  it('reads the countries with M49 regions and names in four languages', () => {
    expect(countries.length).toBeGreaterThanOrEqual(245);
    const mz = byCode.get('MZ');
    expect(mz).toMatchObject({ alpha3: 'MOZ', numericCode: '508', regionCode: '002', subregionCode: '202', ldc: true });
    expect(mz?.names).toMatchObject({ en: 'Mozambique', pt: 'Moçambique', fr: 'Mozambique', es: 'Mozambique' });
    expect(byCode.get('FJ')?.sids).toBe(true);
    expect(byCode.get('BO')?.lldc).toBe(true);
  });

  it('classifies the Global South by the UNCTAD rule', () => {
    const south = (code: string) => byCode.get(code)?.globalSouth;
    for (const code of ['MZ', 'ZA', 'BR', 'UY', 'MX', 'ID', 'IN', 'CN', 'MA', 'TZ', 'GH', 'FJ', 'PG', 'HT']) expect(south(code), code).toBe(true);
    for (const code of ['IL', 'JP', 'KR', 'AU', 'NZ', 'US', 'CA', 'ES', 'NO', 'CH', 'DE']) expect(south(code), code).toBe(false);
    expect(byCode.get('MZ')?.globalSouthRule).toBe('unctad');
  });
});
