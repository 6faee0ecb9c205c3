import type { RecordState } from '../../platform/auth/permissions.js';
import { Pager } from '../../views/components.js';
import type { ViewContext } from '../../views/context.js';
import { CsrfField } from '../../views/csrf.js';
import { Layout } from '../../views/layout.js';
import { formatDay, LifecycleActions, statusLabel, TimelineSection, type StateChange } from '../lifecycle/index.js';
import { isDay, type Commitment, type CommitmentOwner, type Roadmap, type RoadmapEventRef, type RoadmapProgress, type RoadmapSummary } from './roadmaps.domain.js';
import { field, list, ownerKey, type RoadmapForm } from './roadmaps.form.js';
import type { CommitmentActions } from './roadmaps.service.js';
import { ErrorSummary, Field, OwnerField, type FormError } from '../../views/form.js';

const NOUN = 'commitment';

/** A line of a form's error summary: the field (API path) and why. */
export type { FormError };

/** What the actor may do to a roadmap (LifecycleActions' `allowed`). */
interface RoadmapActions {
  edit: boolean;
  statuses: string[];
  publications: RecordState[];
}


/** A day field: a date input, or a text input when what was typed is not a day (kept as typed, still valid HTML). */
function DayInput({ id, name, value }: { id: string; name: string; value: string }) {
  return value === '' || isDay(value) ? <input id={id} name={name} type="date" value={value} /> : <input id={id} name={name} type="text" value={value} />;
}


/** "3 of 6 commitments done (50%)" with a bar; dropped and overdue ones said beside it. */
export function ProgressSummary({ ctx, progress, id }: { ctx: ViewContext; progress: RoadmapProgress; id: string }) {
  const { t } = ctx;
  const meant = progress.total - progress.dropped;
  const percent = progress.shareDone === null ? null : Math.round(progress.shareDone * 100);
  return (
    <div class="roadmap-progress">
      <label for={`progress-${id}`}>
        {percent === null ? t('roadmaps.progress.none') : t('roadmaps.progress.done', { done: progress.done, count: meant, percent })}
      </label>{' '}
      {meant > 0 ? <progress id={`progress-${id}`} max={meant} value={progress.done}>{`${percent}%`}</progress> : null}
      <span class="meta">
        {' '}
        {progress.inProgress > 0 ? `${t('roadmaps.progress.inProgress', { count: progress.inProgress })} · ` : ''}
        {progress.dropped > 0 ? `${t('roadmaps.progress.dropped', { count: progress.dropped })} · ` : ''}
        {t('roadmaps.progress.total', { count: progress.total })}
      </span>
      {progress.overdue > 0 ? (
        <>
          {' '}
          <span class="badge overdue">{t('roadmaps.progress.overdue', { count: progress.overdue })}</span>
        </>
      ) : null}
    </div>
  );
}

function OwnerLinks({ owners }: { owners: CommitmentOwner[] }) {
  return (
    <>
      {owners.map((owner, i) => (
        <>
          {i > 0 ? ', ' : ''}
          <a href={owner.placeId !== null ? `/places/${owner.placeId}` : `/organisations/${owner.organisationId}`}>{owner.name}</a>
        </>
      ))}
    </>
  );
}

function EvidenceLinks({ commitment }: { commitment: Commitment }) {
  if (commitment.evidence.length === 0) return null;
  return (
    <ul class="evidence">
      {commitment.evidence.map((link) => (
        <li>
          <a href={link.url} rel="nofollow noopener">
            {link.title ?? link.url}
          </a>
        </li>
      ))}
    </ul>
  );
}

function Notes({ ctx, commitment }: { ctx: ViewContext; commitment: Commitment }) {
  const { t } = ctx;
  if (commitment.notes.length === 0) return null;
  return (
    <ol class="notes">
      {commitment.notes.map((note) => (
        <li>
          <time datetime={note.notedOn}>{formatDay(ctx, note.notedOn)}</time> {note.text}
          {note.by.name !== null ? <span class="meta"> — {note.by.name}</span> : note.by.memberId === null ? <span class="meta"> — {t('lifecycle.byOperator')}</span> : null}
        </li>
      ))}
    </ol>
  );
}

