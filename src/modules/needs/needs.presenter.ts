import type { Actor } from '../../platform/auth/actor.js';
import { COLLECTION_OF, type NeedOffer } from './needs.domain.js';

/**
 * May the actor see a record's contact (name and email)? Signed-in members and the operator:
 * the contact is there to be reached by peers, not to be harvested from public pages.
 */
export function seesContact(actor: Actor): boolean {
  return actor.kind !== 'public';
}

/** A need or an offer on the wire (snake_case like every API object). */
export function presentNeedOffer(item: NeedOffer, options: { contact: boolean }) {
  return {
    id: item.id,
    kind: item.kind,
    title: item.title,
    description: item.description,
    language: item.language,
    place_id: item.placeId,
    organisation_id: item.organisationId,
    pillars: item.pillars,
    critical_areas: item.criticalAreas,
    challenges: item.challenges,
    sectors: item.sectors,
    target_groups: item.targetGroups,
    contact_name: options.contact ? item.contactName : null,
    contact_email: options.contact ? item.contactEmail : null,
    expires_on: item.expiresOn,
    expired: item.expired,
    practice_id: item.practiceId,
    url: `/${COLLECTION_OF[item.kind]}/${item.id}`,
    publication: item.deleted ? 'deleted' : item.publication,
    version: item.version,
    demo: item.demo,
    created_at: item.createdAt,
    updated_at: item.updatedAt,
  };
}
