// Get started: the company's numbers, the Exotel flow's URLs to paste, and how far the set-up has come.
import { api, ApiProblem } from '../api.js';
import { copyButton, dateTime, field, h, heading, notify, onSubmit, problemBox, put, table } from '../ui.js';

const FLOW = [
  ['callStart', 'Passthru applet (call start)', 'First applet of the flow: tells Caly a call has started. Its 302 answer sends the caller to the fallback branch when the agent cannot take the call.'],
  ['voicebotUrl', 'Voicebot applet (stream URL)', 'The audio stream to the agent.'],
  ['afterBot', 'Passthru applet (after the bot)', 'After the Voicebot applet: decides whether the call goes to a person.'],
  ['callEnd', 'Status callback (call end)', 'The flow\'s status callback: the call\'s end, duration and charges.'],
  ['recording', 'Recording callback', 'Where Exotel reports its own recording, if you record in Exotel too.'],
  ['staticStreamUrl', 'Static stream URL (no call-start)', 'Use instead of the Voicebot URL when the flow has no Passthru; authenticated with the account\'s credentials.'],
];

async function optional(path, query) {
  try {
    return await api(path, { query });
  } catch (problem) {
    if (problem instanceof ApiProblem && problem.status === 403) return null;
    throw problem;
  }
}

export async function render(main, { me }) {
  const manager = me.user.role === 'owner' || me.user.role === 'admin';
  const [numbers, setup, agent, webCalls, phoneCalls] = await Promise.all([
    manager ? optional('/api/phone-numbers') : null,
    manager ? optional('/api/exotel/setup') : null,
    manager ? optional('/api/agent') : null,
    optional('/api/calls', { channel: 'web', limit: 1 }).catch(() => null),
    optional('/api/calls', { channel: 'phone', limit: 1 }).catch(() => null),
  ]);
  const firstOf = (page) => (page && Array.isArray(page.items) && page.items.length ? page.items[0] : null);
  const steps = [
    ['number', 'A number added', numbers ? numbers.length > 0 : null, '#/start'],
    ['agent', 'The agent set up', agent ? Boolean(agent.updatedAt) : null, '#/agent'],
    ['test-call', 'A first test call from the browser', Boolean(firstOf(webCalls)), '#/test-call'],
    ['real-call', 'A first real call', Boolean(firstOf(phoneCalls)), '#/calls'],
  ];
  const checklist = h(
    'ol',
    { class: 'checklist', id: 'checklist', 'aria-label': 'Set-up checklist' },
    steps.map(([key, text, done, href]) =>
      h('li', { class: done ? 'done' : 'todo', dataset: { step: key, done: String(Boolean(done)) } }, h('a', { href }, text), done ? h('span', { class: 'visually-hidden' }, ' (done)') : h('span', { class: 'visually-hidden' }, ' (to do)')),
    ),
  );

  put(main, heading('Get started'), h('section', { class: 'card' }, h('h2', {}, 'Checklist'), checklist));
  if (!manager) {
    main.append(h('p', { class: 'muted' }, 'Owners and admins add numbers and set up the Exotel flow. You can make a test call and review calls.'));
    return;
  }

  const list = h('div');
  const showNumbers = (items) =>
    put(
      list,
      table(
        'Your ExoPhones',
        ['Number', 'Label', 'Added', ''],
        items.map((n) => [
          h('span', { class: 'mono' }, n.number),
          n.label || '—',
          dateTime(n.createdAt),
          h('button', { type: 'button', class: 'secondary small', 'aria-label': `Remove ${n.number}`, onclick: () => remove(n) }, 'Remove'),
        ]),
        { empty: 'No numbers yet: add the ExoPhone your callers dial.' },
      ),
    );
  const reload = async () => showNumbers(await api('/api/phone-numbers'));
  const remove = async (n) => {
    try {
      await api(`/api/phone-numbers/${encodeURIComponent(n.id)}`, { method: 'DELETE' });
      notify(`${n.number} removed`);
      await reload();
    } catch (problem) {
      notify(problem.detail || problem.title, 'error');
    }
  };
  showNumbers(numbers || []);
  const form = h(
    'form',
    { novalidate: true, id: 'add-number', 'aria-label': 'Add a number' },
    h('div', { class: 'row' },
      field('ExoPhone number', { name: 'number', inputmode: 'tel', autocomplete: 'off', placeholder: '080 4123 4567', required: true }, 'As Exotel shows it: 0-prefixed, +91 or 91.'),
      field('Label', { name: 'label', placeholder: 'Support line' })),
    h('button', { type: 'submit' }, 'Add number'),
  );
  onSubmit(form, async (data) => {
    await api('/api/phone-numbers', { method: 'POST', body: { number: data.get('number'), label: data.get('label') || null } });
    form.reset();
    notify('Number added');
    await reload();
    await render(main, { me });
  });

  const urls = setup
    ? h(
        'dl',
        { class: 'urls', id: 'exotel-urls' },
        FLOW.filter(([key]) => setup[key]).map(([key, title, help]) => [
          h('dt', {}, title),
          h('dd', { dataset: { url: key } }, h('code', {}, setup[key]), ' ', copyButton(setup[key], `Copy ${title}`), h('br'), h('small', { class: 'hint' }, help)),
        ]),
      )
    : problemBox(new ApiProblem(403, { detail: 'Only owners and admins see the Exotel URLs.' }));
  main.append(
    h('section', { class: 'card' }, h('h2', {}, 'Numbers'), list, form),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'The Exotel flow'),
      h('p', {}, 'In Exotel\'s App Bazaar, build a flow with these applets in this order and attach your ExoPhone to it. The URLs carry your company\'s own token: keep them private.'),
      setup && !setup.baseUrlConfigured
        ? h('p', { class: 'form-error', role: 'note' }, `These URLs use the address you opened the console at (${setup.baseUrl}). Set WEBHOOK_BASE_URL to the public address Exotel reaches.`)
        : null,
      urls,
    ),
  );
}