function StatusCell({ ctx, commitment }: { ctx: ViewContext; commitment: Commitment }) {
  const { t } = ctx;
  return (
    <>
      <span class={`status status-${commitment.status}`}>{statusLabel(ctx, NOUN, commitment.status)}</span>
      {commitment.overdue ? (
        <>
          {' '}
          <span class="badge overdue">{t('roadmaps.overdue')}</span>
        </>
      ) : null}
    </>
  );
}

/** Buttons for the moves the actor may make (no note: the commitment's page has the long form). */
function MoveForm({ ctx, commitment, allowed, back }: { ctx: ViewContext; commitment: Commitment; allowed: string[]; back: 'roadmap' | 'commitment' }) {
  const { t } = ctx;
  if (allowed.length === 0) return null;
  return (
    <form method="post" action={`/commitments/${commitment.id}/status`} class="transition">
      <CsrfField ctx={ctx} />
      <input type="hidden" name="version" value={String(commitment.version)} />
      <input type="hidden" name="back" value={back} />
      {allowed.map((target) => (
        <button type="submit" name="status" value={target} aria-label={t('roadmaps.moveCommitment', { number: commitment.number, status: statusLabel(ctx, NOUN, target) })}>
          {t('lifecycle.moveTo', { status: statusLabel(ctx, NOUN, target) })}
        </button>
      ))}
    </form>
  );
}

/** A note form; `values`/`errors` after a refused note keep what was typed. */
function NoteForm({ ctx, commitment, back, values, errors }: { ctx: ViewContext; commitment: Commitment; back: 'roadmap' | 'commitment'; values?: RoadmapForm | undefined; errors?: FormError[] | undefined }) {
  const { t } = ctx;
  const id = `note-${commitment.id}`;
  return (
    <form method="post" action={`/commitments/${commitment.id}/notes`} class="note-form">
      <CsrfField ctx={ctx} />
      <input type="hidden" name="back" value={back} />
      {errors !== undefined && errors.length > 0 ? <ErrorSummary ctx={ctx} errors={errors} conflict={null} /> : null}
      <label for={`${id}-text`}>{t('roadmaps.note.text', { number: commitment.number })}</label>
      <textarea id={`${id}-text`} name="text" rows={2} maxlength={5000} required>{values !== undefined ? field(values, 'text') : ''}</textarea>
      <label for={`${id}-day`}>{t('roadmaps.note.day')}</label>
      <DayInput id={`${id}-day`} name="noted_on" value={values !== undefined ? field(values, 'noted_on') : ''} />
      <button type="submit">{t('roadmaps.note.add')}</button>
    </form>
  );
}

/** The list of roadmaps with their progress. */
export function RoadmapListPage({ ctx, items, total, limit, offset, params, canCreate }: {
  ctx: ViewContext; items: RoadmapSummary[]; total: number; limit: number; offset: number; params: URLSearchParams; canCreate: boolean;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('roadmaps.title')}>
      <h1>{t('roadmaps.title')}</h1>
      <p class="lead">{t('roadmaps.intro')}</p>
      <p class="actions">
        {params.get('overdue') === 'true' ? <a href="/roadmaps">{t('roadmaps.list.all')}</a> : <a href="/roadmaps?overdue=true">{t('roadmaps.list.onlyOverdue')}</a>}
        {canCreate ? <a href="/roadmaps/new">{t('roadmaps.new')}</a> : null}
      </p>
      <p class="count">{t('roadmaps.list.count', { count: total })}</p>
      {items.length === 0 ? (
        <p>{t('roadmaps.list.empty')}</p>
      ) : (
        <ul class="cards">
          {items.map((roadmap) => (
            <li class="card">
              <h2>
                <a href={`/roadmaps/${roadmap.id}`}>{roadmap.title}</a>
              </h2>
              <p class="meta">
                {roadmap.event !== null ? t('roadmaps.adoptedAt', { event: roadmap.event.title }) : ''}
                {roadmap.adoptedOn !== null ? ` · ${formatDay(ctx, roadmap.adoptedOn)}` : ''}
                {roadmap.publication !== 'published' ? ` · ${t(`status.${roadmap.deleted ? 'deleted' : roadmap.publication}`)}` : ''}
                {roadmap.demo ? ` · ${t('roadmaps.demo')}` : ''}
              </p>
              <ProgressSummary ctx={ctx} progress={roadmap.progress} id={roadmap.id} />
            </li>
          ))}
        </ul>
      )}
      <Pager ctx={ctx} base="/roadmaps" params={params} total={total} limit={limit} offset={offset} />
    </Layout>
  );
}

