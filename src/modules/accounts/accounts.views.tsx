import type { ComponentChildren, JSX } from 'preact';
import { formatDate } from '../../views/components.js';
import type { ViewContext } from '../../views/context.js';
import { CsrfField } from '../../views/csrf.js';
import { Layout } from '../../views/layout.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../platform/auth/password.js';
import { PROFILE_LANGUAGES, PUBLIC_FIELDS, type ApiTokenInfo, type TokenScope } from './accounts.domain.js';
import type { Profile, PublicProfile } from './accounts.service.js';

export interface FieldProblem {
  field: string;
  reason: string;
}

function problemText(ctx: ViewContext, problem: FieldProblem): string {
  return ctx.t(`account.problem.${problem.reason}`, { defaultValue: ctx.t('account.problem.invalid'), min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH });
}

/** A labelled input; its problem (if any) is announced with it. Passwords are never refilled. */
function Field({ ctx, id, name, label, type = 'text', value, autocomplete, problems, required, hint, minLength, maxLength }: {
  ctx: ViewContext; id: string; name: string; label: string; type?: 'text' | 'email' | 'password'; value?: string; autocomplete?: string; problems?: FieldProblem[];
  required?: boolean; hint?: string; minLength?: number; maxLength?: number;
}) {
  const problem = problems?.find((p) => p.field === name);
  const described = [hint !== undefined ? `${id}-hint` : null, problem !== undefined ? `${id}-error` : null].filter((v) => v !== null).join(' ');
  // One object, so that the type-dependent attribute union of preact's JSX accepts it.
  const inputAttributes = {
    id, name, type, value: type === 'password' ? undefined : value, autocomplete, required, minLength, maxLength,
    'aria-invalid': problem !== undefined ? 'true' : undefined,
    'aria-describedby': described === '' ? undefined : described,
  };
  return (
    <p class="field">
      <label for={id}>{label}</label>
      {hint !== undefined ? <span id={`${id}-hint`} class="hint">{hint}</span> : null}
      {problem !== undefined ? <span id={`${id}-error`} class="field-error">{problemText(ctx, problem)}</span> : null}
      <input {...(inputAttributes as JSX.IntrinsicElements['input'])} />
    </p>
  );
}

function ErrorSummary({ ctx, message, problems }: { ctx: ViewContext; message?: string | null; problems?: FieldProblem[] }) {
  if ((message === undefined || message === null) && (problems === undefined || problems.length === 0)) return null;
  return (
    <div class="error-summary" role="alert">
      <p>{message ?? ctx.t('account.fixProblems')}</p>
    </div>
  );
}

function NewPasswordFields({ ctx, problems, prefix }: { ctx: ViewContext; problems?: FieldProblem[]; prefix: string }) {
  const { t } = ctx;
  return (
    <>
      <Field ctx={ctx} id={`${prefix}-password`} name="password" type="password" label={t('account.newPassword')} autocomplete="new-password" required
        minLength={PASSWORD_MIN_LENGTH} maxLength={PASSWORD_MAX_LENGTH} hint={t('account.passwordHint', { min: PASSWORD_MIN_LENGTH })} problems={problems} />
      <Field ctx={ctx} id={`${prefix}-password-confirm`} name="password_confirm" type="password" label={t('account.confirmPassword')} autocomplete="new-password" required
        maxLength={PASSWORD_MAX_LENGTH} problems={problems} />
    </>
  );
}

function Narrow({ ctx, title, children }: { ctx: ViewContext; title: string; children: ComponentChildren }) {
  return (
    <Layout ctx={ctx} title={title}>
      <div class="narrow">
        <h1>{title}</h1>
        {children}
      </div>
    </Layout>
  );
}

export function SignInPage({ ctx, email, next, error, notice }: { ctx: ViewContext; email: string; next: string | null; error?: string | null; notice?: string | null }) {
  const { t } = ctx;
  return (
    <Narrow ctx={ctx} title={t('account.signIn.title')}>
      {notice ? <p class="note" role="status">{notice}</p> : null}
      <ErrorSummary ctx={ctx} message={error} />
      <form method="post" action="/sign-in" class="account-form">
        <CsrfField ctx={ctx} />
        {next !== null ? <input type="hidden" name="next" value={next} /> : null}
        <Field ctx={ctx} id="sign-in-email" name="email" type="email" label={t('account.email')} value={email} autocomplete="username" required maxLength={254} />
        <Field ctx={ctx} id="sign-in-password" name="password" type="password" label={t('account.passwordLabel')} autocomplete="current-password" required maxLength={PASSWORD_MAX_LENGTH} />
        <p>
          <button type="submit">{t('account.signIn.submit')}</button>
        </p>
      </form>
      <p>
        <a href="/reset-password">{t('account.signIn.forgot')}</a> · <a href="/register">{t('account.signIn.register')}</a>
      </p>
    </Narrow>
  );
}

