import type { Translate } from '../../platform/i18n/i18n.js';
import { explanationText as matchExplanationText } from '../match/index.js';
import type { Proposal, ProposalFactor } from './needs.proposals.js';

/**
 * One reason for a proposal or a match in plain words, in the reader's language: the factors of
 * needs and offers (facets the match module has no sentence for, shared terms) under
 * `needs.why`; the others as the match module words them.
 */
export function explanationText(e: ProposalFactor, t: Translate, lang: string): string {
  const list = (vocabulary: string, raw: string | number | undefined) =>
    String(raw ?? '')
      .split(',')
      .filter((c) => c !== '')
      .map((code) => t(`vocab.${vocabulary}.${code}`, { defaultValue: code }))
      .join(', ');
  switch (e.factor) {
    case 'pillars':
    case 'critical_areas':
    case 'target_groups':
      return e.value > 0 ? t(`needs.why.${e.factor}`, { codes: list(e.factor, e.params.shared) }) : t(`needs.why.${e.factor}None`);
    case 'text':
      return e.value > 0 ? t('needs.why.text', { terms: String(e.params.terms ?? '') }) : t('needs.why.textNone');
    default:
      return matchExplanationText(e, t, lang);
  }
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/** Reasons on the wire: each factor with its sentence. */
export function presentExplanation(explanation: ProposalFactor[], t: Translate, lang: string) {
  return explanation.map((e) => ({ factor: e.factor, value: round(e.value), weight: round(e.weight), contribution: round(e.contribution), text: explanationText(e, t, lang) }));
}

/** A proposal on the wire. */
export function presentProposal(proposal: Proposal, t: Translate, lang: string) {
  return { kind: proposal.kind, id: proposal.id, title: proposal.title, score: round(proposal.score), explanation: presentExplanation(proposal.explanation, t, lang) };
}

export { round as roundScore };
