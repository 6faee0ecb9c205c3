import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { isPontesError, PontesError } from '../../errors.js';
import { sendPage } from '../../platform/http/render.js';
import { pageContext } from '../../views/page-context.js';
import { clearSessionCookie, setSessionCookie } from './accounts.cookies.js';
import { hasControlCharacters, type TokenScope } from './accounts.domain.js';
import {
  acceptInvitation, changePassword, createApiToken, deleteOwnAccount, exportMemberData, getProfile, getPublicProfile, peekLink, register, requestPasswordReset, resetPassword,
  revokeApiToken, signIn, signOut, updateProfile, verifyEmail, type Accounts, type SignedIn,
} from './accounts.service.js';
import { AccountPage, MessagePage, PublicProfilePage, RegisterPage, ResetRequestPage, ResetSetPage, SignInPage, SignOutPage, type AccountPageState, type FieldProblem } from './accounts.views.js';

type Form = Record<string, unknown>;

/** One value of a form field (the first, if repeated), as a string. */
function field(body: unknown, name: string): string {
  if (body === null || typeof body !== 'object') return '';
  const value = (body as Form)[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

/** Every value of a repeated form field (checkboxes). */
function fields(body: unknown, name: string): string[] {
  if (body === null || typeof body !== 'object') return [];
  const value = (body as Form)[name];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');
}

/**
 * Where to go after signing in: only a same-site relative path ("/x", never "//x", "/\x",
 * "http:…" or anything with control characters); anything else goes to the account page.
 */
export function safeNext(next: string | undefined | null): string | null {
  if (next === undefined || next === null || next === '' || next.length > 1000) return null;
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\') || /\s/.test(next) || hasControlCharacters(next)) return null;
  try {
    const url = new URL(next, 'http://pontes.invalid');
    if (url.origin !== 'http://pontes.invalid') return null;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return null;
  }
}

function problemsOf(error: unknown): FieldProblem[] | null {
  if (isPontesError(error) && error.code === 'VALIDATION_FAILED' && Array.isArray(error.errors)) return error.errors as FieldProblem[];
  return null;
}

const redirect = (reply: FastifyReply, to: string) => reply.redirect(to, 303);

/** The HTML pages of accounts: sign in and out, registration, email links, the account page. */
export const accountsPages: FastifyPluginAsync<{ accounts: Accounts }> = async (app, { accounts }) => {
  const { db, config } = accounts;
  const origin = (request: FastifyRequest) => ({ ip: request.ip });
  const ctxOf = (request: FastifyRequest) => pageContext(request, db);
  const startSession = (request: FastifyRequest, reply: FastifyReply, signedIn: SignedIn) => {
    setSessionCookie(request, reply, config, signedIn.sessionSecret);
    // The page that follows must see the new session, not the old one.
    request.auth = { ...request.auth, csrfToken: signedIn.csrfToken, sessionSecret: signedIn.sessionSecret };
  };
  // Account pages are personal: never cached by a shared cache nor kept in the browser's.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  // Sign in and out ---------------------------------------------------------------------------

  app.get('/sign-in', { schema: { hide: true } }, async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const next = safeNext(query.next);
    if (request.actor.kind === 'member' && request.auth.sessionSecret !== null) return redirect(reply, next ?? '/account');
    const notice = query.reset === '1' ? request.t('account.reset.done') : query.deleted === '1' ? request.t('account.data.deleted') : null;
    return sendPage(reply, SignInPage({ ctx: await ctxOf(request), email: '', next, notice }));
  });

  app.post('/sign-in', { schema: { hide: true } }, async (request, reply) => {
    const email = field(request.body, 'email');
    const next = safeNext(field(request.body, 'next'));
    try {
      const signedIn = await signIn(accounts, { email, password: field(request.body, 'password'), previousSessionSecret: request.auth.sessionSecret }, request.t, origin(request));
      startSession(request, reply, signedIn);
      return redirect(reply, next ?? '/account');
    } catch (error) {
      if (!isPontesError(error) || (error.code !== 'SIGN_IN_FAILED' && error.code !== 'EMAIL_NOT_VERIFIED')) throw error;
      const message = request.t(error.messageKey);
      return sendPage(reply, SignInPage({ ctx: await ctxOf(request), email: email.slice(0, 254), next, error: message }), error.status);
    }
  });

  app.get('/sign-out', { schema: { hide: true } }, async (request, reply) => {
    if (request.auth.sessionSecret === null) return redirect(reply, '/');
    return sendPage(reply, SignOutPage({ ctx: await ctxOf(request) }));
  });

  app.post('/sign-out', { schema: { hide: true } }, async (request, reply) => {
    if (request.auth.sessionSecret !== null && request.actor.kind === 'member') await signOut(db, request.auth.sessionSecret, request.actor.memberId, origin(request));
    clearSessionCookie(request, reply, config);
    // Ask the browser to drop what it kept of the signed-in pages, and every cookie of this site.
    reply.header('clear-site-data', '"cache", "cookies"');
    return redirect(reply, '/');
  });

  // Registration and email links ------------------------------------------------------------------

  app.get('/register', { schema: { hide: true } }, async (request, reply) => {
    const invitation = (request.query as Record<string, string | undefined>).invitation ?? '';
    const ctx = await ctxOf(request);
    if (invitation !== '') {
      const link = await peekLink(db, 'invite', invitation);
      if (link === null) throw new PontesError('LINK_INVALID', { detail: 'this invitation is unknown, used or expired' });
      return sendPage(reply, RegisterPage({ ctx, mode: 'invitation', values: { email: '', name: '' }, invitation, invitedEmail: link.emailKey }));
    }
    return sendPage(reply, RegisterPage({ ctx, mode: config.registration === 'open' ? 'open' : 'closed', values: { email: '', name: '' } }));
  });

  app.post('/register', { schema: { hide: true } }, async (request, reply) => {
    const values = { email: field(request.body, 'email').slice(0, 254), name: field(request.body, 'name').slice(0, 200) };
    const password = field(request.body, 'password');
    const passwordConfirm = field(request.body, 'password_confirm');
    const invitation = field(request.body, 'invitation');
    try {
      if (invitation !== '') {
        const signedIn = await acceptInvitation(accounts, { token: invitation, name: values.name, password, passwordConfirm }, origin(request));
        startSession(request, reply, signedIn);
        return redirect(reply, '/account?welcome=1');
      }
      await register(accounts, { ...values, password, passwordConfirm }, request.t, origin(request));
    } catch (error) {
      const problems = problemsOf(error);
      if (problems === null) throw error;
      const ctx = await ctxOf(request);
      if (invitation !== '') {
        const link = await peekLink(db, 'invite', invitation);
        if (link === null) throw new PontesError('LINK_INVALID', { detail: 'this invitation is unknown, used or expired' });
        return sendPage(reply, RegisterPage({ ctx, mode: 'invitation', values, problems, invitation, invitedEmail: link.emailKey }), 400);
      }
      return sendPage(reply, RegisterPage({ ctx, mode: 'open', values, problems }), 400);
    }
    const { t } = request;
    return sendPage(reply, MessagePage({ ctx: await ctxOf(request), title: t('account.checkEmail.title'), message: t('account.checkEmail.register') }));
  });

  app.get('/verify-email', { schema: { hide: true } }, async (request, reply) => {
    await verifyEmail(db, (request.query as Record<string, string | undefined>).token ?? '', origin(request));
    const { t } = request;
    return sendPage(reply, MessagePage({ ctx: await ctxOf(request), title: t('account.verified.title'), message: t('account.verified.message'), link: { href: '/sign-in', label: t('account.signIn.title') } }));
  });

  app.get('/reset-password', { schema: { hide: true } }, async (request, reply) => {
    const token = (request.query as Record<string, string | undefined>).token ?? '';
    const ctx = await ctxOf(request);
    if (token === '') return sendPage(reply, ResetRequestPage({ ctx, email: '' }));
    if ((await peekLink(db, 'reset', token)) === null) throw new PontesError('LINK_INVALID', { detail: 'this reset link is unknown, used or expired' });
    return sendPage(reply, ResetSetPage({ ctx, token }));
  });

  app.post('/reset-password', { schema: { hide: true } }, async (request, reply) => {
    const token = field(request.body, 'token');
    const { t } = request;
    if (token !== '') {
      try {
        await resetPassword(accounts, { token, password: field(request.body, 'password'), passwordConfirm: field(request.body, 'password_confirm') }, origin(request));
      } catch (error) {
        const problems = problemsOf(error);
        if (problems === null) throw error;
        return sendPage(reply, ResetSetPage({ ctx: await ctxOf(request), token, problems }), 400);
      }
      if (request.auth.sessionSecret !== null) clearSessionCookie(request, reply, config);
      return redirect(reply, '/sign-in?reset=1');
    }
    const email = field(request.body, 'email').slice(0, 254);
    try {
      await requestPasswordReset(accounts, email, t, origin(request));
    } catch (error) {
      const problems = problemsOf(error);
      if (problems === null) throw error;
      return sendPage(reply, ResetRequestPage({ ctx: await ctxOf(request), email, problems }), 400);
    }
    return sendPage(reply, MessagePage({ ctx: await ctxOf(request), title: t('account.checkEmail.title'), message: t('account.checkEmail.reset') }));
  });

  // Public member profiles --------------------------------------------------------------------------

  // Only what the member ticked as public; 404 when there is nothing (or no such active member).
  app.get<{ Params: { id: string } }>('/members/:id', { schema: { hide: true } }, async (request, reply) => {
    const profile = await getPublicProfile(db, request.params.id);
    return sendPage(reply, PublicProfilePage({ ctx: await ctxOf(request), profile }));
  });

  // The account page ------------------------------------------------------------------------------

  /** Account pages need a browser session; without one, the sign-in page (then back here). */
  const signedIn = (request: FastifyRequest, reply: FastifyReply): boolean => {
    if (request.actor.kind === 'member' && request.auth.sessionSecret !== null) return true;
    void redirect(reply, `/sign-in?next=${encodeURIComponent('/account')}`);
    return false;
  };

  const showAccount = async (request: FastifyRequest, reply: FastifyReply, state: AccountPageState, status = 200) => {
    const profile = await getProfile(db, request.actor);
    return sendPage(reply, AccountPage({ ctx: await ctxOf(request), profile, state }), status);
  };

  app.get('/account', { schema: { hide: true } }, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    const query = request.query as Record<string, string | undefined>;
    const notices: Record<string, string> = { welcome: 'account.welcome', saved: 'account.profile.saved', password: 'account.password.changed', revoked: 'account.tokens.revoked' };
    const key = Object.keys(notices).find((k) => query[k] === '1');
    return showAccount(request, reply, { notice: key !== undefined ? request.t(notices[key]!) : null });
  });

  app.post('/account/profile', { schema: { hide: true } }, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    const values = {
      name: field(request.body, 'name').slice(0, 200),
      languages: fields(request.body, 'languages'),
      expertise: field(request.body, 'expertise').slice(0, 2000),
      publicFields: fields(request.body, 'public_fields'),
    };
    try {
      await updateProfile(db, request.actor, { ...values, expertise: values.expertise.split(',') }, origin(request));
    } catch (error) {
      const problems = problemsOf(error);
      if (problems === null) throw error;
      return showAccount(request, reply, { form: 'profile', problems, profileValues: values }, 400);
    }
    return redirect(reply, '/account?saved=1');
  });

  app.post('/account/password', { schema: { hide: true } }, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    try {
      const next = await changePassword(accounts, request.actor, {
        current: field(request.body, 'current_password'), password: field(request.body, 'password'), passwordConfirm: field(request.body, 'password_confirm'),
      }, origin(request));
      startSession(request, reply, next);
    } catch (error) {
      const problems = problemsOf(error);
      if (problems === null) throw error;
      return showAccount(request, reply, { form: 'password', problems }, 400);
    }
    return redirect(reply, '/account?password=1');
  });

  app.post('/account/tokens', { schema: { hide: true } }, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    const values = { name: field(request.body, 'name').slice(0, 200), scope: field(request.body, 'scope') };
    try {
      const created = await createApiToken(db, request.actor, { name: values.name, scope: values.scope as TokenScope }, origin(request));
      // Shown in this answer only (never in a URL, never again).
      return await showAccount(request, reply, { newToken: created }, 201);
    } catch (error) {
      const problems = problemsOf(error);
      if (problems === null) throw error;
      return showAccount(request, reply, { form: 'token', problems, tokenValues: values }, 400);
    }
  });

  app.post<{ Params: { id: string } }>('/account/tokens/:id/revoke', { schema: { hide: true } }, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    if (!/^[0-9a-f-]{36}$/i.test(request.params.id)) throw new PontesError('NOT_FOUND', { detail: 'no such token' });
    await revokeApiToken(db, request.actor, request.params.id, origin(request));
    return redirect(reply, '/account?revoked=1');
  });

  app.get('/account/export', { schema: { hide: true } }, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    const data = await exportMemberData(db, request.actor);
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', 'attachment; filename="pontes-account.json"')
      .send(JSON.stringify(data, null, 2));
  });

  app.post('/account/delete', { schema: { hide: true } }, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    try {
      await deleteOwnAccount(accounts, request.actor, field(request.body, 'password'), origin(request));
    } catch (error) {
      const problems = problemsOf(error);
      if (problems === null) throw error;
      return showAccount(request, reply, { form: 'delete', problems }, 400);
    }
    clearSessionCookie(request, reply, config);
    return redirect(reply, '/sign-in?deleted=1');
  });
};
