import type { RecordState } from '../../platform/auth/permissions.js';
import { Pager } from '../../views/components.js';
import type { ViewContext } from '../../views/context.js';
import { CsrfField } from '../../views/csrf.js';
import { Layout } from '../../views/layout.js';
import { formatDay, LifecycleActions, TimelineSection, type StateChange } from '../lifecycle/index.js';
import { CHART_HEIGHT, CHART_WIDTH, type ChartLabels } from './results.chart.js';
import { MEASURES, type DatedValue, type Indicator, type Outcome } from './results.domain.js';
import type { IndicatorForm, SeriesForm } from './results.form.js';
import { chartPath, indicatorPath } from './results.presenter.js';
import type { ResultsFramework } from './results.service.js';
import { Field, OwnerField, type FormError } from '../../views/form.js';

/** A problem with a form, as the service named it. */
export type { FormError };

/** What a refused form shows: the reasons, or the version someone else saved. */
export interface FormFailure {
  errors: FormError[];
  conflict: number | null;
  status: number;
}

// Words and numbers -----------------------------------------------------------------------------

function formatValue(ctx: ViewContext, value: number | null): string {
  return value === null ? '—' : new Intl.NumberFormat(ctx.lang, { maximumFractionDigits: 2 }).format(value);
}

/** A value with the indicator's unit: "45%", "9 vendors". */
export function valueWithUnit(ctx: ViewContext, indicator: Pick<Indicator, 'unit'>, value: number): string {
  const number = formatValue(ctx, value);
  return indicator.unit === '%' ? `${number}%` : `${number} ${indicator.unit}`;
}

/**
 * The chart's text alternative: one paragraph saying where the indicator started, where it is,
 * and where it should get to. The page gives it as the image's alt text; the SVG as its <desc>.
 */
export function chartSummary(ctx: ViewContext, indicator: Indicator): string {
  const { t } = ctx;
  const v = (value: number) => valueWithUnit(ctx, indicator, value);
  const parts = [t('results.summary.intro', { title: indicator.title })];
  const { baseline, latest, nextTarget } = indicator;
  if (baseline !== null && baseline.value !== null) {
    parts.push(baseline.date !== null ? t('results.summary.baseline', { value: v(baseline.value), date: formatDay(ctx, baseline.date) }) : t('results.summary.baselineUndated', { value: v(baseline.value) }));
  }
  if (latest !== null) {
    parts.push(t('results.summary.latest', { value: v(latest.value), date: formatDay(ctx, latest.date) }));
    if (indicator.bySex && (latest.women !== null || latest.men !== null)) {
      parts.push(t('results.summary.split', { women: formatValue(ctx, latest.women), men: formatValue(ctx, latest.men) }));
    }
  }
  if (nextTarget !== null) parts.push(t('results.summary.target', { value: v(nextTarget.value), date: formatDay(ctx, nextTarget.date) }));
  if (indicator.progress !== null) parts.push(t('results.summary.progress', { progress: formatValue(ctx, indicator.progress) }));
  if ((baseline === null || baseline.value === null) && latest === null && nextTarget === null) parts.push(t('results.summary.none'));
  if (indicator.measurements.length + indicator.targets.length > 0) {
    parts.push(t('results.summary.counts', { measurements: indicator.measurements.length, targets: indicator.targets.length }));
  }
  return parts.join(' ');
}

/** The chart's words in the reader's language. */
export function chartLabels(ctx: ViewContext, indicator: Indicator): ChartLabels {
  const { t } = ctx;
  return {
    title: indicator.title,
    description: chartSummary(ctx, indicator),
    baseline: t('results.series.baseline'),
    target: t('results.series.target'),
    actual: t('results.series.actual'),
    women: t('results.series.women'),
    men: t('results.series.men'),
    noData: t('results.chart.noData'),
  };
}

// The chart and its table -----------------------------------------------------------------------

type Row = { date: string | null; kind: 'baseline' | 'target' | 'actual'; value: number | null; women: number | null; men: number | null };

function tableRows(indicator: Indicator): Row[] {
  const order = { baseline: 0, target: 1, actual: 2 } as const;
  const rows: Row[] = [];
  if (indicator.baseline !== null) rows.push({ kind: 'baseline', ...indicator.baseline });
  for (const t of indicator.targets) rows.push({ kind: 'target', ...t });
  for (const m of indicator.measurements) rows.push({ kind: 'actual', date: m.date, value: m.value, women: m.women, men: m.men });
  return rows.sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || order[a.kind] - order[b.kind]);
}

