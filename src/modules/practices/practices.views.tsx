import { formatNumber, formatPeriod, Pager, vocabLabel } from '../../views/components.js';
import type { ViewContext } from '../../views/context.js';
import { Layout } from '../../views/layout.js';
import { MarkdownBlock } from '../../views/safe-html.js';
import { FACETS } from '../vocabularies/index.js';
import type { Practice } from './practices.domain.js';
import type { FacetCounts, PracticeList, PracticeListItem } from './practices.service.js';

const FACET_VOCABULARY = {
  pillars: 'pillars', critical_areas: 'critical_areas', challenges: 'challenges', sectors: 'sectors', target_groups: 'target_groups',
} as const;

function GoodPracticeMark({ ctx, criteriaMet }: { ctx: ViewContext; criteriaMet: number }) {
  return (
    <span class="mark" title={ctx.t('practice.goodPracticeHint')}>
      {ctx.t('practice.goodPractice', { count: criteriaMet })}
    </span>
  );
}

/** One practice in a list: title, where, summary, tags. Shared by every list of practices. */
export function PracticeCard({ ctx, practice, level = 3 }: { ctx: ViewContext; practice: PracticeListItem; level?: 2 | 3 }) {
  const { t } = ctx;
  const period = formatPeriod(ctx, practice.period);
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <article class="card">
      <Heading>
        <a href={`/practices/${practice.id}`} lang={practice.language !== ctx.lang ? practice.language : undefined}>
          {practice.title}
        </a>
      </Heading>
      <p class="meta">
        {practice.placeNames.join(', ')}
        {practice.placeNames.length > 0 ? ' · ' : ''}
        {vocabLabel(ctx, 'modalities', practice.modality)}
        {period !== null ? ` · ${period}` : ''}
        {practice.status !== 'published' ? ` · ${t(`status.${practice.status}`)}` : ''}
      </p>
      <p lang={practice.language !== ctx.lang ? practice.language : undefined}>{practice.summary}</p>
      {practice.goodPractice ? <GoodPracticeMark ctx={ctx} criteriaMet={practice.criteriaMet} /> : null}
    </article>
  );
}

/** A list of practice cards; `level` is the heading level that fits where the list stands. */
export function PracticeCards({ ctx, practices, level = 3 }: { ctx: ViewContext; practices: PracticeListItem[]; level?: 2 | 3 }) {
  if (practices.length === 0) return <p class="muted">{ctx.t('practices.none')}</p>;
  return (
    <div class="cards">
      {practices.map((practice) => (
        <PracticeCard ctx={ctx} practice={practice} level={level} />
      ))}
    </div>
  );
}

export interface FilterChoices {
  regions: { code: string; name: string }[];
}

function CheckboxGroup({ ctx, name, legend, options, chosen }: {
  ctx: ViewContext; name: string; legend: string; options: { value: string; label: string; count: number }[]; chosen: string[];
}) {
  if (options.length === 0) return null;
  return (
    <fieldset>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label>
          <input type="checkbox" name={name} value={option.value} checked={chosen.includes(option.value)} />{' '}
          {option.label} <span class="count">({formatNumber(ctx, option.count)})</span>
        </label>
      ))}
    </fieldset>
  );
}