export function SignOutPage({ ctx }: { ctx: ViewContext }) {
  const { t } = ctx;
  return (
    <Narrow ctx={ctx} title={t('account.signOut.title')}>
      <p>{t('account.signOut.lead')}</p>
      <form method="post" action="/sign-out">
        <CsrfField ctx={ctx} />
        <button type="submit">{t('account.signOut.submit')}</button>
      </form>
    </Narrow>
  );
}

export function RegisterPage({ ctx, mode, values, problems, invitation, invitedEmail }: {
  ctx: ViewContext;
  /** open: anyone; closed: invitation only and none given; invitation: following one. */
  mode: 'open' | 'closed' | 'invitation';
  values: { email: string; name: string };
  problems?: FieldProblem[];
  invitation?: string;
  invitedEmail?: string;
}) {
  const { t } = ctx;
  if (mode === 'closed') {
    return (
      <Narrow ctx={ctx} title={t('account.register.title')}>
        <p>{t('account.register.closed')}</p>
        <p>
          <a href="/sign-in">{t('account.signIn.title')}</a>
        </p>
      </Narrow>
    );
  }
  return (
    <Narrow ctx={ctx} title={t('account.register.title')}>
      {mode === 'invitation' ? <p class="note">{t('account.register.invited', { email: invitedEmail ?? '' })}</p> : <p>{t('account.register.lead')}</p>}
      <ErrorSummary ctx={ctx} problems={problems} />
      <form method="post" action="/register" class="account-form">
        <CsrfField ctx={ctx} />
        {mode === 'invitation' ? <input type="hidden" name="invitation" value={invitation} /> : null}
        {mode === 'open' ? (
          <Field ctx={ctx} id="register-email" name="email" type="email" label={t('account.email')} value={values.email} autocomplete="email" required maxLength={254} problems={problems} />
        ) : null}
        <Field ctx={ctx} id="register-name" name="name" label={t('account.name')} value={values.name} autocomplete="name" maxLength={120} problems={problems} />
        <NewPasswordFields ctx={ctx} problems={problems} prefix="register" />
        <p>
          <button type="submit">{t('account.register.submit')}</button>
        </p>
      </form>
    </Narrow>
  );
}

/** A page with one message and a way on (check your email, link expired, email verified…). */
export function MessagePage({ ctx, title, message, link }: { ctx: ViewContext; title: string; message: string; link?: { href: string; label: string } }) {
  return (
    <Narrow ctx={ctx} title={title}>
      <p role="status">{message}</p>
      {link !== undefined ? (
        <p>
          <a href={link.href}>{link.label}</a>
        </p>
      ) : null}
    </Narrow>
  );
}

export function ResetRequestPage({ ctx, email, problems }: { ctx: ViewContext; email: string; problems?: FieldProblem[] }) {
  const { t } = ctx;
  return (
    <Narrow ctx={ctx} title={t('account.reset.title')}>
      <p>{t('account.reset.lead')}</p>
      <ErrorSummary ctx={ctx} problems={problems} />
      <form method="post" action="/reset-password" class="account-form">
        <CsrfField ctx={ctx} />
        <Field ctx={ctx} id="reset-email" name="email" type="email" label={t('account.email')} value={email} autocomplete="email" required maxLength={254} problems={problems} />
        <p>
          <button type="submit">{t('account.reset.submit')}</button>
        </p>
      </form>
    </Narrow>
  );
}

export function ResetSetPage({ ctx, token, problems }: { ctx: ViewContext; token: string; problems?: FieldProblem[] }) {
  const { t } = ctx;
  return (
    <Narrow ctx={ctx} title={t('account.reset.setTitle')}>
      <ErrorSummary ctx={ctx} problems={problems} />
      <form method="post" action="/reset-password" class="account-form">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="token" value={token} />
        <NewPasswordFields ctx={ctx} problems={problems} prefix="reset" />
        <p>
          <button type="submit">{t('account.reset.setSubmit')}</button>
        </p>
      </form>
    </Narrow>
  );
}

