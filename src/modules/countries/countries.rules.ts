import type { GlobalSouthRule } from '../../config.js';

export interface M49Facts {
  code: string;
  regionCode: string | null;
  subregionCode: string | null;
}

const M49 = { africa: '002', americas: '019', latinAmericaCaribbean: '419', asia: '142', oceania: '009' } as const;
const UNCTAD_DEVELOPED_IN_SOUTHERN_REGIONS = new Set(['IL', 'JP', 'KR', 'AU', 'NZ']);

/**
 * Is a country in the Global South under the configured rule? There is no single convention;
 * UNCTAD's, the default, counts Africa, Latin America and the Caribbean, Asia except Israel,
 * Japan and the Republic of Korea, and Oceania except Australia and New Zealand as developing.
 * It is computed from UN M49 codes, so it needs no list of its own. (docs/adr/0005)
 */
export function isGlobalSouth(country: M49Facts, rule: GlobalSouthRule): boolean {
  switch (rule) {
    case 'unctad': {
      if (UNCTAD_DEVELOPED_IN_SOUTHERN_REGIONS.has(country.code)) return false;
      if (country.regionCode === M49.africa || country.regionCode === M49.asia || country.regionCode === M49.oceania) return true;
      return country.regionCode === M49.americas && country.subregionCode === M49.latinAmericaCaribbean;
    }
  }
}
