import type { Translate } from '../../platform/i18n/i18n.js';
import { presentPlace } from '../places/index.js';
import { presentPracticeItem } from '../practices/index.js';
import type { Explanation, MatchContext, PlaceMatch, PracticeMatch } from './match.service.js';

function compact(lang: string, value: number): string {
  return new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

function languageNames(lang: string, codes: string): string {
  const names = new Intl.DisplayNames([lang], { type: 'language' });
  return codes
    .split(', ')
    .filter((c) => c !== '')
    .map((code) => {
      try {
        return names.of(code) ?? code;
      } catch {
        return code;
      }
    })
    .join(', ');
}

/**
 * One reason in plain words, in the reader's language. Takes any factor in the explanations'
 * shape (the needs module adds factors of its own and words the ones it knows first); an
 * unknown factor reads as its name.
 */
export function explanationText(e: Pick<Explanation, 'value' | 'params'> & { factor: string }, t: Translate, lang: string): string {
  const p = e.params;
  const list = (vocabulary: string, raw: string | number | undefined) =>
    String(raw ?? '')
      .split(',')
      .filter((c) => c !== '')
      .map((code) => t(`vocab.${vocabulary}.${code}`, { defaultValue: code }))
      .join(', ');
  switch (e.factor) {
    case 'topic':
      return t('match.why.topic', { percent: Math.round(e.value * 100) });
    case 'size':
      return t(e.value >= 0.5 ? 'match.why.sizeSimilar' : 'match.why.sizeDifferent', { mine: compact(lang, Number(p.mine)), theirs: compact(lang, Number(p.theirs)) });
    case 'region':
      return t(p.same === 'subregion' ? 'match.why.sameSubregion' : p.same === 'region' ? 'match.why.sameRegion' : 'match.why.otherRegion', { region: p.region });
    case 'south':
      return t(e.value === 1 ? (p.south === 'yes' ? 'match.why.bothSouth' : 'match.why.bothNorth') : 'match.why.southDiffers');
    case 'ldc':
      return t(e.value === 1 ? (p.ldc === 'yes' ? 'match.why.bothLdc' : 'match.why.neitherLdc') : 'match.why.ldcDiffers');
    case 'language':
      return e.value === 1 ? t('match.why.sharedLanguage', { languages: languageNames(lang, String(p.languages)) }) : t('match.why.noSharedLanguage');
    case 'sectors':
      return e.value > 0 ? t('match.why.sharedSectors', { sectors: list('sectors', p.shared) }) : t('match.why.noSharedSector');
    case 'challenges':
      return e.value > 0 ? t('match.why.sharedChallenges', { challenges: list('challenges', p.shared) }) : t('match.why.noSharedChallenge');
    case 'criteria':
      return p.mark === 'yes' ? t('match.why.goodPractice', { count: Number(p.count) }) : t('match.why.criteria', { count: Number(p.count) });
    case 'results':
      return t('match.why.results', { count: Number(p.count) });
    case 'adaptations':
      return t('match.why.adaptations', { count: Number(p.count) });
    default:
      return e.factor;
  }
}

function presentExplanation(explanation: Explanation[], t: Translate, lang: string) {
  return explanation.map((e) => ({
    factor: e.factor,
    value: round(e.value),
    weight: round(e.weight),
    contribution: round(e.contribution),
    text: explanationText(e, t, lang),
  }));
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

function presentContext(context: MatchContext) {
  return { place: context.place?.id ?? null, country: context.countryCode, population: context.population, sectors: context.sectors, challenges: context.challenges };
}

export function presentPracticeMatches(result: { context: MatchContext; items: PracticeMatch[] }, t: Translate, lang: string) {
  return {
    context: presentContext(result.context),
    items: result.items.map((m) => ({ practice: presentPracticeItem(m.practice), score: round(m.score), explanation: presentExplanation(m.explanation, t, lang) })),
  };
}

export function presentPlaceMatches(result: { context: MatchContext; items: PlaceMatch[] }, t: Translate, lang: string, countryName: (code: string) => string) {
  return {
    context: presentContext(result.context),
    items: result.items.map((m) => ({ place: presentPlace(m.place, countryName), practices: m.practices, score: round(m.score), explanation: presentExplanation(m.explanation, t, lang) })),
  };
}
