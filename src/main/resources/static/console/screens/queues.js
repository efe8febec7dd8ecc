// The work calls leave for people: escalations to assign and resolve, and return requests to approve, reject or
// refund. Each item offers only the moves its state allows (EscalationQueue, ReturnRequests); a move that another
// person made first (409) is explained and the list reloaded.
import { api, ApiProblem } from '../api.js';
import { briefEl } from '../brief.js';
import { confirmButton } from '../confirm.js';
import { dateTime, describe, field, h, heading, notify, onSubmit, problemBox, put, select } from '../ui.js';

const PAGE = 25;

const URGENCY = { urgent: 'bad', high: 'warn', normal: '', low: '' };
const ESCALATION_STATUS = { open: 'warn', assigned: '', resolved: 'ok' };
const RETURN_STATUS = { requested: 'warn', approved: '', rejected: 'bad', refunded: 'ok' };

function badge(text, kind = '') {
  return h('span', { class: `badge ${kind || ''}`.trim() }, text);
}

function words(value) {
  return String(value || '').replace(/_/g, ' ');
}

/** The filter form: selects that become the screen's query (#/escalations?status=open). */
function filterForm(ctx, route, filters) {
  const form = h(
    'form',
    { class: 'filters row', 'aria-label': 'Filter', id: 'queue-filters' },
    filters.map((f) => field(f.label, select(f.name, f.options, ctx.query.get(f.name) || f.fallback))),
    h('button', { type: 'submit', class: 'secondary' }, 'Show'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    filters.forEach((f) => {
      const value = form.elements[f.name].value;
      if (value && value !== f.fallback) params.set(f.name, value);
    });
    // a queue opened for one call (#/escalations?callId=...) stays on that call
    if (ctx.query.get('callId')) params.set('callId', ctx.query.get('callId'));
    const text = params.toString();
    ctx.go(`/${route}${text ? `?${text}` : ''}`);
  });
  return form;
}

/**
 * A paged queue: the first page, "Show more" with the API's nextCursor, and reload() after a change keeping as
 * many items as were shown.
 */
function queue({ path, query, signal, list, more, status, renderItem, empty }) {
  let items = [];
  let cursor = null;

  async function fetchPage(limit, from) {
    return api(path, { signal, query: { ...query, limit, cursor: from || undefined } });
  }

  function draw() {
    put(list, items.length ? items.map(renderItem) : h('li', { class: 'muted empty' }, empty));
    put(more, cursor ? moreButton() : null);
    put(status, items.length ? `${items.length} shown${cursor ? '; there are more' : ''}.` : '');
  }

  function moreButton() {
    const button = h('button', { type: 'button', class: 'secondary', id: 'load-more' }, 'Show more');
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const page = await fetchPage(PAGE, cursor);
        const start = items.length;
        items = items.concat(page.items);
        cursor = page.nextCursor || null;
        draw();
        const next = list.children[start];
        if (next) {
          next.setAttribute('tabindex', '-1');
          next.focus();
        }
      } catch (problem) {
        if (problem.name === 'AbortError') return;
        button.disabled = false;
        put(more, button, problemBox(problem));
      }
    });
    return button;
  }

  async function reload() {
    const limit = Math.min(100, Math.max(PAGE, items.length));
    try {
      const page = await fetchPage(limit);
      items = page.items;
      cursor = page.nextCursor || null;
      draw();
    } catch (problem) {
      if (problem.name === 'AbortError') return;
      put(list, h('li', {}, problemBox(problem)));
      put(more);
    }
  }

  return { reload };
}

/** A change the state no longer allows, in words, for the screen's message box. */
function conflictText(problem, what) {
  if (problem.status === 404) return `This ${what} is no longer there. The list has been reloaded.`;
  if (problem.status === 409) return `${describe(problem)}. Someone may have moved it first; the list now shows it as it is.`.replace('..', '.');
  return null;
}

function shell(main, title, lead, filters, note) {
  const message = h('div', { id: 'queue-message', tabindex: '-1' });
  const status = h('p', { class: 'muted queue-count', id: 'queue-count' });
  const list = h('ul', { class: 'queue', id: 'queue-list', 'aria-labelledby': 'queue-title' });
  const more = h('div', { class: 'queue-more' });
  put(main, heading(title), h('p', { class: 'muted' }, lead), note, filters, message, h('h2', { id: 'queue-title', class: 'visually-hidden' }, title), status, list, more);
  return { message, status, list, more };
}

