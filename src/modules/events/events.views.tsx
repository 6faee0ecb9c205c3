import { formatNumber, Pager } from '../../views/components.js';
import type { ViewContext } from '../../views/context.js';
import { CsrfField } from '../../views/csrf.js';
import { Layout } from '../../views/layout.js';
import { MarkdownBlock } from '../../views/safe-html.js';
import type { RecordState } from '../../platform/auth/permissions.js';
import { LifecycleActions, TimelineSection, type StateChange } from '../lifecycle/index.js';
import { CONSTITUENCIES, EVENT_KINDS, hasEnded, knownTimeZones, parseEventTime, SEXES, totalOf, type EventLearning, type PeerEvent } from './events.domain.js';
import type { EventForm } from './events.form.js';
import { withTopHeadingsRaised } from './events.report.js';
import type { EventSummary, LearningChoices } from './events.service.js';
import { ErrorSummary, Field, OwnerField, type FormError } from '../../views/form.js';

/** A line of a form's error summary: the field (the API's name) and why. */
export type { FormError };

export function kindLabel(ctx: ViewContext, kind: string): string {
  return ctx.t(`events.kind.${kind}`, { defaultValue: kind });
}

/** The zone's long name in the reader's language ("Central Africa Time"), or '' when Intl has none. */
function zoneName(ctx: ViewContext, timeZone: string, at: Date): string {
  const part = new Intl.DateTimeFormat(ctx.lang, { timeZone, timeZoneName: 'long' }).formatToParts(at).find((p) => p.type === 'timeZoneName');
  return part?.value ?? '';
}

/** "Wednesday 7 November 2012, 09:00 – Friday 9 November 2012, 17:00", in the event's own zone. */
export function formatEventDates(ctx: ViewContext, event: Pick<EventSummary, 'startsAt' | 'endsAt' | 'timeZone'>, style: 'full' | 'medium' = 'full'): string {
  const format = new Intl.DateTimeFormat(ctx.lang, { dateStyle: style, timeStyle: 'short', timeZone: event.timeZone });
  return format.formatRange(event.startsAt, event.endsAt);
}

/** "Africa/Maputo (Central Africa Time)". */
export function zoneLabel(ctx: ViewContext, event: Pick<EventSummary, 'startsAt' | 'timeZone'>): string {
  const name = zoneName(ctx, event.timeZone, event.startsAt);
  return name === '' || name === event.timeZone ? event.timeZone : `${event.timeZone} (${name})`;
}

/** An agenda item's local start ("2012-11-07T09:30") as the reader's language writes it: "Wed, 7 Nov, 09:30". */
function agendaTime(ctx: ViewContext, local: string, timeZone: string): string {
  const instant = parseEventTime(local, timeZone);
  if (instant === undefined) return local;
  return new Intl.DateTimeFormat(ctx.lang, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone }).format(instant);
}

function EventWhen({ ctx, event }: { ctx: ViewContext; event: EventSummary }) {
  return (
    <>
      <time datetime={event.startsAt.toISOString()}>{formatEventDates(ctx, event, 'medium')}</time> <span class="muted">{event.timeZone}</span>
    </>
  );
}

/** An event in a list: title, kind, dates in its zone, where. */
export function EventCard({ ctx, event, level = 3 }: { ctx: ViewContext; event: EventSummary; level?: 2 | 3 }) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <article class="card">
      <Heading>
        <a href={`/events/${event.id}`}>{event.title}</a>
      </Heading>
      <p class="meta">
        {kindLabel(ctx, event.kind)} · <EventWhen ctx={ctx} event={event} />
        {event.place !== null ? ` · ${event.place.name}, ${ctx.countryName(event.place.countryCode)}` : ''}
      </p>
      {event.deleted || event.publication !== 'published' ? <p class="badges"><span class="badge status">{ctx.t(`status.${event.deleted ? 'deleted' : event.publication}`)}</span></p> : null}
    </article>
  );
}

/** A list of event cards (other pages show an organisation's, a place's or a partnership's events with it). */
export function EventCards({ ctx, events, level = 3 }: { ctx: ViewContext; events: EventSummary[]; level?: 2 | 3 }) {
  if (events.length === 0) return <p class="muted">{ctx.t('events.none')}</p>;
  return <div class="cards">{events.map((event) => <EventCard ctx={ctx} event={event} level={level} />)}</div>;
}

