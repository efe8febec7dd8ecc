// Billing (#/billing?month=2026-11): the month's usage by category with its total, and the telephony rate card.
// GET and PUT /api/billing/rates are the owner's; everyone else sees the rate the month was billed at.
import { api } from '../api.js';
import {
  companyZone, field, h, heading, money, notify, number, onSubmit, problemBox, put, showProblem, table, zonedDate,
} from '../ui.js';
import { asFieldProblem, words } from './calls.js';

const CATEGORY_NAMES = { telephony: 'Telephony', ai: 'AI model', storage: 'Recording storage', other: 'Other' };
const UNIT_NAMES = { pulse: 'pulses', token: 'tokens', gb_month: 'GB-months', minute: 'minutes' };

function thisMonth() {
  return zonedDate(0).slice(0, 7);
}

function monthName(month) {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat('en-IN', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
}

function shiftMonth(month, by) {
  const [y, m] = month.split('-').map(Number);
  const at = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
}

function usageView(usage) {
  const rows = usage.categories.map((line) => [
    CATEGORY_NAMES[line.category] || words(line.category),
    `${number(line.quantity, 3)} ${UNIT_NAMES[line.unit] || words(line.unit)}`,
    h('span', { class: 'num' }, money(line.amount, usage.currency)),
  ]);
  const wrap = table(`Usage in ${monthName(usage.month)}`, ['Category', 'Quantity', 'Amount'], rows, { empty: 'No usage in this month.', class: 'usage', hideCaption: true });
  wrap.querySelectorAll('tbody tr').forEach((tr, i) => {
    if (usage.categories[i]) tr.dataset.category = usage.categories[i].category;
  });
  wrap.querySelector('table').append(h('tfoot', {}, h('tr', {}, h('th', { scope: 'row', colspan: 2 }, 'Total'), h('td', { id: 'usage-total', class: 'num' }, money(usage.total, usage.currency)))));
  return h(
    'div',
    {},
    h(
      'dl',
      { class: 'facts card', id: 'usage-facts' },
      h('dt', {}, 'Calls'), h('dd', { dataset: { fact: 'calls' } }, number(usage.calls)),
      h('dt', {}, 'Answered'), h('dd', { dataset: { fact: 'answeredCalls' } }, number(usage.answeredCalls)),
      h('dt', {}, 'Billable minutes'), h('dd', { dataset: { fact: 'billableMinutes' } }, number(usage.billableMinutes, 2)),
      h('dt', {}, 'Pulses'), h('dd', { dataset: { fact: 'pulses' } }, `${number(usage.pulses, 3)} of ${usage.pulseSeconds} s`),
      h('dt', {}, 'Rate'), h('dd', { dataset: { fact: 'ratePerPulse' } }, `${money(usage.ratePerPulse, usage.currency)} per pulse`),
    ),
    wrap,
  );
}

function ratesView(rates, currency, isOwner) {
  const facts = h(
    'p',
    { id: 'rate-current' },
    `Telephony is billed at ${money(rates.ratePerPulse, currency)} per pulse of ${rates.pulseSeconds} seconds`,
    rates.isDefault ? ' (the service\u2019s default rate).' : ' (your company\u2019s own rate).',
  );
  if (!isOwner) return h('div', {}, facts);
  const form = h(
    'form',
    { id: 'rates-form', 'aria-label': 'Telephony rate', novalidate: true },
    field(`Rate per pulse (${currency})`, { name: 'ratePerPulse', type: 'number', inputmode: 'decimal', step: '0.0001', min: '0', max: '1000', required: true, value: rates.ratePerPulse }, 'From 0 to 1000, up to 4 decimal places.'),
    h('button', { type: 'submit' }, 'Save rate'),
  );
  onSubmit(form, async (data) => {
    const text = String(data.get('ratePerPulse') || '').trim();
    const value = text === '' ? null : Number(text);
    if (text !== '' && Number.isNaN(value)) {
      showProblem(form, { errors: [{ field: 'ratePerPulse', message: 'must be a number' }] });
      return;
    }
    const saved = await api('/api/billing/rates', { method: 'PUT', body: { ratePerPulse: value } });
    put(facts, `Telephony is billed at ${money(saved.ratePerPulse, currency)} per pulse of ${saved.pulseSeconds} seconds`, saved.isDefault ? ' (the service\u2019s default rate).' : ' (your company\u2019s own rate).');
    notify('Rate saved. It applies to calls from now on.');
  });
  return h('div', {}, facts, form);
}

export async function render(main, { query, me, signal }) {
  const month = /^\d{4}-\d{2}$/.test(query.get('month') || '') ? query.get('month') : thisMonth();
  const isOwner = me && me.user && me.user.role === 'owner';
  const picker = h(
    'form',
    { class: 'card row month-picker', id: 'month-picker', 'aria-label': 'Month', novalidate: true },
    h('a', { href: `#/billing?month=${shiftMonth(month, -1)}`, class: 'button secondary', id: 'month-previous', 'aria-label': `Previous month, ${monthName(shiftMonth(month, -1))}` }, '←'),
    field('Month', { name: 'month', type: 'month', value: month, pattern: '\\d{4}-\\d{2}', placeholder: 'yyyy-mm' }),
    h('button', { type: 'submit' }, 'Show'),
    month < thisMonth() ? h('a', { href: `#/billing?month=${shiftMonth(month, 1)}`, class: 'button secondary', id: 'month-next', 'aria-label': `Next month, ${monthName(shiftMonth(month, 1))}` }, '→') : null,
  );
  const usageBox = h('section', { id: 'usage', 'aria-labelledby': 'usage-title' }, h('h2', { id: 'usage-title' }, `Usage in ${monthName(month)}`), h('p', { class: 'muted' }, 'Loading…'));
  const ratesBox = h('section', { id: 'rates', 'aria-labelledby': 'rates-title' }, h('h2', { id: 'rates-title' }, 'Rate card'));
  put(main, heading('Billing'), picker, usageBox, ratesBox, h('p', { class: 'hint' }, `Months run in ${companyZone()}.`));

  onSubmit(picker, async (data) => {
    const next = String(data.get('month') || '').trim();
    // ask the API first, so a bad month is shown beside the field
    try {
      await api('/api/billing/usage', { query: { month: next, tz: companyZone() }, signal });
    } catch (problem) {
      throw asFieldProblem(problem);
    }
    location.hash = `/billing?month=${encodeURIComponent(next)}`;
  });

  const [usage, rates] = await Promise.allSettled([
    api('/api/billing/usage', { query: { month, tz: companyZone() }, signal }),
    // the rate card is the owner's (GET and PUT); others are not sent for a 403, but one is answered kindly below
    isOwner ? api('/api/billing/rates', { signal }) : Promise.reject(Object.assign(new Error('owner only'), { status: 403 })),
  ]);
  if (signal.aborted) return;
  put(usageBox, h('h2', { id: 'usage-title' }, `Usage in ${monthName(month)}`), usage.status === 'fulfilled' ? usageView(usage.value) : problemBox(usage.reason));

  const currency = usage.status === 'fulfilled' ? usage.value.currency : 'INR';
  const card = h('div', { class: 'card' });
  if (rates.status === 'fulfilled') {
    put(card, ratesView(rates.value, currency, isOwner));
    if (!isOwner) card.append(h('p', { class: 'muted', id: 'rates-owner-only' }, 'Only the company\u2019s owner can change the rate.'));
  } else if (rates.reason && rates.reason.status === 403) {
    put(
      card,
      usage.status === 'fulfilled' ? ratesView({ ratePerPulse: usage.value.ratePerPulse, pulseSeconds: usage.value.pulseSeconds, isDefault: false }, currency, false) : null,
      h('p', { class: 'muted', id: 'rates-owner-only' }, 'Only the company\u2019s owner can see the rate card and change the rate. Ask them if it needs to change.'),
    );
    const current = card.querySelector('#rate-current');
    if (current) current.textContent = `${monthName(month)} was billed at ${money(usage.value.ratePerPulse, currency)} per pulse of ${usage.value.pulseSeconds} seconds.`;
  } else {
    put(card, problemBox(rates.reason));
  }
  ratesBox.append(card);
}