// ---------------------------------------------------------------------------------------------------- escalations

const ESCALATION_FILTERS = [
  {
    name: 'status',
    label: 'Status',
    fallback: 'active',
    options: [['active', 'Open and assigned'], ['open', 'Open'], ['assigned', 'Assigned'], ['resolved', 'Resolved'], ['all', 'All']],
    api: (v) => (v === 'active' ? 'open,assigned' : v === 'all' ? undefined : v),
  },
  {
    name: 'urgency',
    label: 'Urgency',
    fallback: 'any',
    options: [['any', 'Any'], ['urgent', 'Urgent'], ['high', 'High'], ['normal', 'Normal'], ['low', 'Low']],
    api: (v) => (v === 'any' ? undefined : v),
  },
  {
    name: 'assignedTo',
    label: 'Assigned to',
    fallback: 'anyone',
    options: [['anyone', 'Anyone'], ['me', 'Me']],
    api: (v, me) => (v === 'me' ? me.user.id : undefined),
  },
];

function apiQuery(filters, ctx) {
  const query = {};
  filters.forEach((f) => {
    const value = f.api(ctx.query.get(f.name) || f.fallback, ctx.me);
    if (value) query[f.name] = value;
  });
  if (ctx.query.get('callId')) query.callId = ctx.query.get('callId');
  return query;
}

async function teamOf(ctx) {
  const me = ctx.me.user;
  const self = { id: me.id, email: me.email, fullName: me.fullName, role: me.role };
  if (!['owner', 'admin'].includes(me.role)) return { people: [self], complete: false };
  try {
    const members = await api('/api/company/members', { signal: ctx.signal });
    return { people: members, complete: true };
  } catch (problem) {
    if (problem.name === 'AbortError') throw problem;
    return { people: [self], complete: false };
  }
}

function personName(person) {
  return person.fullName ? `${person.fullName} (${person.email})` : person.email;
}

