/** The OpenAPI document's frame; paths come from the routes' own schemas (@fastify/swagger). */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Pontes API',
      version: '1',
      description:
        'Open data of Pontes: good practices of city-to-city South-South and triangular cooperation on decent work, places and organisations, and the cooperation they lead to (needs, offers, matches, partnerships, events, roadmaps, results). Published records are public. A cooperation record\'s `status` is its place in its lifecycle (POST …/{id}/status, 409 for a move that is not allowed); its `publication` is its curation state (POST …/{id}/publication). Errors are application/problem+json with a stable `code`.',
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
      { name: 'needs', description: 'Needs (what a place or organisation wants to learn) and offers (what it can share), with proposed counterparts' },
      { name: 'matches', description: 'Proposed pairings of a need with an offer, a practice or a place: proposed → contacted → accepted / declined → partnership created' },
      { name: 'partnerships', description: 'Twinnings, memoranda of understanding, projects and networks: parties with roles, derived modality, lifecycle (idea → negotiating → signed → active → completed / lapsed), contributions' },
      { name: 'events', description: 'Peer-learning events, exchange visits, study tours, trainings, workshops, forum sessions, webinars; iCalendar; learning reports and knowledge capture' },
      { name: 'roadmaps', description: 'Roadmaps adopted at events, and their numbered commitments (status, owners, due dates, evidence, notes)' },
      { name: 'results', description: 'Results frameworks: outcomes and indicators with baselines, targets, measurements and charts' },
    ],
    components: {
      securitySchemes: {
        bearerToken: { type: 'http' as const, scheme: 'bearer', description: 'A member\'s API token (/account, POST /api/v1/tokens or `pontes tokens create`), scoped read, write or admin' },
      },
    },
  };
}
