// API keys: the company's keys for reading its calls, recordings, analytics and billing from its own systems.
// Owners and admins create and revoke them; a new key's secret is shown once.
import { api } from '../api.js';
import { confirmButton } from '../confirm.js';
import { stackable } from '../tables.js';
import { copyButton, dateTime, field, h, heading, notify, onSubmit, problemBox, put, table } from '../ui.js';

/** The scopes ApiKeyScope knows; keys only ever read. */
const SCOPES = [
  ['calls:read', 'Calls, escalations, returns and actions'],
  ['recordings:read', 'Recordings'],
  ['analytics:read', 'Analytics'],
  ['billing:read', 'Billing'],
];

function state(key) {
  if (key.revokedAt) return h('span', { class: 'badge bad' }, 'Revoked');
  if (key.expiresAt && new Date(key.expiresAt) <= new Date()) return h('span', { class: 'badge warn' }, 'Expired');
  return h('span', { class: 'badge ok' }, 'Active');
}

function scopesField() {
  const error = h('small', { class: 'field-error', id: 'key-scopes-error', hidden: true });
  return h(
    'div',
    { class: 'field', dataset: { field: 'scopes' } },
    h(
      'fieldset',
      { 'aria-describedby': 'key-scopes-error' },
      h('legend', {}, 'What the key may read'),
      SCOPES.map(([code, text]) =>
        h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'scopes', value: code, checked: code === 'calls:read' }), h('span', {}, text, ' ', h('code', {}, code)))),
    ),
    error,
  );
}

export async function render(main, ctx) {
  const { signal, me } = ctx;
  const mayManage = ['owner', 'admin'].includes(me?.user?.role);
  const listBox = h('div', { id: 'api-keys-list', 'aria-live': 'off' });
  const created = h('div', { id: 'new-api-key-box' });

  if (!mayManage) {
    put(
      main,
      heading('API keys'),
      h('div', { class: 'card' }, h('p', {}, 'Only owners and admins manage API keys.'), h('p', { class: 'muted' }, 'Ask an owner or admin of your company if a system of yours needs a key.')),
    );
    return;
  }

  async function load() {
    let keys;
    try {
      keys = await api('/api/api-keys', { signal });
    } catch (problem) {
      if (problem.name === 'AbortError') return;
      put(listBox, problem.status === 403 ? h('p', { class: 'card' }, 'Only owners and admins see the API keys.') : problemBox(problem));
      return;
    }
    const rows = keys.map((key) => {
      const problemSlot = h('div', { class: 'row-problem' });
      const action = key.revokedAt
        ? h('span', { class: 'muted' }, `Revoked ${dateTime(key.revokedAt)}`)
        : h(
            'div',
            {},
            confirmButton({
              label: 'Revoke',
              confirmLabel: 'Confirm revoke',
              accessibleName: `Revoke: ${key.name}`,
              data: { keyId: key.id, role: 'revoke-key' },
              onConfirm: async () => {
                put(problemSlot);
                try {
                  await api(`/api/api-keys/${encodeURIComponent(key.id)}`, { method: 'DELETE', signal });
                } catch (problem) {
                  put(problemSlot, problemBox(problem));
                  throw problem;
                }
                notify(`Revoked ${key.name}`);
                await load();
              },
            }),
            problemSlot,
          );
      return [
        h('span', { class: 'key-name' }, key.name),
        h('code', {}, `caly_${key.prefix}_…`),
        h('span', { class: 'scopes' }, (key.scopes || []).map((s) => h('span', { class: 'badge' }, s))),
        dateTime(key.createdAt),
        key.lastUsedAt ? dateTime(key.lastUsedAt) : h('span', { class: 'muted' }, 'Never'),
        key.expiresAt ? dateTime(key.expiresAt) : h('span', { class: 'muted' }, 'Never'),
        state(key),
        action,
      ];
    });
    put(listBox, stackable(table('API keys', ['Name', 'Prefix', 'Scopes', 'Created', 'Last used', 'Expires', 'State', 'Revoke'], rows, { empty: 'No API keys yet.', class: 'keys-table' })));
    listBox.querySelectorAll('tbody tr').forEach((tr, i) => {
      if (keys[i]) {
        tr.dataset.keyId = keys[i].id;
        tr.dataset.state = keys[i].revokedAt ? 'revoked' : 'active';
      }
    });
  }

  const form = h(
    'form',
    { novalidate: true, 'aria-label': 'Create an API key', id: 'create-api-key', class: 'card' },
    h('h2', {}, 'Create a key'),
    field('Name', { name: 'name', required: true, maxlength: '100', autocomplete: 'off' }, 'Which system uses it, e.g. "CRM sync".'),
    scopesField(),
    field('Expires after (days)', { name: 'expiresInDays', type: 'number', min: '1', max: '3650', inputmode: 'numeric' }, 'Leave empty for a key that does not expire.'),
    h('button', { type: 'submit' }, 'Create key'),
  );
  onSubmit(form, async (data) => {
    const days = String(data.get('expiresInDays') || '').trim();
    const result = await api('/api/api-keys', {
      method: 'POST',
      signal,
      body: { name: String(data.get('name') || '').trim(), scopes: data.getAll('scopes'), expiresInDays: days === '' ? null : Number(days) },
    });
    const done = h('button', { type: 'button', class: 'secondary' }, 'Done');
    done.addEventListener('click', () => put(created));
    put(
      created,
      h(
        'section',
        { class: 'card new-key', role: 'region', 'aria-labelledby': 'new-key-title' },
        h('h2', { id: 'new-key-title' }, `New key: ${result.key.name}`),
        h('p', {}, h('strong', {}, 'Copy this key now. It will not be shown again.')),
        h('div', { class: 'row secret' }, h('code', { id: 'new-api-key', class: 'mono' }, result.apiKey), copyButton(result.apiKey, 'Copy key')),
        h('p', { class: 'muted' }, 'Send it as the header ', h('code', {}, 'Authorization: Bearer <key>'), ' or ', h('code', {}, 'X-API-Key: <key>'), '.'),
        done,
      ),
    );
    form.reset();
    created.querySelector('h2').setAttribute('tabindex', '-1');
    created.querySelector('h2').focus();
    await load();
  });

  put(main, heading('API keys'), h('p', { class: 'muted' }, 'Keys let your own systems read this company\u2019s data. They never change anything.'), created, form, listBox);
  await load();
}
