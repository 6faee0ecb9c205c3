import type { SearchItem, SearchResult } from './search.service.js';

export const MARK_START = '\u0002';
export const MARK_END = '\u0003';

/** Splits a snippet with highlight marks into plain and highlighted parts, for rendering. */
export function snippetParts(snippet: string): { text: string; highlighted: boolean }[] {
  const parts: { text: string; highlighted: boolean }[] = [];
  let highlighted = false;
  // The marks are control characters on purpose: no text a person writes contains them.
  // eslint-disable-next-line no-control-regex
  for (const piece of snippet.split(/([\u0002\u0003])/)) {
    if (piece === MARK_START) highlighted = true;
    else if (piece === MARK_END) highlighted = false;
    else if (piece !== '') parts.push({ text: piece, highlighted });
  }
  return parts;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** A snippet as escaped HTML whose only markup is <mark>, for API clients. */
export function snippetHtml(snippet: string): string {
  return snippetParts(snippet)
    .map((part) => {
      const text = part.text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
      return part.highlighted ? `<mark>${text}</mark>` : text;
    })
    .join('');
}

function presentItem(item: SearchItem) {
  switch (item.type) {
    case 'practice':
      return {
        type: item.type, id: item.id, title: item.title, score: round(item.score), snippet: snippetHtml(item.snippet), url: `/practices/${item.id}`,
        source: item.source, sourceId: item.sourceId, language: item.language, places: item.placeNames, countries: item.countryCodes,
        modality: item.modality, goodPractice: item.goodPractice, criteriaMet: item.criteriaMet,
      };
    case 'place':
      return { type: item.type, id: item.id, title: item.title, score: round(item.score), snippet: snippetHtml(item.snippet), url: `/places/${item.id}`, country: item.countryCode, population: item.population };
    case 'organisation':
      return { type: item.type, id: item.id, title: item.title, score: round(item.score), snippet: snippetHtml(item.snippet), url: `/organisations/${item.id}`, country: item.countryCode, kind: item.kind };
  }
}

function round(score: number): number {
  return Math.round(score * 10000) / 10000;
}

/** The API's shape of a search result. */
export function presentSearch(result: SearchResult) {
  return {
    q: result.q,
    items: result.items.map(presentItem),
    total: result.total,
    limit: result.limit,
    offset: result.offset,
    facets: result.facets,
    concepts: result.concepts,
    mode: result.mode,
    approximate: result.approximate,
  };
}
