import type { ComponentChildren } from 'preact';
import type { Db } from '../../database.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { ViewContext } from '../../views/context.js';
import type { Partnership } from './partnerships.domain.js';

/**
 * A section another module adds to the partnership page (events linked to it, its results
 * framework), so this module need not know those modules: they register here, through
 * partnerships/index.ts, when their page plugin starts. The page renders the sections in
 * `order` after the contributions; one with the same id replaces the earlier one.
 */
export interface PartnershipSection {
  /** 'events', 'results', … */
  id: string;
  order: number;
  /** Its content for this partnership and reader, or null to show nothing. */
  render(args: { db: Db; actor: Actor; partnership: Partnership; ctx: ViewContext }): Promise<ComponentChildren | null>;
}

const sections: PartnershipSection[] = [];

/** Adds (or replaces, by id) a section of the partnership page. */
export function registerPartnershipSection(section: PartnershipSection): void {
  const index = sections.findIndex((s) => s.id === section.id);
  if (index >= 0) sections.splice(index, 1, section);
  else sections.push(section);
  sections.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

/** The registered sections' content for one page, in order (empty ones dropped). */
export async function renderPartnershipSections(args: { db: Db; actor: Actor; partnership: Partnership; ctx: ViewContext }): Promise<{ id: string; content: ComponentChildren }[]> {
  const rendered = await Promise.all(sections.map(async (section) => ({ id: section.id, content: await section.render(args) })));
  return rendered.filter((section): section is { id: string; content: ComponentChildren } => section.content !== null && section.content !== undefined);
}