/**
 * An indicator's chart as an image drawn on the server, with its text alternative twice over:
 * a summary sentence as the alt text, and every value in a table right below (date, baseline,
 * target or measurement, and women and men when split by sex). Readable with neither images
 * nor JavaScript. Other modules embed it (a partnership's page).
 */
export function IndicatorChartFigure({ ctx, indicator, headingLevel = 2 }: { ctx: ViewContext; indicator: Indicator; headingLevel?: 2 | 3 }) {
  const { t } = ctx;
  const rows = tableRows(indicator);
  const captionId = `chart-caption-${indicator.id}`;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section class="indicator-chart" aria-labelledby={captionId}>
      <Heading id={captionId}>{t('results.chart.heading', { title: indicator.title })}</Heading>
      <figure>
        <img src={chartPath(indicator.id)} alt={chartSummary(ctx, indicator)} width={CHART_WIDTH} height={CHART_HEIGHT} />
        <figcaption>{t('results.chart.caption', { unit: indicator.unit })}</figcaption>
      </figure>
      {rows.length > 0 ? (
        <table class="indicator-values">
          <caption>{t('results.table.caption', { title: indicator.title })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('results.table.date')}</th>
              <th scope="col">{t('results.table.kind')}</th>
              <th scope="col">{t('results.table.value', { unit: indicator.unit })}</th>
              {indicator.bySex ? <th scope="col">{t('results.series.women')}</th> : null}
              {indicator.bySex ? <th scope="col">{t('results.series.men')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr>
                <th scope="row">{row.date !== null ? <time datetime={row.date}>{formatDay(ctx, row.date)}</time> : t('results.table.undated')}</th>
                <td>{t(`results.series.${row.kind}`)}</td>
                <td>{formatValue(ctx, row.value)}</td>
                {indicator.bySex ? <td>{formatValue(ctx, row.women)}</td> : null}
                {indicator.bySex ? <td>{formatValue(ctx, row.men)}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="meta">{t('results.summary.none')}</p>
      )}
    </section>
  );
}

// Pieces -----------------------------------------------------------------------------------------

function ErrorSummary({ ctx, failure }: { ctx: ViewContext; failure: FormFailure | null }) {
  const { t } = ctx;
  if (failure === null || (failure.errors.length === 0 && failure.conflict === null)) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      <h2>{failure.conflict !== null ? t('form.conflictTitle') : t('form.errorsTitle')}</h2>
      {failure.conflict !== null ? <p>{t('results.form.conflict', { version: failure.conflict })}</p> : null}
      {failure.errors.length > 0 ? (
        <ul>
          {failure.errors.map((error) => (
            <li>
              {error.field !== undefined ? <code>{error.field}</code> : null} {error.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}


/** Where an outcome belongs, as a link: its partnership (if the reader may see it) or its programme's place. */
function OutcomeHome({ ctx, indicator }: { ctx: ViewContext; indicator: Pick<Indicator, 'outcome' | 'partnership'> }) {
  const { t } = ctx;
  const programme = indicator.outcome.programme;
  if (programme !== null) {
    return (
      <>
        {t('results.programmeOf')} <a href={`/results?place_id=${programme.placeId}`}>{programme.title}</a> (
        <a href={`/places/${programme.placeId}`}>{programme.placeName}</a>, {ctx.countryName(programme.countryCode)})
      </>
    );
  }
  if (indicator.partnership !== null && indicator.partnership.title !== null) {
    return (
      <>
        {t('results.partnershipOf')} <a href={`/partnerships/${indicator.partnership.id}`}>{indicator.partnership.title}</a>
      </>
    );
  }
  return <>{t('results.hiddenPartnership')}</>;
}

/** "45% on 1 Aug 2013", or a dash. */
function DatedFigure({ ctx, indicator, value }: { ctx: ViewContext; indicator: Indicator; value: DatedValue | null }) {
  if (value === null) return <span class="muted">—</span>;
  return (
    <>
      <strong>{valueWithUnit(ctx, indicator, value.value)}</strong>{' '}
      <span class="meta">
        <time datetime={value.date}>{formatDay(ctx, value.date)}</time>
      </span>
    </>
  );
}

function IndicatorsTable({ ctx, indicators, showOutcome }: { ctx: ViewContext; indicators: Indicator[]; showOutcome: boolean }) {
  const { t } = ctx;
  return (
    <table class="indicators">
      <thead>
        <tr>
          <th scope="col">{t('results.table.indicator')}</th>
          {showOutcome ? <th scope="col">{t('results.table.outcome')}</th> : null}
          <th scope="col">{t('results.table.baseline')}</th>
          <th scope="col">{t('results.table.latest')}</th>
          <th scope="col">{t('results.table.target')}</th>
          <th scope="col">{t('results.table.progress')}</th>
        </tr>
      </thead>
      <tbody>
        {indicators.map((indicator) => (
          <tr>
            <th scope="row">
              <a href={indicatorPath(indicator.id)}>{indicator.title}</a>
              {indicator.publication !== 'published' || indicator.deleted ? <span class="badge">{t(`status.${indicator.deleted ? 'deleted' : indicator.publication}`)}</span> : null}
              {indicator.demo ? <span class="badge">{t('results.demo')}</span> : null}
            </th>
            {showOutcome ? (
              <td>
                {indicator.outcome.title}
                <br />
                <span class="meta">
                  <OutcomeHome ctx={ctx} indicator={indicator} />
                </span>
              </td>
            ) : null}
            <td>
              {indicator.baseline !== null && indicator.baseline.value !== null ? (
                <DatedFigure ctx={ctx} indicator={indicator} value={{ date: indicator.baseline.date ?? '', value: indicator.baseline.value, women: null, men: null }} />
              ) : (
                <span class="muted">—</span>
              )}
            </td>
            <td>
              <DatedFigure ctx={ctx} indicator={indicator} value={indicator.latest} />
            </td>
            <td>
              <DatedFigure ctx={ctx} indicator={indicator} value={indicator.nextTarget} />
            </td>
            <td>{indicator.progress !== null ? `${formatValue(ctx, indicator.progress)}%` : <span class="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// Pages ------------------------------------------------------------------------------------------

/** Every indicator the reader may see, a page at a time, with the frameworks they belong to. */
export function ResultsListPage({ ctx, list, canCreate }: { ctx: ViewContext; list: { items: Indicator[]; total: number; limit: number; offset: number }; canCreate: boolean }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('results.title')} description={t('results.lead')}>
      <h1>{t('results.title')}</h1>
      <p class="lead">{t('results.lead')}</p>
      {canCreate ? (
        <p>
          <a href="/indicators/new">{t('results.new')}</a>
        </p>
      ) : null}
      <p class="meta">{t('results.count', { count: list.total })}</p>
      {list.items.length > 0 ? <IndicatorsTable ctx={ctx} indicators={list.items} showOutcome={true} /> : <p>{t('results.none')}</p>}
      <Pager ctx={ctx} base="/results" params={new URLSearchParams()} total={list.total} limit={list.limit} offset={list.offset} />
    </Layout>
  );
}

/** The results framework of a partnership or a programme place: outcomes, each with its indicators' standing. */
export function FrameworkPage({ ctx, framework, canCreate }: { ctx: ViewContext; framework: ResultsFramework; canCreate: boolean }) {
  const { t } = ctx;
  const heading = framework.partnership !== null
    ? t('results.frameworkOfPartnership', { title: framework.partnership.title })
    : t('results.frameworkOfPlace', { place: framework.place?.name ?? '' });
  const newHref = framework.partnership !== null ? `/indicators/new?partnership_id=${framework.partnership.id}` : `/indicators/new?place_id=${framework.place?.id ?? ''}`;
  return (
    <Layout ctx={ctx} title={heading}>
      <p class="kicker">{t('results.title')}</p>
      <h1>{heading}</h1>
      <p>
        {framework.partnership !== null ? (
          <a href={`/partnerships/${framework.partnership.id}`}>{t('results.backToPartnership')}</a>
        ) : (
          <a href={`/places/${framework.place?.id ?? ''}`}>{t('results.backToPlace', { place: framework.place?.name ?? '' })}</a>
        )}
        {' · '}
        <a href="/results">{t('results.all')}</a>
      </p>
      {canCreate ? (
        <p>
          <a href={newHref}>{t('results.new')}</a>
        </p>
      ) : null}
      {framework.outcomes.length === 0 ? <p>{t('results.noOutcomes')}</p> : null}
      {framework.outcomes.map((outcome: Outcome & { indicators: Indicator[] }) => (
        <section class="outcome" aria-labelledby={`outcome-${outcome.id}`}>
          <h2 id={`outcome-${outcome.id}`}>{outcome.title}</h2>
          {outcome.programme !== null ? <p class="meta">{t('results.programmeTitle', { title: outcome.programme.title })}</p> : null}
          <IndicatorsTable ctx={ctx} indicators={outcome.indicators} showOutcome={false} />
        </section>
      ))}
    </Layout>
  );
}

/** The rows of a series form (targets): what was typed, or the stored values, and a few blank rows to add more. */
function TargetRows({ ctx, indicator, rows }: { ctx: ViewContext; indicator: Indicator; rows: SeriesForm[] }) {
  const { t } = ctx;
  return (
    <table class="series-form">
      <caption class="visually-hidden">{t('results.targets.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('results.table.date')}</th>
          <th scope="col">{t('results.table.value', { unit: indicator.unit })}</th>
          {indicator.bySex ? <th scope="col">{t('results.series.women')}</th> : null}
          {indicator.bySex ? <th scope="col">{t('results.series.men')}</th> : null}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr>
            <td>
              <input type="date" name={`target_date_${i}`} value={row.date} aria-label={t('results.targets.dateOf', { n: i + 1 })} />
            </td>
            <td>
              <input type="text" inputmode="decimal" name={`target_value_${i}`} value={row.value} size={8} aria-label={t('results.targets.valueOf', { n: i + 1 })} />
            </td>
            {indicator.bySex ? (
              <td>
                <input type="text" inputmode="decimal" name={`target_women_${i}`} value={row.women} size={6} aria-label={t('results.targets.womenOf', { n: i + 1 })} />
              </td>
            ) : null}
            {indicator.bySex ? (
              <td>
                <input type="text" inputmode="decimal" name={`target_men_${i}`} value={row.men} size={6} aria-label={t('results.targets.menOf', { n: i + 1 })} />
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface IndicatorPageForms {
  measurement: { form: SeriesForm & { note: string }; failure: FormFailure | null };
  targets: { rows: SeriesForm[]; version: number; failure: FormFailure | null };
}

/**
 * One indicator: where it stands, its chart with the table of values, its measurements with
 * their notes, the forms to add a measurement and to set the targets (for those allowed), the
 * publication moves and the timeline.
 */
export function IndicatorPage({ ctx, indicator, timeline, allowed, canMeasure, canHistory, forms }: {
  ctx: ViewContext; indicator: Indicator; timeline: StateChange[]; allowed: { edit: boolean; statuses: string[]; publications: RecordState[] };
  canMeasure: boolean; canHistory: boolean; forms: IndicatorPageForms;
}) {
  const { t } = ctx;
  const path = indicatorPath(indicator.id);
  const frameworkHref = indicator.outcome.programme !== null
    ? `/results?place_id=${indicator.outcome.programme.placeId}`
    : indicator.partnership !== null && indicator.partnership.title !== null ? `/results?partnership_id=${indicator.partnership.id}` : null;
  const measurement = forms.measurement.form;
  return (
    <Layout ctx={ctx} title={indicator.title} description={chartSummary(ctx, indicator)}>
      <p class="kicker">{t('results.indicator')}</p>
      <h1>{indicator.title}</h1>
      <dl class="facts">
        <dt>{t('results.outcome')}</dt>
        <dd>{indicator.outcome.title}</dd>
        <dt>{t('results.for')}</dt>
        <dd>
          <OutcomeHome ctx={ctx} indicator={indicator} />
        </dd>
        <dt>{t('results.measure')}</dt>
        <dd>{t(`results.measures.${indicator.measure}`)} · {t('results.unitIs', { unit: indicator.unit })}{indicator.bySex ? ` · ${t('results.bySex')}` : ''}</dd>
        <dt>{t('results.table.latest')}</dt>
        <dd>
          <DatedFigure ctx={ctx} indicator={indicator} value={indicator.latest} />
        </dd>
        <dt>{t('results.table.target')}</dt>
        <dd>
          <DatedFigure ctx={ctx} indicator={indicator} value={indicator.nextTarget} />
          {indicator.progress !== null ? <span class="meta"> · {t('results.progressIs', { progress: formatValue(ctx, indicator.progress) })}</span> : null}
        </dd>
        <dt>{t('results.publication')}</dt>
        <dd>
          {t(`status.${indicator.deleted ? 'deleted' : indicator.publication}`)}
          {indicator.demo ? <span class="badge">{t('results.demo')}</span> : null}
        </dd>
      </dl>
      <p class="actions">
        {frameworkHref !== null ? <a href={frameworkHref}>{t('results.framework')}</a> : null}
        {allowed.edit ? <a href={`${path}/edit`}>{t('curation.edit')}</a> : null}
        {canHistory ? <a href={`${path}/history`}>{t('curation.history')}</a> : null}
      </p>
      <IndicatorChartFigure ctx={ctx} indicator={indicator} />
      {indicator.measurements.length > 0 ? (
        <section aria-labelledby="measurements-title">
          <h2 id="measurements-title">{t('results.measurements.title')}</h2>
          <ul class="measurements">
            {indicator.measurements.map((m) => (
              <li>
                <time datetime={m.date}>{formatDay(ctx, m.date)}</time>: <strong>{valueWithUnit(ctx, indicator, m.value)}</strong>
                {indicator.bySex && (m.women !== null || m.men !== null) ? ` (${t('results.summary.splitShort', { women: formatValue(ctx, m.women), men: formatValue(ctx, m.men) })})` : ''}
                {m.by.name !== null ? <span class="meta"> · {t('lifecycle.by', { name: m.by.name })}</span> : null}
                {m.note !== null ? <p class="note">{m.note}</p> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {canMeasure ? (
        <section aria-labelledby="measure-title">
          <h2 id="measure-title">{t('results.measurements.add')}</h2>
          <ErrorSummary ctx={ctx} failure={forms.measurement.failure} />
          <form method="post" action={`${path}/measurements`} class="record-form">
            <CsrfField ctx={ctx} />
            <Field id="m-date" label={t('results.measurements.date')}>
              <input id="m-date" type="date" name="date" value={measurement.date} required />
            </Field>
            <Field id="m-value" label={t('results.table.value', { unit: indicator.unit })} hint={t(`results.hints.${indicator.measure}`)}>
              <input id="m-value" type="text" inputmode="decimal" name="value" value={measurement.value} required aria-describedby="m-value-hint" />
            </Field>
            {indicator.bySex ? (
              <>
                <Field id="m-women" label={t('results.series.women')}>
                  <input id="m-women" type="text" inputmode="decimal" name="women" value={measurement.women} />
                </Field>
                <Field id="m-men" label={t('results.series.men')}>
                  <input id="m-men" type="text" inputmode="decimal" name="men" value={measurement.men} />
                </Field>
              </>
            ) : null}
            <Field id="m-note" label={t('results.measurements.note')}>
              <textarea id="m-note" name="note" rows={2} maxlength={2000}>{measurement.note}</textarea>
            </Field>
            <p class="actions">
              <button type="submit">{t('results.measurements.save')}</button>
            </p>
          </form>
        </section>
      ) : null}
      {allowed.edit ? (
        <section aria-labelledby="targets-title">
          <h2 id="targets-title">{t('results.targets.title')}</h2>
          <p class="hint">{t('results.targets.hint')}</p>
          <ErrorSummary ctx={ctx} failure={forms.targets.failure} />
          <form method="post" action={`${path}/targets`} class="record-form">
            <CsrfField ctx={ctx} />
            <input type="hidden" name="version" value={String(forms.targets.version)} />
            <TargetRows ctx={ctx} indicator={indicator} rows={forms.targets.rows} />
            <p class="actions">
              <button type="submit">{t('results.targets.save')}</button>
            </p>
          </form>
        </section>
      ) : null}
      <LifecycleActions ctx={ctx} noun="indicator" action={path} version={indicator.version} status={null} publication={indicator.deleted ? 'deleted' : indicator.publication} allowed={allowed} />
      <TimelineSection ctx={ctx} noun="indicator" changes={timeline} />
    </Layout>
  );
}

/**
 * The form that writes an indicator's definition (new or edit): plain HTML, no JavaScript. It
 * shows what was typed after a refused save, with the reasons, and a conflict (someone saved
 * in between) without losing the typing.
 */
export function IndicatorFormPage({ ctx, action, heading, form, version, failure, partnerships, organisations, back }: {
  ctx: ViewContext; action: string; heading: string; form: IndicatorForm; version: number | null; failure: FormFailure | null;
  partnerships: { id: string; title: string }[]; organisations: { id: string; name: string }[]; back: string;
}) {
  const { t } = ctx;
  const forProgramme = form.outcome_for === 'programme';
  return (
    <Layout ctx={ctx} title={heading}>
      <h1>{heading}</h1>
      <ErrorSummary ctx={ctx} failure={failure} />
      <form method="post" action={action} class="record-form">
        <CsrfField ctx={ctx} />
        {version !== null ? <input type="hidden" name="version" value={String(version)} /> : null}
        <fieldset>
          <legend>{t('results.form.outcome')}</legend>
          <Field id="f-outcome" label={t('results.form.outcomeTitle')} hint={t('results.form.outcomeHint')}>
            <input id="f-outcome" name="outcome_title" type="text" value={form.outcome_title} required maxLength={500} aria-describedby="f-outcome-hint" />
          </Field>
          <label class="choice">
            <input type="radio" name="outcome_for" value="partnership" checked={!forProgramme} /> {t('results.form.forPartnership')}
          </label>
          <Field id="f-partnership" label={t('results.form.partnership')}>
            <select id="f-partnership" name="partnership_id">
              <option value="">{t('results.form.choose')}</option>
              {partnerships.map((p) => (
                <option value={p.id} selected={form.partnership_id === p.id}>
                  {p.title}
                </option>
              ))}
            </select>
          </Field>
          <label class="choice">
            <input type="radio" name="outcome_for" value="programme" checked={forProgramme} /> {t('results.form.forProgramme')}
          </label>
          <Field id="f-place" label={t('results.form.place')} hint={t('results.form.placeHint')}>
            <input id="f-place" name="programme_place" type="text" value={form.programme_place} aria-describedby="f-place-hint" />
          </Field>
          <Field id="f-programme" label={t('results.form.programme')}>
            <input id="f-programme" name="programme_title" type="text" value={form.programme_title} maxLength={300} />
          </Field>
        </fieldset>
        <Field id="f-title" label={t('results.form.title')}>
          <input id="f-title" name="title" type="text" value={form.title} required maxLength={500} />
        </Field>
        <Field id="f-measure" label={t('results.measure')}>
          <select id="f-measure" name="measure">
            {MEASURES.map((measure) => (
              <option value={measure} selected={form.measure === measure}>
                {t(`results.measures.${measure}`)} — {t(`results.hints.${measure}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="f-unit" label={t('results.form.unit')} hint={t('results.form.unitHint')}>
          <input id="f-unit" name="unit" type="text" value={form.unit} required maxLength={100} aria-describedby="f-unit-hint" />
        </Field>
        <label class="choice">
          <input type="checkbox" name="by_sex" value="true" checked={form.by_sex === 'true'} /> {t('results.form.bySex')}
        </label>
        <fieldset>
          <legend>{t('results.form.baseline')}</legend>
          <Field id="f-b-value" label={t('results.table.value', { unit: form.unit })}>
            <input id="f-b-value" name="baseline_value" type="text" inputmode="decimal" value={form.baseline_value} />
          </Field>
          <Field id="f-b-date" label={t('results.table.date')}>
            <input id="f-b-date" name="baseline_date" type="date" value={form.baseline_date} />
          </Field>
          <Field id="f-b-women" label={t('results.form.baselineWomen')}>
            <input id="f-b-women" name="baseline_women" type="text" inputmode="decimal" value={form.baseline_women} />
          </Field>
          <Field id="f-b-men" label={t('results.form.baselineMen')}>
            <input id="f-b-men" name="baseline_men" type="text" inputmode="decimal" value={form.baseline_men} />
          </Field>
        </fieldset>
        <OwnerField id="f-owner" label={t('form.practice.owner')} noneLabel={t('form.practice.ownerNone')} organisations={organisations} selected={form.owner_organisation_id} />
        <p class="actions">
          <button type="submit">{t('form.save')}</button>
          <a href={back}>{t('form.cancel')}</a>
        </p>
      </form>
    </Layout>
  );
}

/** A partnership's results framework (outcomes, then each indicator's chart and table), as a section of its page. */
export function PartnershipResultsSection({ ctx, outcomes, partnershipId }: { ctx: ViewContext; outcomes: (Outcome & { indicators: Indicator[] })[]; partnershipId: string }) {
  if (outcomes.length === 0) return null;
  return (
    <section aria-labelledby="partnership-results">
      <h2 id="partnership-results">{ctx.t('results.ofPartnership')}</h2>
      {outcomes.map((outcome) => (
        <>
          <p class="kicker">{outcome.title}</p>
          {outcome.indicators.map((indicator) => <IndicatorChartFigure ctx={ctx} indicator={indicator} headingLevel={3} />)}
        </>
      ))}
      <p>
        <a href={`/results?partnership_id=${partnershipId}`}>{ctx.t('results.frameworkLink')}</a>
      </p>
    </section>
  );
}