export interface AccountPageState {
  /** Which form the problems belong to. */
  form?: 'profile' | 'password' | 'token' | 'delete';
  problems?: FieldProblem[];
  /** What was typed in the profile form, when it is shown again. */
  profileValues?: { name: string; languages: string[]; expertise: string; publicFields: string[] };
  tokenValues?: { name: string; scope: string };
  newToken?: { token: string; info: ApiTokenInfo } | null;
  notice?: string | null;
}

function scopesFor(role: string): TokenScope[] {
  return role === 'admin' ? ['read', 'write', 'admin'] : ['read', 'write'];
}

export function AccountPage({ ctx, profile, state }: { ctx: ViewContext; profile: Profile; state: AccountPageState }) {
  const { t } = ctx;
  const { member } = profile;
  const problemsOf = (form: AccountPageState['form']) => (state.form === form ? state.problems : undefined);
  const values = state.profileValues ?? { name: member.name, languages: member.languages, expertise: member.expertise.join(', '), publicFields: member.publicFields };
  const tokenValues = state.tokenValues ?? { name: '', scope: 'read' };
  const live = profile.tokens.filter((token) => token.revokedAt === null);
  return (
    <Layout ctx={ctx} title={t('account.title')}>
      <h1>{t('account.title')}</h1>
      {state.notice ? <p class="note" role="status">{state.notice}</p> : null}
      <dl class="facts">
        <dt>{t('account.email')}</dt>
        <dd>{member.email}</dd>
        <dt>{t('account.role')}</dt>
        <dd>{t(`account.roles.${member.role}`)}</dd>
        <dt>{t('account.organisations')}</dt>
        <dd>
          {profile.organisations.length === 0
            ? t('account.noOrganisations')
            : profile.organisations.map((o, i) => (
              <>
                {i > 0 ? ', ' : ''}
                <a href={`/organisations/${o.id}`}>{o.name}</a>
                {o.focalPoint ? ` (${t('account.focalPoint')})` : ''}
              </>
            ))}
        </dd>
      </dl>
      <p class="muted">{t('account.organisationsHint')}</p>

      <section aria-labelledby="profile-heading">
        <h2 id="profile-heading">{t('account.profile.title')}</h2>
        <ErrorSummary ctx={ctx} problems={problemsOf('profile')} />
        <form method="post" action="/account/profile" class="account-form">
          <CsrfField ctx={ctx} />
          <Field ctx={ctx} id="profile-name" name="name" label={t('account.name')} value={values.name} autocomplete="name" maxLength={120} problems={problemsOf('profile')} />
          <fieldset>
            <legend>{t('account.profile.languages')}</legend>
            {PROFILE_LANGUAGES.map((code) => (
              <label>
                <input type="checkbox" name="languages" value={code} checked={values.languages.includes(code)} /> {t(`account.languageNames.${code}`)}
              </label>
            ))}
          </fieldset>
          <Field ctx={ctx} id="profile-expertise" name="expertise" label={t('account.profile.expertise')} hint={t('account.profile.expertiseHint')} value={values.expertise}
            maxLength={1200} problems={problemsOf('profile')} />
          <fieldset aria-describedby="profile-public-hint">
            <legend>{t('account.profile.public')}</legend>
            <p id="profile-public-hint" class="hint">{t('account.profile.publicHint')}</p>
            {PUBLIC_FIELDS.map((field) => (
              <label>
                <input type="checkbox" name="public_fields" value={field} checked={values.publicFields.includes(field)} /> {t(`account.profile.fields.${field}`)}
                {' '}<span class="hint">({t(`account.profile.fieldHints.${field}`)})</span>
              </label>
            ))}
          </fieldset>
          <p>
            <button type="submit">{t('account.profile.submit')}</button>
          </p>
        </form>
        {member.publicFields.length > 0 ? (
          <p>
            <a href={`/members/${member.id}`}>{t('account.profile.publicPage')}</a>
          </p>
        ) : (
          <p class="muted">{t('account.profile.nothingPublic')}</p>
        )}
      </section>

      <section aria-labelledby="password-heading">
        <h2 id="password-heading">{t('account.password.title')}</h2>
        <p>{t('account.password.lead')}</p>
        <ErrorSummary ctx={ctx} problems={problemsOf('password')} />
        <form method="post" action="/account/password" class="account-form">
          <CsrfField ctx={ctx} />
          <Field ctx={ctx} id="password-current" name="current_password" type="password" label={t('account.currentPassword')} autocomplete="current-password" required
            maxLength={PASSWORD_MAX_LENGTH} problems={problemsOf('password')} />
          <NewPasswordFields ctx={ctx} problems={problemsOf('password')} prefix="change" />
          <p>
            <button type="submit">{t('account.password.submit')}</button>
          </p>
        </form>
      </section>

      <section aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">{t('account.tokens.title')}</h2>
        <p>{t('account.tokens.lead')}</p>
        {state.newToken ? (
          <div class="note" role="status">
            <p>{t('account.tokens.createdNotice')}</p>
            <p>
              <code class="token">{state.newToken.token}</code>
            </p>
          </div>
        ) : null}
        {live.length === 0 ? (
          <p class="muted">{t('account.tokens.none')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('account.tokens.name')}</th>
                <th scope="col">{t('account.tokens.scope')}</th>
                <th scope="col">{t('account.tokens.created')}</th>
                <th scope="col">{t('account.tokens.lastUsed')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('account.tokens.revoke')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {live.map((token) => (
                <tr>
                  <td>{token.name !== '' ? token.name : t('account.tokens.unnamed')}</td>
                  <td>{t(`account.scopes.${token.scope}`)}</td>
                  <td>{formatDate(ctx, token.createdAt)}</td>
                  <td>{token.lastUsedAt !== null ? formatDate(ctx, token.lastUsedAt) : t('account.tokens.never')}</td>
                  <td>
                    <form method="post" action={`/account/tokens/${token.id}/revoke`} class="inline">
                      <CsrfField ctx={ctx} />
                      <button type="submit">{t('account.tokens.revoke')}</button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <ErrorSummary ctx={ctx} problems={problemsOf('token')} />
        <form method="post" action="/account/tokens" class="account-form">
          <CsrfField ctx={ctx} />
          <Field ctx={ctx} id="token-name" name="name" label={t('account.tokens.name')} value={tokenValues.name} maxLength={120} problems={problemsOf('token')} />
          <fieldset>
            <legend>{t('account.tokens.scope')}</legend>
            {problemsOf('token')?.filter((p) => p.field === 'scope').map((p) => <p class="field-error">{problemText(ctx, p)}</p>)}
            {scopesFor(member.role).map((scope) => (
              <label>
                <input type="radio" name="scope" value={scope} checked={tokenValues.scope === scope} /> {t(`account.scopes.${scope}`)}
              </label>
            ))}
          </fieldset>
          <p>
            <button type="submit">{t('account.tokens.submit')}</button>
          </p>
        </form>
      </section>

      <section aria-labelledby="data-heading">
        <h2 id="data-heading">{t('account.data.title')}</h2>
        <p>
          <a href="/account/export" download="pontes-account.json">
            {t('account.data.export')}
          </a>
        </p>
        <p>{t('account.data.deleteLead')}</p>
        <ErrorSummary ctx={ctx} problems={problemsOf('delete')} />
        <form method="post" action="/account/delete" class="account-form">
          <CsrfField ctx={ctx} />
          <Field ctx={ctx} id="delete-password" name="password" type="password" label={t('account.currentPassword')} autocomplete="current-password" required
            maxLength={PASSWORD_MAX_LENGTH} problems={problemsOf('delete')} />
          <p>
            <button type="submit" class="danger">{t('account.data.delete')}</button>
          </p>
        </form>
      </section>
    </Layout>
  );
}

/** A member's public profile: only the fields they made public (the service leaves out the rest). */
export function PublicProfilePage({ ctx, profile }: { ctx: ViewContext; profile: PublicProfile }) {
  const { t } = ctx;
  const title = profile.name ?? t('member.anonymous');
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="muted">{t('member.lead')}</p>
      {profile.organisations === undefined && profile.languages === undefined && profile.expertise === undefined ? null : <dl class="facts">
        {profile.organisations !== undefined ? (
          <>
            <dt>{t('member.organisations')}</dt>
            <dd>
              {profile.organisations.map((o, i) => (
                <>
                  {i > 0 ? ', ' : ''}
                  <a href={`/organisations/${o.id}`}>{o.name}</a>
                </>
              ))}
            </dd>
          </>
        ) : null}
        {profile.languages !== undefined ? (
          <>
            <dt>{t('member.languages')}</dt>
            <dd>{profile.languages.map((code) => t(`account.languageNames.${code}`, { defaultValue: code })).join(', ')}</dd>
          </>
        ) : null}
        {profile.expertise !== undefined ? (
          <>
            <dt>{t('member.expertise')}</dt>
            <dd>{profile.expertise.join(', ')}</dd>
          </>
        ) : null}
      </dl>}
    </Layout>
  );
}
