import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ProblemSchema } from '../api/api.schemas.js';
import {
  ApiTokenList, CreatedApiTokenSchema, IdParams, InvitationBody, InvitationSchema, MemberChangesBody, MemberList, MemberSchema, NewApiTokenBody,
} from './accounts.schemas.js';
import { changeMemberAccess, createApiToken, invite, listApiTokens, listMembers, revokeApiToken, type Accounts, type MemberSummary } from './accounts.service.js';

const problems = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 429: ProblemSchema };
const security = [{ bearerToken: [] }];

function presentMember(member: MemberSummary) {
  return {
    id: member.id,
    email: member.email,
    name: member.name,
    role: member.role,
    state: member.state,
    emailVerified: member.emailVerifiedAt !== null,
    organisationIds: [...member.organisationIds],
    focalOrganisationIds: [...member.focalOrganisationIds],
    focalPlaceIds: [...member.focalPlaceIds],
    createdAt: member.createdAt,
  };
}

/** JSON routes of accounts: the member's API tokens; invitations and members for admins. */
export const accountsApi: FastifyPluginAsyncTypebox<{ accounts: Accounts }> = async (app, { accounts }) => {
  const { db } = accounts;

  app.get('/tokens', {
    schema: { tags: ['accounts'], summary: 'Your API tokens (never the tokens themselves)', security, response: { 200: ApiTokenList, ...problems } },
  }, async (request) => ({ items: await listApiTokens(db, request.actor) }));

  app.post('/tokens', {
    schema: {
      tags: ['accounts'],
      summary: 'Create an API token (shown once in the answer)',
      description: 'The scope cannot exceed your role (only administrators get `admin`), nor the scope of the token this request is made with.',
      security,
      body: NewApiTokenBody,
      response: { 201: CreatedApiTokenSchema, ...problems },
    },
  }, async (request, reply) => {
    const { token, info } = await createApiToken(db, request.actor, { name: request.body.name, scope: request.body.scope }, { ip: request.ip });
    return reply.status(201).send({ ...info, token });
  });

  app.delete('/tokens/:id', {
    schema: { tags: ['accounts'], summary: 'Revoke one of your API tokens', security, params: IdParams, response: { 204: { type: 'null' }, ...problems } },
  }, async (request, reply) => {
    await revokeApiToken(db, request.actor, request.params.id, { ip: request.ip });
    return reply.status(204).send(null);
  });

  app.post('/invitations', {
    schema: {
      tags: ['accounts'],
      summary: 'Invite someone by email (administrators)',
      description: 'Sends a link valid for 7 days; following it, the person chooses a name and password and is signed in with the given role (default member).',
      security,
      body: InvitationBody,
      response: { 202: InvitationSchema, ...problems },
    },
  }, async (request, reply) => {
    const sent = await invite(accounts, request.actor, { email: request.body.email, role: request.body.role ?? 'member' }, request.t, { ip: request.ip });
    return reply.status(202).send(sent);
  });

  app.get('/members', {
    schema: { tags: ['accounts'], summary: 'Every member (administrators)', security, response: { 200: MemberList, ...problems } },
  }, async (request) => ({ items: (await listMembers(db, request.actor)).map(presentMember) }));

  app.patch('/members/:id', {
    schema: {
      tags: ['accounts'],
      summary: "Change a member's role, state, organisations or focal points (administrators)",
      description: 'Disabling ends the member\'s sessions and stops their tokens. Lists replace the current ones. The last active administrator cannot be demoted or disabled (409).',
      security,
      params: IdParams,
      body: MemberChangesBody,
      response: { 200: MemberSchema, ...problems },
    },
  }, async (request) => presentMember(await changeMemberAccess(db, request.actor, request.params.id, request.body, { ip: request.ip })));
};

