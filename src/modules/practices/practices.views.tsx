import { formatNumber, formatPeriod, Pager, vocabLabel } from '../../views/components.js';
import { CsrfField } from '../../views/csrf.js';
import type { ViewContext } from '../../views/context.js';
import { Layout } from '../../views/layout.js';
import { MarkdownBlock } from '../../views/safe-html.js';
import { codesOf, FACETS } from '../vocabularies/index.js';
import type { Practice } from './practices.domain.js';
import { list, type PracticeForm } from './practices.form.js';
import { PRACTICES_CSV_FILENAME } from './practices.presenter.js';
import type { FacetCounts, PracticeList, PracticeListItem } from './practices.service.js';
import { ErrorSummary, Field, OwnerField, type FormError } from '../../views/form.js';

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
export function PracticeListPage({ ctx, list, facets, choices, params, csvHref, approximate = false }: {
  ctx: ViewContext; list: PracticeList; facets: FacetCounts; choices: FilterChoices; params: URLSearchParams;
  /** True when the total and the filter counts were counted on a sample (a large catalogue). */
  approximate?: boolean;
  /** The CSV download of the same selection (GET /api/v1/practices.csv with these filters). */
  csvHref: string;
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
        {t(approximate ? 'practices.countAbout' : 'practices.count', { count: list.total })}{' '}
        <a class="to-filters" href="#filters">
          {t('filters.jump')}
        </a>{' '}
        · <a class="download" href={csvHref} download={PRACTICES_CSV_FILENAME} type="text/csv">
          {t('practices.downloadCsv')}
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
export function PracticePage({ ctx, practice, actions }: { ctx: ViewContext; practice: Practice; actions?: { edit: boolean; history: boolean; transitions: string[] } | undefined }) {
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
            {practice.state !== 'published' ? <span class="badge status">{t(`status.${practice.state}`)}</span> : null}
          </p>
          {textLang !== undefined ? <p class="note">{t('practice.writtenIn', { language: t(`languages.${practice.language}`, { defaultValue: practice.language }) })}</p> : null}
          {ctx.member !== null ? (
            <p class="actions">
              <a href={`/needs/new?practice=${practice.id}`}>{t('needs.learnFromThis')}</a>
            </p>
          ) : null}
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

        {actions !== undefined ? <CurationActions ctx={ctx} practice={practice} actions={actions} /> : null}

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

/** A line of the form's error summary: the field (exchange-format path) and why. */
export type { FormError };



/**
 * The form that writes a practice (new or edit): the exchange format's fields, plain HTML, no
 * JavaScript. It shows what was typed after a refused save, with the reasons, and a conflict
 * (someone saved in between) without losing the typing.
 */
export function PracticeFormPage({ ctx, action, heading, form, version, errors, conflict, organisations, current }: {
  ctx: ViewContext; action: string; heading: string; form: PracticeForm; version: number | null; errors: FormError[]; conflict: number | null;
  organisations: { id: string; name: string }[]; current?: Practice | undefined;
}) {
  const { t } = ctx;
  const value = (name: string) => {
    const v = form[name];
    return Array.isArray(v) ? v.join(', ') : (v ?? '');
  };
  const chosen = (name: string) => list(form, name);
  return (
    <Layout ctx={ctx} title={heading}>
      <h1>{heading}</h1>
      {current !== undefined && current.reviewComment !== null ? (
        <p class="note">
          <strong>{t('curation.reviewComment')}:</strong> {current.reviewComment}
        </p>
      ) : null}
      <ErrorSummary ctx={ctx} errors={errors} conflict={conflict} />
      <form method="post" action={action} class="record-form">
        <CsrfField ctx={ctx} />
        {version !== null ? <input type="hidden" name="version" value={String(version)} /> : null}
        <Field id="f-title" label={t('form.practice.title')}>
          <input id="f-title" name="title" type="text" value={value('title')} required maxLength={300} />
        </Field>
        <Field id="f-summary" label={t('form.practice.summary')}>
          <textarea id="f-summary" name="summary" rows={3} required>{value('summary')}</textarea>
        </Field>
        <Field id="f-body" label={t('form.practice.body')} hint={t('form.practice.bodyHint')}>
          <textarea id="f-body" name="body" rows={8} aria-describedby="f-body-hint">{value('body')}</textarea>
        </Field>
        <Field id="f-language" label={t('form.practice.language')}>
          <select id="f-language" name="language">
            {['en', 'fr', 'es', 'pt'].map((lang) => (
              <option value={lang} selected={value('language') === lang}>
                {t(`languages.${lang}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="f-places" label={t('form.practice.places')} hint={t('form.practice.placesHint')}>
          <textarea id="f-places" name="places" rows={3} aria-describedby="f-places-hint">{value('places')}</textarea>
        </Field>
        <Field id="f-partners" label={t('form.practice.partners')} hint={t('form.practice.partnersHint')}>
          <textarea id="f-partners" name="partners" rows={3} aria-describedby="f-partners-hint">{value('partners')}</textarea>
        </Field>
        <Field id="f-modality" label={t('filters.modality')} hint={t('form.practice.modalityHint')}>
          <select id="f-modality" name="modality" aria-describedby="f-modality-hint">
            <option value="">{t('form.practice.modalityDerived')}</option>
            {codesOf('modalities').map((code) => (
              <option value={code} selected={value('modality') === code}>
                {vocabLabel(ctx, 'modalities', code)}
              </option>
            ))}
          </select>
        </Field>
        {FACETS.map((facet) => (
          <fieldset>
            <legend>{t(`filters.${facet}`)}</legend>
            {codesOf(FACET_VOCABULARY[facet]).map((code) => (
              <label class="choice">
                <input type="checkbox" name={facet} value={code} checked={chosen(facet).includes(code)} /> {vocabLabel(ctx, FACET_VOCABULARY[facet], code)}
              </label>
            ))}
          </fieldset>
        ))}
        <fieldset>
          <legend>{t('practice.criteria')}</legend>
          <p class="hint">{t('form.practice.criteriaHint')}</p>
          {codesOf('criteria').map((code) => (
            <div class="criterion">
              <label class="choice">
                <input type="checkbox" name="criteria" value={code} checked={chosen('criteria').includes(code)} /> {vocabLabel(ctx, 'criteria', code)}
              </label>
              <label for={`f-evidence-${code}`} class="visually-hidden">
                {t('form.practice.evidence', { criterion: vocabLabel(ctx, 'criteria', code) })}
              </label>
              <textarea id={`f-evidence-${code}`} name={`evidence_${code}`} rows={2}>{value(`evidence_${code}`)}</textarea>
            </div>
          ))}
        </fieldset>
        <Field id="f-results" label={t('practice.results')} hint={t('form.practice.resultsHint')}>
          <textarea id="f-results" name="results" rows={3} aria-describedby="f-results-hint">{value('results')}</textarea>
        </Field>
        <Field id="f-keywords" label={t('practice.keywords')} hint={t('form.practice.keywordsHint')}>
          <input id="f-keywords" name="keywords" type="text" value={value('keywords')} aria-describedby="f-keywords-hint" />
        </Field>
        <Field id="f-period-start" label={t('form.practice.periodStart')}>
          <input id="f-period-start" name="period_start" type="text" value={value('period_start')} maxLength={10} />
        </Field>
        <Field id="f-period-end" label={t('form.practice.periodEnd')}>
          <input id="f-period-end" name="period_end" type="text" value={value('period_end')} maxLength={10} />
        </Field>
        <Field id="f-adapted" label={t('form.practice.adaptedFrom')} hint={t('form.practice.adaptedFromHint')}>
          <input id="f-adapted" name="adapted_from" type="text" value={value('adapted_from')} aria-describedby="f-adapted-hint" />
        </Field>
        <Field id="f-sources" label={t('practice.sources')} hint={t('form.practice.sourcesHint')}>
          <textarea id="f-sources" name="sources" rows={2} aria-describedby="f-sources-hint">{value('sources')}</textarea>
        </Field>
        <OwnerField id="f-owner" label={t('form.practice.owner')} noneLabel={t('form.practice.ownerNone')} organisations={organisations} selected={value('owner_organisation_id')} />
        <p class="actions">
          <button type="submit">{t('form.save')}</button>
          <a href={current !== undefined ? `/practices/${current.id}` : '/practices'}>{t('form.cancel')}</a>
        </p>
      </form>
    </Layout>
  );
}

/** What the actor may do to a practice, as POST forms and links (no JavaScript). */
export function CurationActions({ ctx, practice, actions }: { ctx: ViewContext; practice: Practice; actions: { edit: boolean; history: boolean; transitions: string[] } }) {
  const { t } = ctx;
  if (!actions.edit && !actions.history && actions.transitions.length === 0) return null;
  return (
    <section class="curation" aria-label={t('curation.label')}>
      <h2>{t('curation.label')}</h2>
      <p class="meta">
        {t('curation.state', { state: t(`status.${practice.state}`), version: practice.version })}
      </p>
      {practice.reviewComment !== null ? (
        <p class="note">
          <strong>{t('curation.reviewComment')}:</strong> {practice.reviewComment}
        </p>
      ) : null}
      <p class="actions">
        {actions.edit ? <a href={`/practices/${practice.id}/edit`}>{t('curation.edit')}</a> : null}
        {actions.history ? <a href={`/practices/${practice.id}/history`}>{t('curation.history')}</a> : null}
      </p>
      {actions.transitions.map((target) => (
        <form method="post" action={`/practices/${practice.id}/status`} class="transition">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="status" value={target} />
          <input type="hidden" name="version" value={String(practice.version)} />
          {target === 'draft' && practice.state !== 'deleted' ? (
            <>
              <label for={`note-${target}`}>{t('curation.note')}</label>
              <textarea id={`note-${target}`} name="note" rows={2} />
            </>
          ) : null}
          <button type="submit">{t(`curation.to.${practice.state === 'deleted' && target === 'draft' ? 'restore' : target}`)}</button>
        </form>
      ))}
    </section>
  );
}
