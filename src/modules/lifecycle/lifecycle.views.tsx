import type { ViewContext } from '../../views/context.js';
import { CsrfField } from '../../views/csrf.js';
import type { RecordState } from '../../platform/auth/permissions.js';
import type { StateChange } from './lifecycle.domain.js';

/**
 * A lifecycle status by its translated label. Each module's statuses live under
 * `lifecycle.status.<noun>.<status>` in the locale files.
 */
export function statusLabel(ctx: ViewContext, noun: string, status: string): string {
  return ctx.t(`lifecycle.status.${noun}.${status}`, { defaultValue: status });
}

/** A short day, e.g. "7 Nov 2012", from an ISO day (YYYY-MM-DD) or an instant. */
export function formatDay(ctx: ViewContext, value: string | Date, timeZone = 'UTC'): string {
  const date = typeof value === 'string' ? new Date(`${value}T00:00:00Z`) : value;
  return new Intl.DateTimeFormat(ctx.lang, { dateStyle: 'medium', timeZone }).format(date);
}

/** The record's timeline: who moved it from what to what, when, and why. */
export function TimelineSection({ ctx, noun, changes }: { ctx: ViewContext; noun: string; changes: StateChange[] }) {
  const { t } = ctx;
  if (changes.length === 0) return null;
  const label = (change: StateChange, value: string) => (change.field === 'status' ? statusLabel(ctx, noun, value) : t(`status.${value}`, { defaultValue: value }));
  return (
    <section class="timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('lifecycle.timeline')}</h2>
      <ol>
        {changes.map((change) => (
          <li>
            <time datetime={change.at.toISOString()}>{new Intl.DateTimeFormat(ctx.lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(change.at)} UTC</time>{' '}
            <span>
              {change.from === null
                ? t(change.field === 'status' ? 'lifecycle.createdStatus' : 'lifecycle.createdPublication', { to: label(change, change.to) })
                : t(change.field === 'status' ? 'lifecycle.movedStatus' : 'lifecycle.movedPublication', { from: label(change, change.from), to: label(change, change.to) })}
            </span>{' '}
            <span class="meta">{change.by.name !== null ? t('lifecycle.by', { name: change.by.name }) : change.by.memberId !== null ? t('lifecycle.byMember') : t('lifecycle.byOperator')}</span>
            {change.note !== null ? <p class="note">{change.note}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * The moves the actor may make now, as forms: lifecycle moves (with an optional note) and the
 * curation moves. Each posts to /{collection}/{id}/status or …/publication and comes back.
 */
export function LifecycleActions({ ctx, noun, action, version, status, publication, allowed }: {
  ctx: ViewContext;
  noun: string;
  /** The record's page path, e.g. /partnerships/{id}. */
  action: string;
  version: number;
  status: string | null;
  publication: RecordState;
  allowed: { edit: boolean; statuses: string[]; publications: RecordState[] };
}) {
  const { t } = ctx;
  if (allowed.statuses.length === 0 && allowed.publications.length === 0) return null;
  return (
    <section class="curation" aria-labelledby="moves-title">
      <h2 id="moves-title">{t('lifecycle.moves')}</h2>
      <p class="meta">
        {status !== null ? `${t('lifecycle.statusIs', { status: statusLabel(ctx, noun, status) })} · ` : ''}
        {t('curation.state', { state: t(`status.${publication}`), version })}
      </p>
      {allowed.statuses.length > 0 ? (
        <form method="post" action={`${action}/status`} class="transition">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="version" value={String(version)} />
          <label for="status-note">{t('lifecycle.note')}</label>
          <textarea id="status-note" name="note" rows={2} maxlength={5000} />
          <p class="actions">
            {allowed.statuses.map((target) => (
              <button type="submit" name="status" value={target}>{t('lifecycle.moveTo', { status: statusLabel(ctx, noun, target) })}</button>
            ))}
          </p>
        </form>
      ) : null}
      {allowed.publications.map((target) => (
        <form method="post" action={`${action}/publication`} class="transition">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="publication" value={target} />
          <input type="hidden" name="version" value={String(version)} />
          <button type="submit">{t(`curation.to.${publication === 'deleted' && target === 'draft' ? 'restore' : target}`)}</button>
        </form>
      ))}
    </section>
  );
}