/** A roadmap: its event, progress, numbered commitments with their forms, and its timeline. */
export function RoadmapPage({ ctx, roadmap, actions, commitmentActions, addCommitment, history, timeline }: {
  ctx: ViewContext; roadmap: Roadmap; actions: RoadmapActions; commitmentActions: Map<string, CommitmentActions>; addCommitment: boolean; history: boolean; timeline: StateChange[];
}) {
  const { t } = ctx;
  const textLang = roadmap.language !== ctx.lang ? roadmap.language : undefined;
  return (
    <Layout ctx={ctx} title={roadmap.title} description={roadmap.description !== '' ? roadmap.description.slice(0, 300) : undefined}>
      <article class="roadmap">
        <header>
          <p class="kicker">{t('roadmaps.kicker')}</p>
          <h1 lang={textLang}>{roadmap.title}</h1>
          <p class="meta">
            {roadmap.event !== null ? (
              <>
                {t('roadmaps.adoptedAtLabel')} <a href={`/events/${roadmap.event.id}`}>{roadmap.event.title}</a>
              </>
            ) : null}
            {roadmap.adoptedOn !== null ? ` · ${t('roadmaps.adoptedOn', { day: formatDay(ctx, roadmap.adoptedOn) })}` : ''}
          </p>
          <p class="badges">
            {roadmap.publication !== 'published' || roadmap.deleted ? <span class="badge status">{t(`status.${roadmap.deleted ? 'deleted' : roadmap.publication}`)}</span> : null}
            {roadmap.demo ? <span class="badge">{t('roadmaps.demo')}</span> : null}
          </p>
        </header>
        {roadmap.description !== '' ? <p class="summary" lang={textLang}>{roadmap.description}</p> : null}
        <section aria-labelledby="progress-title">
          <h2 id="progress-title">{t('roadmaps.progress.title')}</h2>
          <ProgressSummary ctx={ctx} progress={roadmap.progress} id={roadmap.id} />
        </section>
        <section aria-labelledby="commitments-title">
          <h2 id="commitments-title">{t('roadmaps.commitments')}</h2>
          {roadmap.commitments.length === 0 ? <p>{t('roadmaps.noCommitments')}</p> : (
            <div class="table-scroll">
              <table class="commitments">
                <thead>
                  <tr>
                    <th scope="col">{t('roadmaps.column.number')}</th>
                    <th scope="col">{t('roadmaps.column.text')}</th>
                    <th scope="col">{t('roadmaps.column.owners')}</th>
                    <th scope="col">{t('roadmaps.column.due')}</th>
                    <th scope="col">{t('roadmaps.column.status')}</th>
                    <th scope="col">{t('roadmaps.column.evidence')}</th>
                    <th scope="col">{t('roadmaps.column.notes')}</th>
                  </tr>
                </thead>
                <tbody>
                  {roadmap.commitments.map((commitment) => {
                    const allowed = commitmentActions.get(commitment.id) ?? { edit: false, statuses: [], note: false };
                    return (
                      <tr id={`commitment-${commitment.number}`} class={commitment.overdue ? 'overdue' : undefined}>
                        <th scope="row">
                          <a href={`/commitments/${commitment.id}`}>{commitment.number}</a>
                        </th>
                        <td lang={textLang}>{commitment.text}</td>
                        <td><OwnerLinks owners={commitment.owners} /></td>
                        <td>{commitment.dueOn !== null ? <time datetime={commitment.dueOn}>{formatDay(ctx, commitment.dueOn)}</time> : '—'}</td>
                        <td>
                          <StatusCell ctx={ctx} commitment={commitment} />
                          <MoveForm ctx={ctx} commitment={commitment} allowed={allowed.statuses} back="roadmap" />
                          {allowed.edit ? <p><a href={`/commitments/${commitment.id}/edit`}>{t('roadmaps.editCommitment', { number: commitment.number })}</a></p> : null}
                        </td>
                        <td><EvidenceLinks commitment={commitment} /></td>
                        <td>
                          <Notes ctx={ctx} commitment={commitment} />
                          {allowed.note ? (
                            <details>
                              <summary>{t('roadmaps.note.add')}</summary>
                              <NoteForm ctx={ctx} commitment={commitment} back="roadmap" />
                            </details>
                          ) : null}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {addCommitment ? <p class="actions"><a href={`/roadmaps/${roadmap.id}/commitments/new`}>{t('roadmaps.addCommitment')}</a></p> : null}
        </section>
        {actions.edit || history ? (
          <p class="actions">
            {actions.edit ? <a href={`/roadmaps/${roadmap.id}/edit`}>{t('curation.edit')}</a> : null}
            {history ? <a href={`/roadmaps/${roadmap.id}/history`}>{t('curation.history')}</a> : null}
          </p>
        ) : null}
        <LifecycleActions ctx={ctx} noun="roadmap" action={`/roadmaps/${roadmap.id}`} version={roadmap.version} status={null} publication={roadmap.deleted ? 'deleted' : roadmap.publication} allowed={actions} />
        <TimelineSection ctx={ctx} noun="roadmap" changes={timeline} />
        <footer class="provenance">
          <p class="muted">
            <a href={`/api/v1/roadmaps/${roadmap.id}`}>{t('roadmaps.json')}</a>
          </p>
        </footer>
      </article>
    </Layout>
  );
}

/** One commitment: its roadmap, owners, due date, status, evidence, notes, the forms allowed and its timeline. */
export function CommitmentPage({ ctx, commitment, actions, publication, history, timeline, reminders, note }: {
  ctx: ViewContext; commitment: Commitment; actions: CommitmentActions; publication: RecordState; history: boolean; timeline: StateChange[];
  reminders: { remindedOn: string; recipients: string[]; delivery: string }[];
  note?: { values: RoadmapForm; errors: FormError[] } | undefined;
}) {
  const { t } = ctx;
  const title = t('roadmaps.commitmentTitle', { number: commitment.number, roadmap: commitment.roadmapTitle });
  return (
    <Layout ctx={ctx} title={title}>
      <article class="commitment">
        <header>
          <p class="kicker">
            <a href={`/roadmaps/${commitment.roadmapId}#commitment-${commitment.number}`}>{commitment.roadmapTitle}</a>
          </p>
          <h1>{t('roadmaps.commitmentHeading', { number: commitment.number })}</h1>
        </header>
        <p class="summary">{commitment.text}</p>
        <dl class="facts">
          <dt>{t('roadmaps.column.status')}</dt>
          <dd><StatusCell ctx={ctx} commitment={commitment} /></dd>
          <dt>{t('roadmaps.column.owners')}</dt>
          <dd>{commitment.owners.length > 0 ? <OwnerLinks owners={commitment.owners} /> : '—'}</dd>
          <dt>{t('roadmaps.column.due')}</dt>
          <dd>{commitment.dueOn !== null ? <time datetime={commitment.dueOn}>{formatDay(ctx, commitment.dueOn)}</time> : '—'}</dd>
          {commitment.evidence.length > 0 ? (
            <>
              <dt>{t('roadmaps.column.evidence')}</dt>
              <dd><EvidenceLinks commitment={commitment} /></dd>
            </>
          ) : null}
        </dl>
        <section aria-labelledby="notes-title">
          <h2 id="notes-title">{t('roadmaps.column.notes')}</h2>
          {commitment.notes.length === 0 ? <p class="muted">{t('roadmaps.note.none')}</p> : <Notes ctx={ctx} commitment={commitment} />}
          {actions.note ? <NoteForm ctx={ctx} commitment={commitment} back="commitment" values={note?.values} errors={note?.errors} /> : null}
        </section>
        {actions.edit || history ? (
          <p class="actions">
            {actions.edit ? <a href={`/commitments/${commitment.id}/edit`}>{t('curation.edit')}</a> : null}
            {history ? <a href={`/commitments/${commitment.id}/history`}>{t('curation.history')}</a> : null}
          </p>
        ) : null}
        <LifecycleActions ctx={ctx} noun={NOUN} action={`/commitments/${commitment.id}`} version={commitment.version} status={commitment.status} publication={publication} allowed={{ ...actions, publications: [] }} />
        {reminders.length > 0 ? (
          <section aria-labelledby="reminders-title">
            <h2 id="reminders-title">{t('roadmaps.reminders.title')}</h2>
            <ul>
              {reminders.map((reminder) => (
                <li>
                  <time datetime={reminder.remindedOn}>{formatDay(ctx, reminder.remindedOn)}</time>{' '}
                  {reminder.delivery === 'none' ? t('roadmaps.reminders.nobody') : t('roadmaps.reminders.sent', { count: reminder.recipients.length })}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <TimelineSection ctx={ctx} noun={NOUN} changes={timeline} />
        <footer class="provenance">
          <p class="muted">
            <a href={`/api/v1/commitments/${commitment.id}`}>{t('roadmaps.json')}</a>
          </p>
        </footer>
      </article>
    </Layout>
  );
}

/** The roadmap form (new or edit): plain HTML; keeps what was typed after a refusal or a conflict. */
export function RoadmapFormPage({ ctx, action, heading, form, version, errors, conflict, events, organisations, cancel }: {
  ctx: ViewContext; action: string; heading: string; form: RoadmapForm; version: number | null; errors: FormError[]; conflict: number | null;
  events: RoadmapEventRef[]; organisations: { id: string; name: string }[]; cancel: string;
}) {
  const { t } = ctx;
  const value = (name: string) => field(form, name);
  return (
    <Layout ctx={ctx} title={heading}>
      <h1>{heading}</h1>
      <ErrorSummary ctx={ctx} errors={errors} conflict={conflict} />
      <form method="post" action={action} class="record-form">
        <CsrfField ctx={ctx} />
        {version !== null ? <input type="hidden" name="version" value={String(version)} /> : null}
        <Field id="f-title" label={t('roadmaps.form.title')}>
          <input id="f-title" name="title" type="text" value={value('title')} required maxLength={300} />
        </Field>
        <Field id="f-event" label={t('roadmaps.form.event')} hint={t('roadmaps.form.eventHint')}>
          <select id="f-event" name="event_id" required aria-describedby="f-event-hint">
            <option value="">{t('roadmaps.form.chooseEvent')}</option>
            {events.map((event) => (
              <option value={event.id} selected={value('event_id') === event.id}>
                {`${event.title} (${formatDay(ctx, event.startsAt)})`}
              </option>
            ))}
          </select>
        </Field>
        <Field id="f-adopted" label={t('roadmaps.form.adoptedOn')}>
          <DayInput id="f-adopted" name="adopted_on" value={value('adopted_on')} />
        </Field>
        <Field id="f-description" label={t('roadmaps.form.description')}>
          <textarea id="f-description" name="description" rows={5}>{value('description')}</textarea>
        </Field>
        <Field id="f-language" label={t('form.practice.language')}>
          <select id="f-language" name="language">
            {['en', 'fr', 'es', 'pt'].map((lang) => (
              <option value={lang} selected={(value('language') || 'en') === lang}>
                {t(`languages.${lang}`)}
              </option>
            ))}
          </select>
        </Field>
        <OwnerField id="f-owner" label={t('form.practice.owner')} noneLabel={t('form.practice.ownerNone')} organisations={organisations} selected={value('owner_organisation_id')} />
        <p class="actions">
          <button type="submit">{t('form.save')}</button>
          <a href={cancel}>{t('form.cancel')}</a>
        </p>
      </form>
    </Layout>
  );
}

/** The commitment form (new or edit): owners to tick (the event's parties and the roadmap's owners) or to write by id. */
export function CommitmentFormPage({ ctx, action, heading, roadmap, form, version, errors, conflict, owners, cancel }: {
  ctx: ViewContext; action: string; heading: string; roadmap: { id: string; title: string }; form: RoadmapForm; version: number | null; errors: FormError[]; conflict: number | null;
  owners: CommitmentOwner[]; cancel: string;
}) {
  const { t } = ctx;
  const value = (name: string) => field(form, name);
  const ticked = list(form, 'owners');
  const offered = owners.map((owner) => ({ key: ownerKey(owner), label: owner.name }));
  for (const key of ticked) if (!offered.some((o) => o.key === key)) offered.push({ key, label: key });
  return (
    <Layout ctx={ctx} title={heading}>
      <p class="kicker">
        <a href={`/roadmaps/${roadmap.id}`}>{roadmap.title}</a>
      </p>
      <h1>{heading}</h1>
      <ErrorSummary ctx={ctx} errors={errors} conflict={conflict} />
      <form method="post" action={action} class="record-form">
        <CsrfField ctx={ctx} />
        {version !== null ? <input type="hidden" name="version" value={String(version)} /> : null}
        <Field id="f-text" label={t('roadmaps.form.text')}>
          <textarea id="f-text" name="text" rows={3} required maxlength={5000}>{value('text')}</textarea>
        </Field>
        <Field id="f-due" label={t('roadmaps.form.dueOn')}>
          <DayInput id="f-due" name="due_on" value={value('due_on')} />
        </Field>
        <fieldset>
          <legend>{t('roadmaps.column.owners')}</legend>
          {offered.map((owner) => (
            <label class="choice">
              <input type="checkbox" name="owners" value={owner.key} checked={ticked.includes(owner.key)} /> {owner.label}
            </label>
          ))}
          <Field id="f-other-owners" label={t('roadmaps.form.otherOwners')} hint={t('roadmaps.form.otherOwnersHint')}>
            <textarea id="f-other-owners" name="other_owners" rows={2} aria-describedby="f-other-owners-hint">{value('other_owners')}</textarea>
          </Field>
        </fieldset>
        <Field id="f-evidence" label={t('roadmaps.column.evidence')} hint={t('roadmaps.form.evidenceHint')}>
          <textarea id="f-evidence" name="evidence" rows={3} aria-describedby="f-evidence-hint">{value('evidence')}</textarea>
        </Field>
        <p class="actions">
          <button type="submit">{t('form.save')}</button>
          <a href={cancel}>{t('form.cancel')}</a>
        </p>
      </form>
    </Layout>
  );
}

/**
 * "Overdue commitments" on a place's or an organisation's page (those it answers for, that
 * the reader may see); nothing when there are none. Exported for the places and organisations
 * pages (index.ts).
 */
export function OverdueCommitmentsSection({ ctx, commitments }: { ctx: ViewContext; commitments: Commitment[] }) {
  const { t } = ctx;
  if (commitments.length === 0) return null;
  return (
    <section class="overdue-commitments" aria-labelledby="overdue-title">
      <h2 id="overdue-title">{t('roadmaps.overdueSection.title')}</h2>
      <ul>
        {commitments.map((commitment) => (
          <li>
            <span class="badge overdue">{t('roadmaps.overdue')}</span>{' '}
            <a href={`/commitments/${commitment.id}`}>{t('roadmaps.commitmentTitle', { number: commitment.number, roadmap: commitment.roadmapTitle })}</a>
            {': '}
            {commitment.text}{' '}
            <span class="meta">
              {t('roadmaps.overdueSection.due', { day: formatDay(ctx, commitment.dueOn!), status: statusLabel(ctx, NOUN, commitment.status) })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