export async function escalations(main, ctx) {
  const { signal, me } = ctx;
  const team = await teamOf(ctx);
  const byId = new Map(team.people.map((p) => [p.id, p]));
  const nameOf = (id) => {
    if (!id) return '—';
    if (id === me.user.id) return 'You';
    const person = byId.get(id);
    return person ? personName(person) : 'A member';
  };
  const note = team.complete ? null : h('p', { class: 'muted' }, 'You can take escalations yourself; owners and admins can assign them to anyone in the team.');
  const { message, status, list, more } = shell(main, 'Escalations', 'Calls handed to a person: assign one to whoever will call back, then resolve it with a note.', filterForm(ctx, 'escalations', ESCALATION_FILTERS), note);

  const conflict = (problem) => {
    const text = conflictText(problem, 'escalation');
    if (!text) return false;
    put(message, h('div', { class: 'form-error', role: 'alert' }, text));
    queued.reload().then(() => message.focus());
    return true;
  };

  function change(item, body) {
    return api(`/api/escalations/${encodeURIComponent(item.id)}`, { method: 'PATCH', body, signal }).then(
      async (updated) => {
        put(message);
        notify(updated.status === 'resolved' ? 'Escalation resolved' : `Assigned to ${nameOf(updated.assignedTo).replace(/^You$/, 'you')}`);
        await queued.reload();
        const again = list.querySelector(`[data-escalation-id="${CSS.escape(item.id)}"]`);
        (again || list).setAttribute('tabindex', '-1');
        (again || list).focus();
      },
      (problem) => {
        if (problem.name === 'AbortError') return;
        if (conflict(problem)) return;
        if (problem.status === 403) throw new ApiProblem(403, { detail: 'Your role does not allow this change.' });
        throw problem;
      },
    );
  }

  function renderItem(item) {
    const id = item.id;
    const details = h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Escalated'),
      h('dd', {}, dateTime(item.createdAt)),
      item.assignedTo ? [h('dt', {}, 'Assigned to'), h('dd', {}, nameOf(item.assignedTo), item.assignedAt ? h('span', { class: 'muted' }, ` · ${dateTime(item.assignedAt)}`) : null)] : null,
      item.resolvedAt ? [h('dt', {}, 'Resolved'), h('dd', {}, dateTime(item.resolvedAt))] : null,
      item.resolutionNote ? [h('dt', {}, 'Note'), h('dd', { class: 'note' }, item.resolutionNote)] : null,
    );
    const actions = [];
    if (item.status !== 'resolved') {
      const options = team.people.map((p) => [p.id, p.id === me.user.id ? `Me (${p.email})` : personName(p)]);
      const picked = item.assignedTo && byId.has(item.assignedTo) ? item.assignedTo : me.user.id;
      const assignSelect = select('assignedTo', options, picked);
      const assign = h(
        'form',
        { class: 'assign row', novalidate: true, 'aria-label': 'Assign escalation', dataset: { escalationId: id, role: 'assign' } },
        field('Assign to', assignSelect),
        h('button', { type: 'submit', dataset: { transition: 'assigned' } }, item.status === 'assigned' ? 'Reassign' : 'Assign'),
      );
      onSubmit(assign, (data) => change(item, { status: 'assigned', assignedTo: data.get('assignedTo') }));
      const resolve = h(
        'form',
        { class: 'resolve', novalidate: true, 'aria-label': 'Resolve escalation', dataset: { escalationId: id, role: 'resolve' } },
        field('Resolution note', h('textarea', { name: 'resolutionNote', maxlength: '2000', rows: '2' }), 'Optional: what was done, for the call\u2019s record.'),
        h('button', { type: 'submit', dataset: { transition: 'resolved' } }, 'Resolve'),
      );
      onSubmit(resolve, (data) => {
        const text = String(data.get('resolutionNote') || '').trim();
        return change(item, { status: 'resolved', resolutionNote: text || null });
      });
      actions.push(assign, resolve);
    }
    return h(
      'li',
      { class: 'queue-item card', dataset: { escalationId: id, status: item.status, urgency: item.urgency } },
      h('div', { class: 'item-head row' }, badge(words(item.urgency), URGENCY[item.urgency]), badge(words(item.status), ESCALATION_STATUS[item.status]), item.callId ? h('a', { href: `#/call/${encodeURIComponent(item.callId)}`, class: 'call-link' }, 'Open the call') : null),
      h('p', { class: 'reason' }, item.reason || h('span', { class: 'muted' }, 'No reason given')),
      briefEl(item.brief),
      details,
      actions.length ? h('div', { class: 'actions' }, actions) : null,
    );
  }

  const queued = queue({ path: '/api/escalations', query: apiQuery(ESCALATION_FILTERS, ctx), signal, list, more, status, renderItem, empty: 'No escalations here. Calls the agent or a person hands over appear in this list.' });
  await queued.reload();
}

// -------------------------------------------------------------------------------------------------------- returns

const RETURN_FILTERS = [
  {
    name: 'status',
    label: 'Status',
    fallback: 'requested',
    options: [['requested', 'Waiting for a decision'], ['approved', 'Approved'], ['rejected', 'Rejected'], ['refunded', 'Refunded'], ['all', 'All']],
    api: (v) => (v === 'all' ? undefined : v),
  },
  {
    name: 'kind',
    label: 'Kind',
    fallback: 'any',
    options: [['any', 'Any'], ['return', 'Return'], ['refund', 'Refund'], ['exchange', 'Exchange']],
    api: (v) => (v === 'any' ? undefined : v),
  },
];

/** The moves ReturnRequests.NEXT allows from a request's state; an exchange is never refunded. */
function nextMoves(item) {
  if (item.status === 'requested') return ['approved', 'rejected'];
  if (item.status === 'approved' && item.kind !== 'exchange') return ['refunded'];
  return [];
}

function itemText(entry) {
  if (entry === null || entry === undefined) return '';
  if (typeof entry !== 'object') return String(entry);
  const name = entry.name || entry.title || entry.sku || entry.id;
  const quantity = entry.quantity ?? entry.qty;
  if (name) return quantity ? `${name} × ${quantity}` : String(name);
  return JSON.stringify(entry);
}