export function EventListPage({ ctx, upcoming, past, filters, facets, params, canCreate }: {
  ctx: ViewContext;
  upcoming: EventSummary[];
  past: { items: EventSummary[]; total: number; limit: number; offset: number };
  filters: { kind: string; place_id: string; year: string };
  facets: { places: { id: string; name: string; countryCode: string }[]; years: number[] };
  params: URLSearchParams;
  canCreate: boolean;
}) {
  const { t } = ctx;
  const feed = `/api/v1/events.ics${filters.kind !== '' || filters.place_id !== '' ? `?${new URLSearchParams(Object.entries({ kind: filters.kind, place_id: filters.place_id }).filter(([, v]) => v !== '')).toString()}` : ''}`;
  return (
    <Layout ctx={ctx} title={t('events.title')} description={t('events.intro')}>
      <h1>{t('events.title')}</h1>
      <p class="lead">{t('events.intro')}</p>
      <p class="actions">
        {canCreate ? <a href="/events/new">{t('events.new')}</a> : null}
        <a href={feed}>{t('events.feed')}</a>
      </p>
      <form method="get" action="/events" class="filters" aria-label={t('events.filters')}>
        <div class="field">
          <label for="f-kind">{t('events.field.kind')}</label>
          <select id="f-kind" name="kind">
            <option value="">{t('events.any')}</option>
            {EVENT_KINDS.map((kind) => <option value={kind} selected={filters.kind === kind}>{kindLabel(ctx, kind)}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="f-place">{t('events.placeFilter')}</label>
          <select id="f-place" name="place_id">
            <option value="">{t('events.any')}</option>
            {facets.places.map((place) => <option value={place.id} selected={filters.place_id === place.id}>{`${place.name}, ${ctx.countryName(place.countryCode)}`}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="f-year">{t('events.year')}</label>
          <select id="f-year" name="year">
            <option value="">{t('events.any')}</option>
            {facets.years.map((year) => <option value={String(year)} selected={filters.year === String(year)}>{String(year)}</option>)}
          </select>
        </div>
        <p class="actions">
          <button type="submit">{t('events.apply')}</button>
        </p>
      </form>
      <section aria-labelledby="upcoming-title">
        <h2 id="upcoming-title">{t('events.upcoming')}</h2>
        <EventCards ctx={ctx} events={upcoming} />
      </section>
      <section aria-labelledby="past-title">
        <h2 id="past-title">{t('events.past')}</h2>
        <EventCards ctx={ctx} events={past.items} />
        <Pager ctx={ctx} base="/events" params={params} total={past.total} limit={past.limit} offset={past.offset} />
      </section>
    </Layout>
  );
}

function CountsTable({ ctx, id, caption, counts, label }: { ctx: ViewContext; id: string; caption: string; counts: Record<string, number | null>; label: (key: string) => string }) {
  const total = totalOf(counts);
  const show = (n: number | null) => (n === null ? '—' : formatNumber(ctx, n));
  return (
    <div class="table-scroll">
    <table class="participants" id={id}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {Object.keys(counts).map((key) => <th scope="col">{label(key)}</th>)}
          <th scope="col">{ctx.t('events.participants.total')}</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          {Object.values(counts).map((n) => <td>{show(n)}</td>)}
          <td><strong>{show(total)}</strong></td>
        </tr>
      </tbody>
    </table>
    </div>
  );
}

function Paragraphs({ text, lang }: { text: string; lang?: string | undefined }) {
  return (
    <>
      {text.split(/\n{2,}/).map((paragraph) => (
        <p lang={lang}>
          {paragraph.split('\n').map((line, i) => (
            <>
              {i > 0 ? <br /> : null}
              {line}
            </>
          ))}
        </p>
      ))}
    </>
  );
}

/** What a refused learning form keeps: the typed values and the reasons. */
export interface LearningFormState {
  form: Record<string, string>;
  errors: FormError[];
}


function LearningItem({ ctx, event, learning }: { ctx: ViewContext; event: PeerEvent; learning: EventLearning }) {
  const { t } = ctx;
  const member = ctx.member;
  const mayTurn = member !== null && (member.id === learning.memberId || member.role === 'curator' || member.role === 'admin');
  return (
    <li id={`learning-${learning.id}`} class="learning">
      <p class="meta">
        {[learning.place !== null ? `${learning.place.name}, ${ctx.countryName(learning.place.countryCode)}` : null, learning.organisation?.name ?? null, learning.authorName]
          .filter((part): part is string => part !== null)
          .join(' · ') || t('events.learning.participant')}
      </p>
      <h3>{t('events.learning.learned')}</h3>
      <Paragraphs text={learning.learned} />
      <h3>{t('events.learning.willAdapt')}</h3>
      <Paragraphs text={learning.willAdapt} />
      {learning.adaptedFrom !== null ? (
        <p>
          {t('events.learning.adaptsFrom')} <a href={`/practices/${learning.adaptedFrom.id}`}>{learning.adaptedFrom.title}</a>
        </p>
      ) : null}
      {learning.practiceId !== null ? (
        mayTurn ? <p><a href={`/practices/${learning.practiceId}`}>{t('events.learning.practice')}</a></p> : <p class="muted">{t('events.learning.becamePractice')}</p>
      ) : mayTurn ? (
        <form method="post" action={`/events/${event.id}/learnings/${learning.id}/practice`} class="transition">
          <CsrfField ctx={ctx} />
          <button type="submit">{t('events.learning.turn')}</button>
        </form>
      ) : null}
    </li>
  );
}

function LearningFormSection({ ctx, event, choices, state }: { ctx: ViewContext; event: PeerEvent; choices: LearningChoices; state: LearningFormState | null }) {
  const { t } = ctx;
  const value = (name: string) => state?.form[name] ?? '';
  return (
    <section aria-labelledby="learning-form-title" id="learning-form">
      <h3 id="learning-form-title">{t('events.learning.formTitle')}</h3>
      <ErrorSummary ctx={ctx} errors={state?.errors ?? []} conflict={null} />
      <form method="post" action={`/events/${event.id}/learnings`} class="record-form">
        <CsrfField ctx={ctx} />
        <Field id="l-learned" label={t('events.learning.learned')}>
          <textarea id="l-learned" name="learned" rows={4} required maxlength={20000}>{value('learned')}</textarea>
        </Field>
        <Field id="l-adapt" label={t('events.learning.willAdapt')}>
          <textarea id="l-adapt" name="will_adapt" rows={4} required maxlength={20000}>{value('will_adapt')}</textarea>
        </Field>
        {choices.places.length > 0 ? (
          <Field id="l-place" label={t('events.learning.place')}>
            <select id="l-place" name="place_id">
              <option value="">{t('events.learning.none')}</option>
              {choices.places.map((p) => <option value={p.id} selected={value('place_id') === p.id}>{`${p.name}, ${ctx.countryName(p.countryCode)}`}</option>)}
            </select>
          </Field>
        ) : null}
        {choices.organisations.length > 0 ? (
          <Field id="l-organisation" label={t('events.learning.organisation')}>
            <select id="l-organisation" name="organisation_id">
              <option value="">{t('events.learning.none')}</option>
              {choices.organisations.map((o) => <option value={o.id} selected={value('organisation_id') === o.id}>{o.name}</option>)}
            </select>
          </Field>
        ) : null}
        <Field id="l-from" label={t('events.learning.adaptedFrom')} hint={t('events.learning.adaptedFromHint')}>
          <input id="l-from" name="adapted_from" type="text" list={event.practices.length > 0 ? 'l-from-choices' : undefined} value={value('adapted_from')} aria-describedby="l-from-hint" />
          {event.practices.length > 0 ? (
            <datalist id="l-from-choices">
              {event.practices.map((p) => <option value={p.id}>{p.title}</option>)}
            </datalist>
          ) : null}
        </Field>
        <p class="actions">
          <button type="submit">{t('events.learning.save')}</button>
        </p>
      </form>
    </section>
  );
}

export function EventPageView({ ctx, event, allowed, history, timeline, learnings, canLearn, learningChoices, learningForm }: {
  ctx: ViewContext;
  event: PeerEvent;
  allowed: { edit: boolean; statuses: string[]; publications: RecordState[] };
  history: boolean;
  timeline: StateChange[];
  learnings: EventLearning[];
  canLearn: boolean;
  learningChoices: LearningChoices;
  learningForm: LearningFormState | null;
}) {
  const { t } = ctx;
  const textLang = event.language !== ctx.lang ? event.language : undefined;
  const state: RecordState = event.deleted ? 'deleted' : event.publication;
  const { bySex, byConstituency } = event.participants;
  const anyCount = totalOf(bySex) !== null || totalOf(byConstituency) !== null;
  return (
    <Layout ctx={ctx} title={event.title} description={event.description.slice(0, 200)}>
      <article class="event">
        <header>
          <p class="kicker">{kindLabel(ctx, event.kind)}</p>
          <h1 lang={textLang}>{event.title}</h1>
          <p class="meta">
            <time datetime={event.startsAt.toISOString()}>{formatEventDates(ctx, event)}</time>
          </p>
          <p class="meta">{t('events.zone', { zone: zoneLabel(ctx, event) })}</p>
          {event.place !== null || event.venue !== null ? (
            <p class="meta">
              {event.venue !== null ? <span lang={textLang}>{event.venue}</span> : null}
              {event.venue !== null && event.place !== null ? ', ' : ''}
              {event.place !== null ? (
                <>
                  <a href={`/places/${event.place.id}`}>{event.place.name}</a>, {ctx.countryName(event.place.countryCode)}
                </>
              ) : null}
            </p>
          ) : null}
          <p class="badges">
            {state !== 'published' ? <span class="badge status">{t(`status.${state}`)}</span> : null}
            {event.demo ? <span class="badge">{t('events.demo')}</span> : null}
          </p>
          <p class="actions">
            <a href={`/api/v1/events/${event.id}.ics`} type="text/calendar">{t('events.ics')}</a>
            {allowed.edit ? <a href={`/events/${event.id}/edit`}>{t('events.edit')}</a> : null}
            {history ? <a href={`/events/${event.id}/history`}>{t('events.history')}</a> : null}
          </p>
        </header>

        {event.description !== '' ? <Paragraphs text={event.description} lang={textLang} /> : null}

        {event.organisers.length > 0 ? (
          <section aria-labelledby="organisers-title">
            <h2 id="organisers-title">{t('events.organisers')}</h2>
            <ul>
              {event.organisers.map((o) => (
                <li>
                  <a href={`/organisations/${o.id}`}>{o.name}</a>
                  {o.countryCode !== null ? `, ${ctx.countryName(o.countryCode)}` : ''}
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        {event.places.length > 0 ? (
          <section aria-labelledby="places-title">
            <h2 id="places-title">{t('events.places')}</h2>
            <ul class="place-list">
              {event.places.map((p) => (
                <li>
                  <a href={`/places/${p.id}`}>{p.name}</a>, {ctx.countryName(p.countryCode)}
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        {anyCount ? (
          <section aria-labelledby="participants-title">
            <h2 id="participants-title">{t('events.participants.title')}</h2>
            <CountsTable ctx={ctx} id="by-sex" caption={t('events.participants.bySex')} counts={bySex} label={(key) => t(`events.participants.sex.${key}`)} />
            <CountsTable ctx={ctx} id="by-constituency" caption={t('events.participants.byConstituency')} counts={byConstituency} label={(key) => t(`events.participants.constituency.${key}`)} />
          </section>
        ) : null}

        {event.agenda.length > 0 ? (
          <section aria-labelledby="agenda-title">
            <h2 id="agenda-title">{t('events.agenda')}</h2>
            <ol class="agenda" lang={textLang}>
              {event.agenda.map((item) => (
                <li>
                  {item.startsAt !== undefined ? <><time datetime={item.startsAt}>{agendaTime(ctx, item.startsAt, event.timeZone)}</time>{' '}</> : null}
                  <strong>{item.title}</strong>
                  {item.description !== undefined ? <p>{item.description}</p> : null}
                </li>
              ))}
            </ol>
          </section>
        ) : null}

        {event.fieldVisits.length > 0 ? (
          <section aria-labelledby="visits-title">
            <h2 id="visits-title">{t('events.fieldVisits')}</h2>
            <ul lang={textLang}>
              {event.fieldVisits.map((visit) => (
                <li>
                  <strong>{visit.title}</strong>
                  {visit.place !== undefined ? ` (${visit.place})` : ''}
                  {visit.description !== undefined ? <p>{visit.description}</p> : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        {event.outcomes !== '' ? (
          <section aria-labelledby="outcomes-title">
            <h2 id="outcomes-title">{t('events.outcomes')}</h2>
            <Paragraphs text={event.outcomes} lang={textLang} />
          </section>
        ) : null}

        {event.learningReport !== '' ? (
          <section aria-labelledby="report-title">
            <h2 id="report-title">{t('events.learningReport')}</h2>
            <MarkdownBlock source={withTopHeadingsRaised(event.learningReport)} lang={textLang} />
          </section>
        ) : null}

        {event.partnerships.length > 0 || event.practices.length > 0 ? (
          <section aria-labelledby="links-title">
            <h2 id="links-title">{t('events.links')}</h2>
            {event.partnerships.length > 0 ? (
              <>
                <h3>{t('events.partnerships')}</h3>
                <ul>{event.partnerships.map((p) => <li><a href={`/partnerships/${p.id}`}>{p.title}</a></li>)}</ul>
              </>
            ) : null}
            {event.practices.length > 0 ? (
              <>
                <h3>{t('events.practices')}</h3>
                <ul>{event.practices.map((p) => <li><a href={`/practices/${p.id}`}>{p.title}</a></li>)}</ul>
              </>
            ) : null}
          </section>
        ) : null}

        <section aria-labelledby="learnings-title" id="learnings">
          <h2 id="learnings-title">{t('events.learnings')}</h2>
          {learnings.length > 0 ? (
            <ul class="learnings">{learnings.map((learning) => <LearningItem ctx={ctx} event={event} learning={learning} />)}</ul>
          ) : (
            <p class="muted">{hasEnded(event) ? t('events.learning.noneYet') : t('events.learning.afterTheEvent')}</p>
          )}
          {canLearn ? <LearningFormSection ctx={ctx} event={event} choices={learningChoices} state={learningForm} /> : null}
          {!canLearn && ctx.member === null && hasEnded(event) ? <p class="muted">{t('events.learning.signIn')}</p> : null}
        </section>

        <LifecycleActions ctx={ctx} noun="event" action={`/events/${event.id}`} version={event.version} status={null} publication={state} allowed={allowed} />
        <TimelineSection ctx={ctx} noun="event" changes={timeline} />

        <footer class="provenance">
          <p class="muted">
            <a href={`/api/v1/events/${event.id}`}>{t('events.json')}</a>
          </p>
        </footer>
      </article>
    </Layout>
  );
}


/**
 * The form that writes an event (new or edit), plain HTML without JavaScript. After a refused
 * save it shows what was typed with the reasons; after a conflict it keeps the typing and
 * carries the current version, so saving again overwrites knowingly.
 */
export function EventFormPage({ ctx, action, heading, form, version, errors, conflict, organisations, cancel }: {
  ctx: ViewContext; action: string; heading: string; form: EventForm; version: number | null; errors: FormError[]; conflict: number | null;
  organisations: { id: string; name: string }[]; cancel: string;
}) {
  const { t } = ctx;
  const value = (name: string) => form[name] ?? '';
  const count = (name: string, label: string) => (
    <div class="field">
      <label for={`e-${name}`}>{label}</label>
      <input id={`e-${name}`} name={name} type="number" min="0" step="1" inputmode="numeric" value={value(name)} />
    </div>
  );
  return (
    <Layout ctx={ctx} title={heading}>
      <h1>{heading}</h1>
      <ErrorSummary ctx={ctx} errors={errors} conflict={conflict} />
      <form method="post" action={action} class="record-form">
        <CsrfField ctx={ctx} />
        {version !== null ? <input type="hidden" name="version" value={String(version)} /> : null}
        <Field id="e-title" label={t('events.field.title')}>
          <input id="e-title" name="title" type="text" value={value('title')} required maxLength={300} />
        </Field>
        <Field id="e-kind" label={t('events.field.kind')}>
          <select id="e-kind" name="kind">
            {EVENT_KINDS.map((kind) => <option value={kind} selected={value('kind') === kind}>{kindLabel(ctx, kind)}</option>)}
          </select>
        </Field>
        <Field id="e-language" label={t('events.field.language')}>
          <select id="e-language" name="language">
            {['en', 'fr', 'es', 'pt'].map((lang) => <option value={lang} selected={value('language') === lang}>{t(`languages.${lang}`)}</option>)}
          </select>
        </Field>
        <Field id="e-start" label={t('events.field.start')} hint={t('events.field.timesHint')}>
          <input id="e-start" name="start" type="datetime-local" value={value('start')} required aria-describedby="e-start-hint" />
        </Field>
        <Field id="e-end" label={t('events.field.end')}>
          <input id="e-end" name="end" type="datetime-local" value={value('end')} required />
        </Field>
        <Field id="e-zone" label={t('events.field.timeZone')} hint={t('events.field.timeZoneHint')}>
          <input id="e-zone" name="time_zone" type="text" list="e-zones" value={value('time_zone')} required maxLength={64} aria-describedby="e-zone-hint" autocomplete="off" />
          <datalist id="e-zones">
            {[...knownTimeZones()].map((zone) => <option value={zone} />)}
          </datalist>
        </Field>
        <Field id="e-place" label={t('events.field.place')} hint={t('events.field.placeHint')}>
          <input id="e-place" name="place" type="text" value={value('place')} aria-describedby="e-place-hint" />
        </Field>
        <Field id="e-venue" label={t('events.field.venue')}>
          <input id="e-venue" name="venue" type="text" value={value('venue')} maxLength={300} />
        </Field>
        <Field id="e-description" label={t('events.field.description')}>
          <textarea id="e-description" name="description" rows={5}>{value('description')}</textarea>
        </Field>
        <Field id="e-organisers" label={t('events.organisers')} hint={t('events.field.organisersHint')}>
          <textarea id="e-organisers" name="organisers" rows={3} aria-describedby="e-organisers-hint">{value('organisers')}</textarea>
        </Field>
        <Field id="e-places" label={t('events.places')} hint={t('events.field.placesHint')}>
          <textarea id="e-places" name="places" rows={3} aria-describedby="e-places-hint">{value('places')}</textarea>
        </Field>
        <fieldset>
          <legend>{t('events.participants.bySex')}</legend>
          {SEXES.map((sex) => count(`by_sex_${sex}`, t(`events.participants.sex.${sex}`)))}
        </fieldset>
        <fieldset>
          <legend>{t('events.participants.byConstituency')}</legend>
          {CONSTITUENCIES.map((c) => count(`by_constituency_${c}`, t(`events.participants.constituency.${c}`)))}
        </fieldset>
        <Field id="e-agenda" label={t('events.agenda')} hint={t('events.field.agendaHint')}>
          <textarea id="e-agenda" name="agenda" rows={5} aria-describedby="e-agenda-hint">{value('agenda')}</textarea>
        </Field>
        <Field id="e-visits" label={t('events.fieldVisits')} hint={t('events.field.fieldVisitsHint')}>
          <textarea id="e-visits" name="field_visits" rows={3} aria-describedby="e-visits-hint">{value('field_visits')}</textarea>
        </Field>
        <Field id="e-outcomes" label={t('events.outcomes')}>
          <textarea id="e-outcomes" name="outcomes" rows={4}>{value('outcomes')}</textarea>
        </Field>
        <Field id="e-report" label={t('events.learningReport')} hint={t('events.field.reportHint')}>
          <textarea id="e-report" name="learning_report" rows={10} aria-describedby="e-report-hint">{value('learning_report')}</textarea>
        </Field>
        <Field id="e-partnerships" label={t('events.partnerships')} hint={t('events.field.linksHint')}>
          <textarea id="e-partnerships" name="partnerships" rows={2} aria-describedby="e-partnerships-hint">{value('partnerships')}</textarea>
        </Field>
        <Field id="e-practices" label={t('events.practices')} hint={t('events.field.linksHint')}>
          <textarea id="e-practices" name="practices" rows={2} aria-describedby="e-practices-hint">{value('practices')}</textarea>
        </Field>
        <OwnerField id="e-owner" label={t('events.field.owner')} noneLabel={t('events.field.ownerNone')} organisations={organisations} selected={value('owner_organisation_id')} />
        <p class="actions">
          <button type="submit">{t('form.save')}</button>
          <a href={cancel}>{t('form.cancel')}</a>
        </p>
      </form>
    </Layout>
  );
}

/** The events of a partnership, as a section of the partnership's page. */
export function PartnershipEventsSection({ ctx, events }: { ctx: ViewContext; events: EventSummary[] }) {
  if (events.length === 0) return null;
  return (
    <section aria-labelledby="partnership-events">
      <h2 id="partnership-events">{ctx.t('events.ofPartnership')}</h2>
      <EventCards ctx={ctx} events={events} />
    </section>
  );
}
