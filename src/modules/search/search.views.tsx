import { formatNumber, Pager, vocabLabel } from '../../views/components.js';
import type { ViewContext } from '../../views/context.js';
import { Layout } from '../../views/layout.js';
import { snippetParts } from './search.presenter.js';
import type { SearchItem, SearchResult } from './search.service.js';

/** A snippet with its matches in <mark>: built from parts by JSX, so every character is escaped. */
export function Snippet({ text, lang }: { text: string; lang?: string | undefined }) {
  return (
    <p class="snippet" lang={lang}>
      {snippetParts(text).map((part) => (part.highlighted ? <mark>{part.text}</mark> : part.text))}
    </p>
  );
}

function ResultCard({ ctx, item }: { ctx: ViewContext; item: SearchItem }) {
  const { t } = ctx;
  switch (item.type) {
    case 'practice': {
      const lang = item.language !== ctx.lang ? item.language : undefined;
      return (
        <article class="card">
          <p class="kicker">{t('search.types.practice')}</p>
          <h2>
            <a href={`/practices/${item.id}`} lang={lang}>
              {item.title}
            </a>
          </h2>
          <p class="meta">
            {item.placeNames.join(', ')} · {vocabLabel(ctx, 'modalities', item.modality)}
            {lang !== undefined ? ` · ${t(`languages.${item.language}`, { defaultValue: item.language })}` : ''}
          </p>
          <Snippet text={item.snippet} lang={lang} />
          {item.goodPractice ? <span class="mark">{t('practice.goodPractice', { count: item.criteriaMet })}</span> : null}
        </article>
      );
    }
    case 'place':
      return (
        <article class="card">
          <p class="kicker">{t('search.types.place')}</p>
          <h2>
            <a href={`/places/${item.id}`}>{item.title}</a>
          </h2>
          <p class="meta">
            {ctx.countryName(item.countryCode)}
            {item.population !== null ? ` · ${t('place.inhabitants', { count: item.population, formatted: formatNumber(ctx, item.population) })}` : ''}
          </p>
        </article>
      );
    case 'organisation':
      return (
        <article class="card">
          <p class="kicker">{t('search.types.organisation')}</p>
          <h2>
            <a href={`/organisations/${item.id}`}>{item.title}</a>
          </h2>
          <p class="meta">
            {item.kind !== null ? vocabLabel(ctx, 'organisation_kinds', item.kind) : ''}
            {item.countryCode !== null ? `${item.kind !== null ? ' · ' : ''}${ctx.countryName(item.countryCode)}` : ''}
          </p>
        </article>
      );
  }
}

const FACET_VOCABULARY: Record<string, string> = {
  pillars: 'pillars', critical_areas: 'critical_areas', challenges: 'challenges', sectors: 'sectors', target_groups: 'target_groups', modality: 'modalities',
};

/** The search page: the box, what the query was read as, type tabs, facets as links, results. */
export function SearchPage({ ctx, result, type, params, conceptLabels }: {
  ctx: ViewContext; result: SearchResult; type: string | undefined; params: URLSearchParams; conceptLabels: string[];
}) {
  const { t } = ctx;
  const withParam = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    next.delete('offset');
    if (value === undefined) next.delete(name);
    else next.set(name, value);
    return `/search?${next.toString()}`;
  };
  const tabs: [string | undefined, string][] = [[undefined, t('search.types.all')], ['practice', t('search.types.practices')], ['place', t('search.types.places')], ['organisation', t('search.types.organisations')]];
  return (
    <Layout ctx={ctx} title={result.q === '' ? t('search.title') : t('search.titleFor', { q: result.q })}>
      <h1>{t('search.title')}</h1>
      <form method="get" action="/search" class="search" role="search">
        <label for="search-q">{t('search.label')}</label>
        <input id="search-q" type="search" name="q" value={result.q} maxLength={500} />
        {type !== undefined ? <input type="hidden" name="type" value={type} /> : null}
        <button type="submit">{t('search.submit')}</button>
      </form>
      {conceptLabels.length > 0 ? <p class="note">{t('search.expanded', { concepts: conceptLabels.join('; ') })}</p> : null}
      <nav class="tabs" aria-label={t('search.typesLabel')}>
        {tabs.map(([value, label]) => (
          <a href={withParam('type', value)} aria-current={value === type ? 'page' : undefined}>
            {label}
          </a>
        ))}
      </nav>
      <p class="lead">{t(result.approximate ? 'search.countAbout' : 'search.count', { count: result.total })}</p>
      {result.mode === 'any' && result.total > 0 ? <p class="muted">{t('search.widened')}</p> : null}
      <div class="catalogue">
        {result.facets !== null ? (
          <aside class="filters" aria-label={t('filters.label')}>
            {(['pillars', 'sectors', 'target_groups', 'modality'] as const).map((facet) =>
              result.facets![facet].length > 0 ? (
                <section>
                  <h2 class="facet">{t(`filters.${facet}`)}</h2>
                  <ul>
                    {result.facets![facet].slice(0, 8).map((c) => (
                      <li>
                        <a href={withParam(facet, c.value)}>{vocabLabel(ctx, FACET_VOCABULARY[facet]!, c.value)}</a> <span class="count">({formatNumber(ctx, c.count)})</span>
                      </li>
                    ))}
                  </ul>
                </section>
              ) : null,
            )}
          </aside>
        ) : null}
        <section class="results" aria-label={t('search.results')}>
          {result.items.length === 0 ? <p class="muted">{t('search.none')}</p> : null}
          <div class="cards">
            {result.items.map((item) => (
              <ResultCard ctx={ctx} item={item} />
            ))}
          </div>
          <Pager ctx={ctx} base="/search" params={params} total={result.total} limit={result.limit} offset={result.offset} />
        </section>
      </div>
    </Layout>
  );
}
