import { openPontes } from '../bootstrap.js';
import type { Config } from '../config.js';
import { PontesError } from '../errors.js';
import { OPERATOR } from '../platform/auth/actor.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem } from '../platform/auth/password.js';
import { createI18n } from '../platform/i18n/i18n.js';
import { say } from '../platform/log.js';
import { createMailer } from '../platform/mail/mailer.js';
import { changeMemberAccess, createMember, disableMember, findMemberByEmail, invite, listMembers, ROLES, type MemberRole } from '../modules/accounts/index.js';
import { parseFlags } from './args.js';
import { readNewPassword } from './password-input.js';

const USAGE = `pontes users create --email E --role admin|curator|member [--name N]   (password: stdin lines 1 and 2, or prompted)
       pontes users list
       pontes users disable --email E
       pontes users set-role --email E --role admin|curator|member
       pontes users invite --email E [--role admin|curator|member]`;

function roleOf(value: string | undefined, fallback?: MemberRole): MemberRole {
  const role = value ?? fallback;
  if (role === undefined || !(ROLES as readonly string[]).includes(role)) throw new PontesError('USAGE', { detail: `--role must be one of ${ROLES.join(', ')}${value !== undefined ? ` (got "${value}")` : ''}\nusage: ${USAGE}` });
  return role as MemberRole;
}

function emailOf(value: string | undefined): string {
  if (value === undefined || value.trim() === '') throw new PontesError('USAGE', { detail: `--email is required\nusage: ${USAGE}` });
  return value;
}

/** `pontes users …`: members from the command line (the first admin is made here). */
export async function usersCommand(config: Config, args: string[]): Promise<void> {
  const { values, positionals } = parseFlags(args, { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } }, USAGE);
  const [action, ...rest] = positionals;
  if (rest.length > 0) throw new PontesError('USAGE', { detail: `usage: ${USAGE}` });
  switch (action) {
    case 'create': {
      const email = emailOf(values.email);
      const role = roleOf(values.role);
      const password = await readNewPassword();
      const problem = passwordProblem(password);
      if (problem !== null) {
        const why = problem === 'common' ? 'it is one of the most common passwords; choose another' : `${problem} (${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters)`;
        throw new PontesError('VALIDATION_FAILED', { detail: `password: ${why}` });
      }
      const pontes = await openPontes(config);
      try {
        const member = await createMember(pontes.db, OPERATOR, { email, role, name: values.name ?? '', password, verified: true });
        say(`Created ${member.email} (${member.role}). Sign in at /sign-in.`);
        process.stdout.write(`${member.id}\n`);
      } finally {
        await pontes.close();
      }
      return;
    }
    case 'list': {
      const pontes = await openPontes(config);
      try {
        for (const m of await listMembers(pontes.db, OPERATOR)) {
          process.stdout.write(`${[m.email, m.role, m.state, m.emailVerifiedAt !== null ? 'verified' : 'unverified', m.name].join('\t')}\n`);
        }
      } finally {
        await pontes.close();
      }
      return;
    }
    case 'disable': {
      const email = emailOf(values.email);
      const pontes = await openPontes(config);
      try {
        const member = await disableMember(pontes.db, OPERATOR, email);
        say(`Disabled ${member.email}: their sessions are ended and their tokens refused.`);
      } finally {
        await pontes.close();
      }
      return;
    }
    case 'set-role': {
      const email = emailOf(values.email);
      const role = roleOf(values.role);
      const pontes = await openPontes(config);
      try {
        const member = await findMemberByEmail(pontes.db, OPERATOR, email);
        await changeMemberAccess(pontes.db, OPERATOR, member.id, { role });
        say(`${member.email} is now ${role}.`);
      } finally {
        await pontes.close();
      }
      return;
    }
    case 'invite': {
      const email = emailOf(values.email);
      const role = roleOf(values.role, 'member');
      const pontes = await openPontes(config);
      const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, outboxDir: config.outboxDir });
      try {
        const t = createI18n().translator('en');
        const sent = await invite({ db: pontes.db, config, mailer }, OPERATOR, { email, role }, t);
        say(`Invited ${sent.email} as ${sent.role} through ${mailer.description}; the link works until ${sent.expiresAt.toISOString()}.`);
      } finally {
        await mailer.flush();
        mailer.close();
        await pontes.close();
      }
      return;
    }
    default:
      throw new PontesError('USAGE', { detail: `usage: ${USAGE}` });
  }
}
