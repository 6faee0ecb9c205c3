import { openPontes } from '../bootstrap.js';
import type { Config } from '../config.js';
import { PontesError } from '../errors.js';
import { OPERATOR } from '../platform/auth/actor.js';
import { say } from '../platform/log.js';
import { createApiToken, findMemberByEmail, SCOPES, type TokenScope } from '../modules/accounts/index.js';
import { parseFlags } from './args.js';

const USAGE = 'pontes tokens create --email E --scope read|write|admin [--name N]';

/** `pontes tokens create`: an API token for a member, printed alone on the last line of stdout. */
export async function tokensCommand(config: Config, args: string[]): Promise<void> {
  const { values, positionals } = parseFlags(args, { email: { type: 'string' }, scope: { type: 'string' }, name: { type: 'string' } }, USAGE);
  if (positionals.length !== 1 || positionals[0] !== 'create') throw new PontesError('USAGE', { detail: `usage: ${USAGE}` });
  if (values.email === undefined) throw new PontesError('USAGE', { detail: `--email is required\nusage: ${USAGE}` });
  const scope = values.scope;
  if (scope === undefined || !(SCOPES as readonly string[]).includes(scope)) throw new PontesError('USAGE', { detail: `--scope must be one of ${SCOPES.join(', ')}\nusage: ${USAGE}` });
  const pontes = await openPontes(config);
  try {
    const member = await findMemberByEmail(pontes.db, OPERATOR, values.email);
    const { token, info } = await createApiToken(pontes.db, OPERATOR, { memberId: member.id, name: values.name ?? '', scope: scope as TokenScope });
    say(`Token "${info.name}" (${info.scope}) for ${member.email}: shown this once, stored only as a hash. Revoke it at /account.`);
    process.stdout.write(`${token}\n`);
  } finally {
    await pontes.close();
  }
}
