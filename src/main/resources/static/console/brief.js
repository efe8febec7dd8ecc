// The hand-off brief of an escalation (GET /api/escalations, the live view's call.escalated event): what the caller
// said, their intent, what the agent already did and the returns filed, for the person who takes the call.
// Built with h() only: the texts come from callers and the model, so they are text nodes, never markup.
import { h } from './ui.js';

/** The brief as a block, or null when the escalation has none (filed before briefs were written). */
export function briefEl(brief) {
  if (!brief) return null;
  const actions = brief.actionsTaken || [];
  const returns = brief.returnsFiled || [];
  return h(
    'section',
    { class: 'handoff-brief', 'aria-label': 'Hand-off brief', dataset: { role: 'handoff-brief' } },
    h('p', { class: 'brief-intent' }, h('span', { class: 'muted' }, 'Intent: '), h('strong', { dataset: { role: 'brief-intent' } }, brief.intent || 'unknown')),
    h('p', { class: 'brief-summary', dataset: { role: 'brief-summary' } }, brief.summary || ''),
    actions.length
      ? h('ul', { class: 'brief-actions', 'aria-label': 'What the agent did', dataset: { role: 'brief-actions' } }, actions.map((a) => h('li', {}, a.summary || a.tool)))
      : h('p', { class: 'muted brief-actions' }, 'The agent ran no tools before the hand-off.'),
    returns.length
      ? h('ul', { class: 'brief-returns', 'aria-label': 'Returns filed' }, returns.map((r) => h('li', {}, `${r.kind} for order ${r.orderId}: ${r.status}`)))
      : null,
    Number.isFinite(brief.preparedInMs) ? h('p', { class: 'muted small-text' }, `Ready ${brief.preparedInMs} ms after the hand-off`) : null,
  );
}
