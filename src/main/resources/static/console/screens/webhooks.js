// Webhooks: the company's endpoints that receive its events, signed with a secret shown once (on creation and on
// rotation), and the deliveries to each with their attempts and payloads. The screen keeps what it shows in its URL
// (#/webhooks?endpoint=<id>&status=failed&cursor=...&delivery=<id>) but moves within itself by history.pushState, so
// a secret just shown stays on screen; back, forward and reload render the same view afresh. Owners and admins
// only: members see a note and the screen makes no request.
import { api, ApiProblem } from '../api.js';
import { confirmButton } from '../confirm.js';
import { stackable } from '../tables.js';
import { asFieldProblem, words } from './calls.js';
import {
  companyZone, copyButton, dateTime, field, h, heading, notify, onSubmit, problemBox, put, select, showProblem, table,
} from '../ui.js';

const EVENT_HELP = {
  'call.started': 'A call started',
  'call.ended': 'A call ended: outcome, summary, charges',
  'call.analyzed': 'A call\u2019s analysis is ready',
  'escalation.created': 'A call was handed to a person',
  'escalation.updated': 'An escalation changed state',
  'return.created': 'A return or refund was requested',
  'return.updated': 'A return changed state',
  'recording.stored': 'A call\u2019s recording is stored',
};
const STATUSES = [['', 'Any status'], ['pending', 'Pending'], ['delivering', 'Delivering'], ['delivered', 'Delivered'], ['failed', 'Failed']];
/** What the screen keeps in its URL. */
const KEPT = ['endpoint', 'status', 'cursor', 'back', 'delivery'];
const FIRST_PAGE = '0';
const POLL_MS = 2000;
const POLLS = 60;

function link(query) {
  const text = query.toString();
  return `#/webhooks${text ? `?${text}` : ''}`;
}

/** The instant with seconds, in the company's zone: deliveries a few seconds apart must read apart. */
function exact(value) {
  if (!value) return '—';
  return new Intl.DateTimeFormat('en-IN', { dateStyle: 'medium', timeStyle: 'medium', timeZone: companyZone() }).format(new Date(value));
}

function deliveryBadge(status) {
  const kind = { delivered: 'ok', pending: 'warn', delivering: 'warn', failed: 'bad' }[status] || '';
  return h('span', { class: `badge ${kind}`, dataset: { status } }, words(status));
}

/** GET /api/webhooks/deliveries/{id} answers {delivery, payload, attemptLog}: one object for the screen. */
function flatten(detail) {
  if (!detail || !detail.delivery) return detail;
  return { ...detail.delivery, payload: detail.payload, attemptLog: detail.attemptLog || [] };
}

const unsettled = (delivery) => delivery && (delivery.status === 'pending' || delivery.status === 'delivering');
const ms = (value) => (value === null || value === undefined ? '—' : `${value} ms`);

/** A refused URL without a field list still belongs beside the URL field. */
function urlProblem(problem) {
  if (problem instanceof ApiProblem && problem.slug === 'webhook-url-refused' && !problem.errors.length) {
    problem.errors = [{ field: 'url', message: problem.detail || 'This address is not allowed.' }];
  }
  return problem;
}

let groups = 0;

/** The event checkboxes as one field named `events`, so that a problem naming `events` is shown beside them. */
function eventsField(types, chosen, legend = 'Events to send') {
  const id = `webhook-events-${++groups}`;
  const picked = new Set(chosen);
  return h(
    'div',
    { class: 'field', dataset: { field: 'events' } },
    h(
      'fieldset',
      { class: 'checks webhook-events', 'aria-describedby': `${id}-error` },
      h('legend', {}, legend),
      types.map((type) =>
        h(
          'label',
          { class: 'check' },
          h('input', { type: 'checkbox', name: 'events', value: type, checked: picked.has(type) }),
          h('span', {}, h('code', {}, type), EVENT_HELP[type] ? h('span', { class: 'muted' }, ` ${EVENT_HELP[type]}`) : null),
        )),
    ),
    h('small', { class: 'field-error', id: `${id}-error`, hidden: true }),
  );
}

function valuesOf(data) {
  const description = String(data.get('description') || '').trim();
  return { url: String(data.get('url') || '').trim(), events: data.getAll('events').map(String), description: description || null };
}

