/** The OpenAPI document's frame; paths come from the routes' own schemas (@fastify/swagger). */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Pontes API',
      version: '1',
      description:
        'Open data of Pontes: good practices of city-to-city South-South and triangular cooperation on decent work, places and organisations. Published records are public. Errors are application/problem+json with a stable `code`.',
      license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'practices', description: 'Good practices' },
      { name: 'places', description: 'Cities, municipalities and other places' },
      { name: 'organisations', description: 'Partners of practices' },
      { name: 'imports', description: 'Bulk import in the exchange format (administrators)' },
      { name: 'search', description: 'One search box over practices, places and organisations' },
      { name: 'match', description: 'Peer matching: who solved this, places like mine' },
      { name: 'accounts', description: 'API tokens, invitations and members' },
    ],
    components: {
      securitySchemes: {
        bearerToken: { type: 'http' as const, scheme: 'bearer', description: 'A member\'s API token (/account, POST /api/v1/tokens or `pontes tokens create`), scoped read, write or admin' },
      },
    },
  };
}