/** The catalogue: filters with counts (a GET form, no JavaScript needed), results, pages. */
export function PracticeListPage({ ctx, list, facets, choices, params }: {
  ctx: ViewContext; list: PracticeList; facets: FacetCounts; choices: FilterChoices; params: URLSearchParams;
}) {
  const { t } = ctx;
  const f = list.filters;
  const regionName = new Map(choices.regions.map((r) => [r.code, r.name]));
  const withChosen = (counts: { value: string; count: number }[], chosen: string[] = []) => {
    const seen = new Set(counts.map((c) => c.value));
    return [...counts, ...chosen.filter((v) => !seen.has(v)).map((value) => ({ value, count: 0 }))];
  };
  const filtered = [...params.keys()].some((key) => key !== 'offset');
  return (
    <Layout ctx={ctx} title={t('practices.title')}>
      <h1>{t('practices.title')}</h1>
      <p class="lead">
        {t('practices.count', { count: list.total })}{' '}
        <a class="to-filters" href="#filters">
          {t('filters.jump')}
        </a>
      </p>
      <div class="catalogue">
        <form method="get" action="/practices" class="filters" id="filters" aria-label={t('filters.label')}>
          <details open>
            <summary>{t('filters.label')}</summary>
            {FACETS.map((facet) => (
              <CheckboxGroup
                ctx={ctx}
                name={facet}
                legend={t(`filters.${facet}`)}
                options={withChosen(facets[facet], f[facet]).map((c) => ({ ...c, label: vocabLabel(ctx, FACET_VOCABULARY[facet], c.value) }))}
                chosen={f[facet] ?? []}
              />
            ))}
            <CheckboxGroup
              ctx={ctx}
              name="modality"
              legend={t('filters.modality')}
              options={withChosen(facets.modality, f.modality).map((c) => ({ ...c, label: vocabLabel(ctx, 'modalities', c.value) }))}
              chosen={f.modality ?? []}
            />
            <CheckboxGroup
              ctx={ctx}
              name="region"
              legend={t('filters.region')}
              options={withChosen(facets.region, f.region)
                .filter((c) => regionName.has(c.value))
                .map((c) => ({ ...c, label: regionName.get(c.value) ?? c.value }))}
              chosen={f.region ?? []}
            />
            <CheckboxGroup
              ctx={ctx}
              name="country"
              legend={t('filters.country')}
              options={withChosen(facets.country, f.country).map((c) => ({ ...c, label: ctx.countryName(c.value) }))}
              chosen={f.country ?? []}
            />
            <fieldset>
              <legend>{t('filters.good_practice')}</legend>
              <label>
                <input type="checkbox" name="good_practice" value="true" checked={f.good_practice === true} />{' '}
                {t('filters.goodPracticeOnly')}{' '}
                <span class="count">({formatNumber(ctx, facets.good_practice.find((c) => c.value === 'true')?.count ?? 0)})</span>
              </label>
            </fieldset>
            <p class="actions">
              <button type="submit">{t('filters.apply')}</button>
              {filtered ? <a href="/practices">{t('filters.clear')}</a> : null}
            </p>
          </details>
        </form>
        <section class="results" aria-label={t('practices.results')}>
          <PracticeCards ctx={ctx} practices={list.items} level={2} />
          <Pager ctx={ctx} base="/practices" params={params} total={list.total} limit={list.limit} offset={list.offset} />
        </section>
      </div>
    </Layout>
  );
}