export async function render(main, ctx) {
  const { signal, me } = ctx;
  if (!['owner', 'admin'].includes(me?.user?.role)) {
    put(
      main,
      heading('Webhooks'),
      h('div', { class: 'card', id: 'webhooks-read-only' }, h('p', {}, 'Owners and admins manage webhooks.'), h('p', { class: 'muted' }, 'Ask an owner or admin of your company if one of your systems should receive its events.')),
    );
    return undefined;
  }

  let shown = new URLSearchParams();
  KEPT.forEach((key) => ctx.query.get(key) && shown.set(key, ctx.query.get(key)));
  let endpoints = [];
  let types = [];
  let page = null;
  let detail = null;
  let timer = null;
  let polls = 0;

  const secretBox = h('div', { id: 'new-webhook-secret' });
  const message = h('div', { id: 'webhooks-message' });
  const listBox = h('div', { id: 'webhook-endpoints' });
  const deliveriesBox = h('section', { id: 'webhook-deliveries', 'aria-labelledby': 'webhook-deliveries-title' });
  const detailBox = h('div', { id: 'delivery-detail' });
  const path = (id, rest = '') => `/api/webhooks/${encodeURIComponent(id)}${rest}`;
  const selected = () => endpoints.find((e) => e.id === shown.get('endpoint')) || null;

  /** Moves within the screen: the URL changes (a history entry of its own) and the deliveries part is redrawn. */
  async function navigate(next, { focusDetail = false } = {}) {
    const target = link(next);
    if (location.hash !== target) history.pushState(null, '', target);
    shown = next;
    markSelected();
    await showDeliveries();
    if (focusDetail) detailBox.querySelector('h2')?.focus();
  }

  /** A link that moves within the screen, and still works as a link (new tab, copy address). */
  function inScreen(next, attrs, ...children) {
    const a = h('a', { ...attrs, href: link(next) }, ...children);
    a.addEventListener('click', (event) => {
      if (event.button || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      navigate(next, { focusDetail: next.has('delivery') }).catch(() => null);
    });
    return a;
  }

  function showSecret(title, secret, note) {
    const done = h('button', { type: 'button', class: 'secondary' }, 'Done');
    done.addEventListener('click', () => put(secretBox));
    put(
      secretBox,
      h(
        'section',
        { class: 'card new-key new-secret', role: 'region', 'aria-labelledby': 'new-secret-title' },
        h('h2', { id: 'new-secret-title', tabindex: '-1' }, title),
        h('p', {}, h('strong', {}, 'Copy this signing secret now. It will not be shown again.')),
        h('div', { class: 'row secret' }, h('code', { id: 'new-webhook-secret-value', class: 'mono' }, secret), copyButton(secret, 'Copy secret')),
        note ? h('p', { class: 'muted' }, note) : null,
        h('p', { class: 'muted' }, 'Your receiver checks the ', h('code', {}, 'Caly-Signature'), ' header of each delivery with it; see the webhooks guide in the documentation.'),
        done,
      ),
    );
    secretBox.querySelector('h2').focus();
  }

  async function loadEndpoints() {
    try {
      endpoints = await api('/api/webhooks', { signal });
    } catch (problem) {
      if (problem.name === 'AbortError') return false;
      put(listBox, problem.status === 403 ? h('p', { class: 'card' }, 'Owners and admins manage webhooks.') : problemBox(problem));
      return false;
    }
    drawEndpoints();
    return true;
  }

  function markSelected() {
    listBox.querySelectorAll('li[data-endpoint-id]').forEach((li) => {
      const on = li.dataset.endpointId === shown.get('endpoint');
      li.classList.toggle('selected', on);
      const a = li.querySelector('a.show-deliveries');
      if (on) a.setAttribute('aria-current', 'true');
      else a.removeAttribute('aria-current');
    });
  }

  function drawEndpoints() {
    if (!endpoints.length) {
      put(listBox, h('div', { class: 'card empty-state', id: 'webhooks-empty', role: 'status' }, h('p', {}, 'No webhook endpoints yet.'), h('p', { class: 'muted' }, 'Add one below: your system then receives each event as an HTTPS POST.')));
      return;
    }
    put(listBox, h('ul', { class: 'webhook-list' }, endpoints.map(endpointCard)));
    markSelected();
  }

  /** Runs one action of an endpoint's card: its problem is shown in the card; afterwards the list is reloaded. */
  async function act(slot, work) {
    put(slot);
    put(message);
    try {
      await work();
    } catch (problem) {
      if (problem.name !== 'AbortError') put(slot, problemBox(problem));
      throw problem;
    }
  }

  function endpointCard(endpoint) {
    const slot = h('div', { class: 'row-problem' });
    const name = endpoint.description ? `${endpoint.description} (${endpoint.url})` : endpoint.url;
    const deliveriesQuery = new URLSearchParams({ endpoint: endpoint.id });

    const test = h('button', { type: 'button', class: 'secondary small', dataset: { role: 'send-test' }, 'aria-label': `Send a test event: ${name}` }, 'Send test event');
    test.addEventListener('click', async () => {
      test.disabled = true;
      try {
        await act(slot, () => api(path(endpoint.id, '/test'), { method: 'POST', signal }));
        notify('Test event sent: its delivery is listed below');
        await navigate(new URLSearchParams({ endpoint: endpoint.id }));
      } catch (e) {
        /* shown in the card */
      } finally {
        test.disabled = false;
      }
    });

    const toggle = h('button', { type: 'button', class: 'secondary small', dataset: { role: 'toggle-enabled' }, 'aria-label': `${endpoint.enabled ? 'Disable' : 'Enable'}: ${name}` }, endpoint.enabled ? 'Disable' : 'Enable');
    toggle.addEventListener('click', async () => {
      toggle.disabled = true;
      try {
        await act(slot, () => api(path(endpoint.id), { method: 'PATCH', body: { enabled: !endpoint.enabled }, signal }));
        notify(endpoint.enabled ? 'Endpoint disabled: no events are sent to it' : 'Endpoint enabled');
        await loadEndpoints();
      } catch (e) {
        toggle.disabled = false;
      }
    });

    const remove = confirmButton({
      label: 'Delete',
      confirmLabel: 'Confirm delete',
      accessibleName: `Delete: ${name}`,
      data: { role: 'delete-endpoint' },
      onConfirm: async () => {
        await act(slot, () => api(path(endpoint.id), { method: 'DELETE', signal }));
        notify('Endpoint deleted');
        if (shown.get('endpoint') === endpoint.id) {
          history.replaceState(null, '', link(new URLSearchParams()));
          shown = new URLSearchParams();
        }
        await loadEndpoints();
        await showDeliveries();
      },
    });

    const edit = onSubmit(
      h(
        'form',
        { novalidate: true, class: 'endpoint-edit', 'aria-label': `Edit ${name}`, dataset: { role: 'edit-endpoint' } },
        field('URL', { name: 'url', type: 'url', required: true, value: endpoint.url, autocomplete: 'off', inputmode: 'url' }),
        eventsField(types, endpoint.events || []),
        field('Description', { name: 'description', value: endpoint.description || '', maxlength: '200', autocomplete: 'off' }),
        h('button', { type: 'submit' }, 'Save changes'),
      ),
      async (data) => {
        try {
          await api(path(endpoint.id), { method: 'PATCH', body: valuesOf(data), signal });
        } catch (problem) {
          throw urlProblem(problem);
        }
        notify('Endpoint saved');
        await loadEndpoints();
      },
    );

    const rotate = onSubmit(
      h(
        'form',
        { novalidate: true, class: 'endpoint-rotate', 'aria-label': `Rotate the secret of ${name}`, dataset: { role: 'rotate-secret' } },
        field(
          'Keep the old secret valid for (hours)',
          { name: 'overlapHours', type: 'number', min: '0', max: '168', step: '1', value: '24', inputmode: 'numeric', required: true },
          'From 0 (ends it at once) to 168. Meanwhile each delivery is signed with both secrets, so your receiver can switch without losing one.',
        ),
        h('button', { type: 'submit' }, 'Rotate secret'),
      ),
      async (data, form) => {
        const text = String(data.get('overlapHours') || '').trim();
        const hours = Number(text);
        if (text === '' || !Number.isInteger(hours) || hours < 0 || hours > 168) {
          showProblem(form, new ApiProblem(400, { errors: [{ field: 'overlapHours', message: 'A whole number of hours from 0 to 168.' }] }));
          return;
        }
        const result = await api(path(endpoint.id, '/rotate-secret'), { method: 'POST', body: { overlapHours: hours }, signal });
        showSecret(
          `New secret for ${endpoint.url}`,
          result.secret,
          result.previousSecretExpiresAt ? `The old secret is still accepted until ${dateTime(result.previousSecretExpiresAt)}.` : 'The old secret no longer signs deliveries.',
        );
        await loadEndpoints();
      },
    );

    const li = h(
      'li',
      { class: `card webhook-endpoint${endpoint.enabled ? '' : ' disabled'}`, dataset: { endpointId: endpoint.id, enabled: String(Boolean(endpoint.enabled)) } },
      h(
        'div',
        { class: 'endpoint-head row' },
        h('code', { class: 'mono endpoint-url' }, endpoint.url),
        endpoint.enabled ? h('span', { class: 'badge ok' }, 'Enabled') : h('span', { class: 'badge bad' }, 'Disabled'),
      ),
      endpoint.description ? h('p', { class: 'endpoint-description' }, endpoint.description) : null,
      h('p', { class: 'scopes endpoint-events', 'aria-label': 'Events' }, (endpoint.events || []).map((type) => h('span', { class: 'badge' }, type))),
      h(
        'p',
        { class: 'muted small-text' },
        `Added ${dateTime(endpoint.createdAt)}`,
        endpoint.previousSecretExpiresAt ? ` · the previous secret is accepted until ${dateTime(endpoint.previousSecretExpiresAt)}` : '',
      ),
      h(
        'div',
        { class: 'row endpoint-actions' },
        inScreen(deliveriesQuery, { class: 'button secondary small show-deliveries', 'aria-label': `Deliveries: ${name}` }, 'Deliveries'),
        test,
        toggle,
        remove,
      ),
      h('details', { class: 'endpoint-more' }, h('summary', {}, 'Edit URL, events and description'), edit),
      h('details', { class: 'endpoint-more' }, h('summary', {}, 'Rotate the signing secret'), rotate),
      slot,
    );
    return li;
  }

  function createForm() {
    const form = h(
      'form',
      { novalidate: true, 'aria-label': 'Add a webhook endpoint', id: 'create-webhook', class: 'card' },
      h('h2', {}, 'Add an endpoint'),
      field('URL', { name: 'url', type: 'url', required: true, autocomplete: 'off', inputmode: 'url', placeholder: 'https://example.com/caly/events' }, 'HTTPS. Private and loopback addresses are refused.'),
      eventsField(types, ['call.ended']),
      field('Description', { name: 'description', maxlength: '200', autocomplete: 'off' }, 'Optional: which system receives them.'),
      h('button', { type: 'submit' }, 'Add endpoint'),
    );
    return onSubmit(form, async (data) => {
      let result;
      try {
        result = await api('/api/webhooks', { method: 'POST', body: valuesOf(data), signal });
      } catch (problem) {
        throw urlProblem(problem);
      }
      form.reset();
      showSecret(`Signing secret for ${result.endpoint.url}`, result.secret);
      if (await loadEndpoints()) await navigate(new URLSearchParams({ endpoint: result.endpoint.id }));
      secretBox.querySelector('h2')?.focus();
    });
  }

  function stopPolling() {
    clearTimeout(timer);
    timer = null;
  }

  /** While a delivery shown is still on its way, its row (and its detail) are refreshed now and then. */
  function pollLater() {
    stopPolling();
    const waiting = (page && page.items.some(unsettled)) || unsettled(detail);
    if (!waiting || polls >= POLLS || signal.aborted) return;
    timer = setTimeout(async () => {
      polls += 1;
      await refresh().catch(() => null);
    }, POLL_MS);
  }

  async function refresh() {
    const endpoint = selected();
    if (!endpoint || signal.aborted) return;
    const [fresh, freshDetail] = await Promise.all([
      loadPage(endpoint),
      shown.get('delivery') ? api(`/api/webhooks/deliveries/${encodeURIComponent(shown.get('delivery'))}`, { signal }).then(flatten) : null,
    ]);
    if (JSON.stringify(fresh) !== JSON.stringify(page)) {
      page = fresh;
      drawTable(endpoint);
    }
    if (freshDetail && JSON.stringify(freshDetail) !== JSON.stringify(detail)) {
      detail = freshDetail;
      drawDetail();
    }
    pollLater();
  }

  const loadPage = (endpoint) =>
    api(path(endpoint.id, '/deliveries'), { query: { status: shown.get('status'), cursor: shown.get('cursor') }, signal });

  const tableBox = h('div', { id: 'delivery-results', 'aria-live': 'polite' });

  async function showDeliveries() {
    stopPolling();
    polls = 0;
    page = null;
    detail = null;
    const endpoint = selected();
    if (!endpoint) {
      put(deliveriesBox);
      put(detailBox);
      return;
    }
    const filter = h(
      'form',
      { class: 'card filters row', id: 'delivery-filters', role: 'search', 'aria-label': 'Filter deliveries', novalidate: true },
      field('Status', select('status', STATUSES, shown.get('status'))),
      h('button', { type: 'submit' }, 'Show'),
      h('button', { type: 'button', class: 'secondary', id: 'refresh-deliveries' }, 'Refresh'),
    );
    onSubmit(filter, async (data) => {
      const next = new URLSearchParams({ endpoint: endpoint.id });
      if (data.get('status')) next.set('status', String(data.get('status')));
      try {
        await navigate(next);
      } catch (problem) {
        throw asFieldProblem(problem);
      }
    });
    filter.querySelector('#refresh-deliveries').addEventListener('click', () => {
      polls = 0;
      refresh().catch((problem) => problem.name !== 'AbortError' && put(tableBox, problemBox(problem)));
    });
    put(
      deliveriesBox,
      h('h2', { id: 'webhook-deliveries-title' }, 'Deliveries to ', h('span', { class: 'mono' }, endpoint.url)),
      filter,
      tableBox,
    );
    put(tableBox, h('p', { class: 'muted' }, 'Loading…'));
    put(detailBox);
    try {
      page = await loadPage(endpoint);
    } catch (problem) {
      if (problem.name === 'AbortError') return;
      asFieldProblem(problem);
      if (problem.errors && problem.errors.length) showProblem(filter, problem);
      put(tableBox, problemBox(problem));
      return;
    }
    drawTable(endpoint);
    if (shown.get('delivery')) await openDetail(shown.get('delivery'));
    pollLater();
  }

  function drawTable(endpoint) {
    const rows = page.items.map((d) => {
      const open = new URLSearchParams(shown);
      open.set('delivery', d.id);
      return [
        exact(d.createdAt),
        h('code', {}, d.eventType),
        deliveryBadge(d.status),
        String(d.attempts ?? 0),
        d.responseStatus === null || d.responseStatus === undefined ? '—' : h('span', { class: 'response-status' }, String(d.responseStatus)),
        ms(d.latencyMs),
        d.deliveredAt ? `Delivered ${exact(d.deliveredAt)}` : d.nextAttemptAt ? `Next try ${exact(d.nextAttemptAt)}` : '—',
        inScreen(open, { class: 'button secondary small open-delivery', dataset: { deliveryId: d.id }, 'aria-label': `Open the delivery of ${d.eventType} at ${exact(d.createdAt)}` }, 'Open'),
      ];
    });
    const filtered = Boolean(shown.get('status'));
    const list = stackable(
      table('Deliveries, newest first', ['Created', 'Event', 'Status', 'Attempts', 'Response', 'Latency', 'Delivered or next try', 'Details'], rows, {
        class: 'deliveries-table',
        empty: filtered ? 'No deliveries with this status.' : 'No deliveries yet. Send a test event to see one.',
      }),
    );
    list.querySelectorAll('tbody tr').forEach((tr, i) => {
      if (page.items[i]) {
        tr.dataset.deliveryId = page.items[i].id;
        tr.dataset.status = page.items[i].status;
        if (page.items[i].id === shown.get('delivery')) tr.classList.add('selected');
      }
    });

    const back = (shown.get('back') || '').split('.').filter(Boolean);
    const older = new URLSearchParams(shown);
    const newer = new URLSearchParams(shown);
    older.delete('delivery');
    newer.delete('delivery');
    if (page.nextCursor) {
      older.set('cursor', page.nextCursor);
      older.set('back', [...back, shown.get('cursor') || FIRST_PAGE].join('.'));
    }
    if (back.length) {
      const previous = back[back.length - 1];
      if (previous === FIRST_PAGE) newer.delete('cursor');
      else newer.set('cursor', previous);
      if (back.length > 1) newer.set('back', back.slice(0, -1).join('.'));
      else newer.delete('back');
    }
    const pager = page.items.length || back.length
      ? h(
        'nav',
        { class: 'pager row', 'aria-label': `Pages of deliveries to ${endpoint.url}` },
        back.length ? inScreen(newer, { class: 'button secondary', id: 'deliveries-newer', rel: 'prev' }, '← Newer') : null,
        h('span', { class: 'muted', id: 'deliveries-page' }, `Page ${back.length + 1}`),
        page.nextCursor ? inScreen(older, { class: 'button secondary', id: 'deliveries-older', rel: 'next' }, 'Older →') : null,
      )
      : null;
    put(tableBox, list, pager);
  }

  async function openDetail(id) {
    try {
      detail = flatten(await api(`/api/webhooks/deliveries/${encodeURIComponent(id)}`, { signal }));
    } catch (problem) {
      if (problem.name === 'AbortError') return;
      put(detailBox, problemBox(problem));
      return;
    }
    drawDetail();
  }

  function drawDetail() {
    const d = detail;
    const slot = h('div', { class: 'row-problem' });
    const redeliver = h('button', { type: 'button', id: 'redeliver', dataset: { deliveryId: d.id } }, 'Redeliver');
    redeliver.addEventListener('click', async () => {
      redeliver.disabled = true;
      put(slot);
      let fresh;
      try {
        fresh = await api(`/api/webhooks/deliveries/${encodeURIComponent(d.id)}/redeliver`, { method: 'POST', signal });
      } catch (problem) {
        redeliver.disabled = false;
        if (problem.name !== 'AbortError') put(slot, problemBox(problem));
        return;
      }
      notify('Redelivery queued: the same event is sent again, with retries');
      const next = new URLSearchParams({ endpoint: shown.get('endpoint') });
      if (shown.get('status')) next.set('status', shown.get('status'));
      next.set('delivery', fresh && fresh.id ? fresh.id : d.id);
      await navigate(next, { focusDetail: true });
    });
    const close = new URLSearchParams(shown);
    close.delete('delivery');
    const attempts = (d.attemptLog || []).map((a) => [
      String(a.number),
      exact(a.at),
      a.responseStatus === null || a.responseStatus === undefined ? '—' : String(a.responseStatus),
      ms(a.latencyMs),
      a.error ? h('span', { class: 'attempt-error' }, a.error) : '—',
      a.responseExcerpt ? h('pre', { class: 'payload excerpt' }, a.responseExcerpt) : '—',
    ]);
    const fact = (term, value) => [h('dt', {}, term), h('dd', {}, value)];
    put(
      detailBox,
      h(
        'section',
        { class: 'card delivery-detail', 'aria-labelledby': 'delivery-title', dataset: { deliveryId: d.id, status: d.status } },
        h('h2', { id: 'delivery-title', tabindex: '-1' }, 'Delivery of ', h('code', {}, d.eventType)),
        h(
          'dl',
          { class: 'facts' },
          fact('Status', deliveryBadge(d.status)),
          fact('Attempts', String(d.attempts ?? 0)),
          fact('Response', d.responseStatus ?? '—'),
          fact('Latency', ms(d.latencyMs)),
          fact('Created', exact(d.createdAt)),
          fact(d.deliveredAt ? 'Delivered' : 'Next try', exact(d.deliveredAt || d.nextAttemptAt)),
          fact('Event id', h('code', {}, d.eventId)),
          fact('Delivery id', h('code', {}, d.id)),
          d.callId ? fact('Call', h('a', { href: `#/call/${encodeURIComponent(d.callId)}` }, 'Open the call')) : null,
          d.error ? fact('Error', h('span', { class: 'attempt-error' }, d.error)) : null,
        ),
        h('div', { class: 'row' }, redeliver, inScreen(close, { class: 'button secondary', id: 'close-delivery' }, 'Close')),
        slot,
        h('h3', {}, 'Attempts'),
        stackable(table('Attempts', ['#', 'At', 'Response', 'Latency', 'Error', 'Response excerpt'], attempts, { class: 'attempts-table', hideCaption: true, empty: 'Not attempted yet.' })),
        h('h3', {}, 'Payload'),
        h('pre', { class: 'payload', id: 'delivery-payload', tabindex: '0', 'aria-label': 'Payload' }, JSON.stringify(d.payload ?? null, null, 2)),
      ),
    );
    deliveriesBox.querySelectorAll('tr[data-delivery-id]').forEach((tr) => tr.classList.toggle('selected', tr.dataset.deliveryId === d.id));
  }

  put(main, heading('Webhooks'), h('p', { class: 'muted' }, 'Endpoints of your own systems that receive this company\u2019s events as they happen, each signed so they can tell it came from Caly.'), message, secretBox, listBox);
  try {
    types = await api('/api/webhooks/event-types', { signal });
  } catch (problem) {
    if (problem.name === 'AbortError') return undefined;
    put(listBox, problem.status === 403 ? h('p', { class: 'card' }, 'Owners and admins manage webhooks.') : problemBox(problem));
    return undefined;
  }
  if (!(await loadEndpoints())) return undefined;
  if (!selected() && endpoints.length) {
    shown = new URLSearchParams({ endpoint: endpoints[0].id });
    history.replaceState(null, '', link(shown));
    markSelected();
  }
  main.append(deliveriesBox, detailBox, createForm());
  await showDeliveries();
  return stopPolling;
}
