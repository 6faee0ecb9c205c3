import type { ComponentChildren } from 'preact';
import type { ViewContext } from './context.js';

/** A problem with what was typed: the field (the API's name for it) and why. */
export interface FormError {
  field?: string | undefined;
  reason: string;
}

/**
 * The box at the top of a refused form: the problems of a 400, or the conflict of a 409 (someone
 * saved the record since the version this form started from; what was typed is still below).
 */
export function ErrorSummary({ ctx, errors, conflict }: { ctx: ViewContext; errors: FormError[]; conflict: number | null }) {
  const { t } = ctx;
  if (errors.length === 0 && conflict === null) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      <h2>{conflict !== null ? t('form.conflictTitle') : t('form.errorsTitle')}</h2>
      {conflict !== null ? <p>{t('form.conflict', { version: conflict })}</p> : null}
      {errors.length > 0 ? (
        <ul>
          {errors.map((error) => (
            <li>
              {error.field !== undefined ? <code>{error.field}</code> : null} {error.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A labelled form field with an optional hint (its id is `<id>-hint`, for aria-describedby). */
export function Field({ id, label, hint, children }: { id: string; label: string; hint?: string | undefined; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint !== undefined ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
    </div>
  );
}

/**
 * The "organisation it belongs to" choice of a record form (its members may then edit the
 * draft); nothing when the writer belongs to no organisation.
 */
export function OwnerField({ id, label, noneLabel, organisations, selected }: {
  id: string;
  label: string;
  noneLabel: string;
  organisations: readonly { id: string; name: string }[];
  selected: string | undefined | null;
}) {
  if (organisations.length === 0) return null;
  return (
    <Field id={id} label={label}>
      <select id={id} name="owner_organisation_id">
        <option value="">{noneLabel}</option>
        {organisations.map((organisation) => (
          <option value={organisation.id} selected={selected === organisation.id}>
            {organisation.name}
          </option>
        ))}
      </select>
    </Field>
  );
}