function TagList({ ctx, facet, codes }: { ctx: ViewContext; facet: (typeof FACETS)[number]; codes: string[] }) {
  if (codes.length === 0) return null;
  return (
    <div class="tags">
      <h3>{ctx.t(`filters.${facet}`)}</h3>
      <ul>
        {codes.map((code) => (
          <li>
            <a href={`/practices?${facet}=${encodeURIComponent(code)}`}>{vocabLabel(ctx, FACET_VOCABULARY[facet], code)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Everything a practice documents, with its places, partners and lineage both ways. */
export function PracticePage({ ctx, practice }: { ctx: ViewContext; practice: Practice }) {
  const { t } = ctx;
  const textLang = practice.language !== ctx.lang ? practice.language : undefined;
  const period = formatPeriod(ctx, practice.period);
  const evidenced = practice.criteria.filter((c) => c.evidence !== undefined && c.evidence.trim() !== '');
  const named = practice.criteria.filter((c) => c.evidence === undefined || c.evidence.trim() === '');
  return (
    <Layout ctx={ctx} title={practice.title} description={practice.summary}>
      <article class="practice">
        <header>
          <p class="kicker">{t('practice.kicker')}</p>
          <h1 lang={textLang}>{practice.title}</h1>
          <p class="meta">
            {practice.places.map((place, i) => (
              <>
                {i > 0 ? '; ' : ''}
                {place.placeId !== null ? <a href={`/places/${place.placeId}`}>{place.writtenAs ?? place.name}</a> : null}
                {place.placeId !== null ? ', ' : ''}
                {ctx.countryName(place.countryCode)}
              </>
            ))}
          </p>
          <p class="badges">
            {practice.goodPractice ? <GoodPracticeMark ctx={ctx} criteriaMet={practice.criteriaMet} /> : null}
            <span class="badge" title={t('practice.modalityHint')}>
              {vocabLabel(ctx, 'modalities', practice.modality)}
              {practice.modalityDerived ? ` (${t('practice.derived')})` : ''}
            </span>
            {period !== null ? <span class="badge">{period}</span> : null}
            {practice.status !== 'published' ? <span class="badge status">{t(`status.${practice.status}`)}</span> : null}
          </p>
          {textLang !== undefined ? <p class="note">{t('practice.writtenIn', { language: t(`languages.${practice.language}`, { defaultValue: practice.language }) })}</p> : null}
        </header>

        <p class="summary" lang={textLang}>
          {practice.summary}
        </p>
        {practice.body !== null ? <MarkdownBlock source={practice.body} lang={textLang} /> : null}

        {practice.results.length > 0 ? (
          <section>
            <h2>{t('practice.results')}</h2>
            <ul class="results-list" lang={textLang}>
              {practice.results.map((result) => (
                <li>
                  {result.value !== undefined ? (
                    <strong class="figure">
                      {formatNumber(ctx, result.value)}
                      {result.unit !== undefined ? ` ${result.unit}` : ''}
                    </strong>
                  ) : null}{' '}
                  {result.text}
                  {result.year !== undefined ? <span class="muted"> ({result.year})</span> : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        {practice.criteria.length > 0 ? (
          <section>
            <h2>{t('practice.criteria')}</h2>
            <p class="muted">{t('practice.criteriaMet', { count: practice.criteriaMet })}</p>
            <dl class="criteria">
              {evidenced.map((criterion) => (
                <>
                  <dt>{vocabLabel(ctx, 'criteria', criterion.code)}</dt>
                  <dd lang={textLang}>{criterion.evidence}</dd>
                </>
              ))}
              {named.map((criterion) => (
                <>
                  <dt>{vocabLabel(ctx, 'criteria', criterion.code)}</dt>
                  <dd class="muted">{t('practice.noEvidence')}</dd>
                </>
              ))}
            </dl>
          </section>
        ) : null}

        {practice.partners.length > 0 ? (
          <section>
            <h2>{t('practice.partners')}</h2>
            <ul class="partners">
              {practice.partners.map((partner) => (
                <li>
                  <a href={`/organisations/${partner.organisationId}`}>{partner.name}</a>
                  {partner.countryCode !== null ? `, ${ctx.countryName(partner.countryCode)}` : ''}
                  {partner.role !== null ? <span class="role"> — {vocabLabel(ctx, 'partner_roles', partner.role)}</span> : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        {practice.adaptedFrom !== null || practice.adaptedBy.length > 0 || practice.adaptedFromSourceId !== null ? (
          <section class="lineage">
            <h2>{t('practice.lineage')}</h2>
            {practice.adaptedFrom !== null ? (
              <p>
                {t('practice.adaptedFrom')}{' '}
                <a href={`/practices/${practice.adaptedFrom.id}`}>{practice.adaptedFrom.title}</a>
                {practice.adaptedFrom.places.length > 0 ? ` (${practice.adaptedFrom.places.join(', ')})` : ''}
              </p>
            ) : practice.adaptedFromSourceId !== null ? (
              <p class="muted">{t('practice.adaptedFromPending', { id: practice.adaptedFromSourceId })}</p>
            ) : null}
            {practice.adaptedBy.length > 0 ? (
              <>
                <p>{t('practice.adaptedBy')}</p>
                <ul>
                  {practice.adaptedBy.map((link) => (
                    <li>
                      <a href={`/practices/${link.id}`}>{link.title}</a>
                      {link.places.length > 0 ? ` (${link.places.join(', ')})` : ''}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
        ) : null}

        <section class="tagging">
          <h2>{t('practice.topics')}</h2>
          {FACETS.map((facet) => (
            <TagList ctx={ctx} facet={facet} codes={practice[facet === 'critical_areas' ? 'criticalAreas' : facet === 'target_groups' ? 'targetGroups' : facet]} />
          ))}
          {practice.keywords.length > 0 ? (
            <p class="keywords" lang={textLang}>
              <strong>{t('practice.keywords')}:</strong> {practice.keywords.join(', ')}
            </p>
          ) : null}
        </section>

        {practice.sources.length > 0 ? (
          <section>
            <h2>{t('practice.sources')}</h2>
            <ul>
              {practice.sources.map((source) => (
                <li>
                  <a href={source.url} rel="nofollow noopener">
                    {source.title ?? source.url}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        <footer class="provenance">
          <p class="muted">
            {t('practice.provenance', { source: practice.source, id: practice.sourceId })} ·{' '}
            <a href={`/api/v1/practices/${practice.id}`}>{t('practice.json')}</a>
          </p>
        </footer>
      </article>
    </Layout>
  );
}