export async function returns(main, ctx) {
  const { signal, me } = ctx;
  const mayDecide = ['owner', 'admin'].includes(me.user.role);
  const note = mayDecide ? null : h('p', { class: 'card muted', id: 'returns-read-only' }, 'Only owners and admins decide return requests, since they move money. You can see them here.');
  const { message, status, list, more } = shell(main, 'Returns', 'Return, refund and exchange requests the agent took on calls: approve or reject each, then mark approved returns and refunds as refunded.', filterForm(ctx, 'returns', RETURN_FILTERS), note);

  async function move(item, to, problemSlot) {
    put(problemSlot);
    try {
      await api(`/api/returns/${encodeURIComponent(item.id)}`, { method: 'PATCH', body: { status: to }, signal });
    } catch (problem) {
      if (problem.name === 'AbortError') return;
      const text = conflictText(problem, 'request');
      if (text) {
        put(message, h('div', { class: 'form-error', role: 'alert' }, text));
        await queued.reload();
        message.focus();
        return;
      }
      put(problemSlot, problem.status === 403 ? problemBox(new ApiProblem(403, { detail: 'Only owners and admins can decide return requests.' })) : problemBox(problem));
      throw problem;
    }
    put(message);
    notify(`Order ${item.orderId}: ${to}`);
    await queued.reload();
    const again = list.querySelector(`[data-return-id="${CSS.escape(item.id)}"]`);
    (again || list).setAttribute('tabindex', '-1');
    (again || list).focus();
  }

  function renderItem(item) {
    const problemSlot = h('div', { class: 'row-problem' });
    const label = `order ${item.orderId}`;
    const buttons = mayDecide
      ? nextMoves(item).map((to) => {
          if (to === 'approved') {
            const button = h('button', { type: 'button', dataset: { transition: 'approved', returnId: item.id }, 'aria-label': `Approve ${label}` }, 'Approve');
            button.addEventListener('click', async () => {
              button.disabled = true;
              try {
                await move(item, 'approved', problemSlot);
              } catch (e) {
                button.disabled = false;
              }
            });
            return button;
          }
          const name = to === 'rejected' ? 'Reject' : 'Refund';
          return confirmButton({
            label: name,
            confirmLabel: `Confirm ${name.toLowerCase()}`,
            accessibleName: `${name}: ${label}`,
            data: { transition: to, returnId: item.id },
            small: false,
            onConfirm: () => move(item, to, problemSlot),
          });
        })
      : [];
    const goods = Array.isArray(item.items) ? item.items : item.items ? [item.items] : [];
    return h(
      'li',
      { class: 'queue-item card', dataset: { returnId: item.id, status: item.status, kind: item.kind } },
      h('div', { class: 'item-head row' }, badge(words(item.kind)), badge(words(item.status), RETURN_STATUS[item.status]), h('strong', {}, 'Order ', h('code', {}, item.orderId)), item.callId ? h('a', { href: `#/call/${encodeURIComponent(item.callId)}`, class: 'call-link' }, 'Open the call') : null),
      item.reason ? h('p', { class: 'reason' }, item.reason) : null,
      h(
        'dl',
        { class: 'facts' },
        goods.length ? [h('dt', {}, 'Items'), h('dd', {}, h('ul', { class: 'goods' }, goods.map((g) => h('li', {}, itemText(g)))))] : null,
        item.customerPhone ? [h('dt', {}, 'Customer'), h('dd', {}, h('a', { href: `tel:${item.customerPhone}` }, item.customerPhone))] : null,
        h('dt', {}, 'Requested'),
        h('dd', {}, dateTime(item.createdAt)),
        item.updatedAt && item.updatedAt !== item.createdAt ? [h('dt', {}, 'Updated'), h('dd', {}, dateTime(item.updatedAt))] : null,
      ),
      buttons.length ? h('div', { class: 'actions row' }, buttons) : null,
      problemSlot,
    );
  }

  const queued = queue({ path: '/api/returns', query: apiQuery(RETURN_FILTERS, ctx), signal, list, more, status, renderItem, empty: 'No return requests here.' });
  await queued.reload();
}
