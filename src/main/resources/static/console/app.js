// The console's shell: restores the session from the refresh cookie, routes #/paths to screens and keeps the
// navigation in step with who is signed in.
import { api, onSessionChange, restore, signOut, token } from './api.js';
import { h, put, setZone, problemBox } from './ui.js';

const PUBLIC = {
  'sign-in': () => import('./screens/auth.js').then((m) => m.signInScreen),
  'sign-up': () => import('./screens/auth.js').then((m) => m.signUpScreen),
  verify: () => import('./screens/auth.js').then((m) => m.verifyScreen),
  'accept-invite': () => import('./screens/auth.js').then((m) => m.acceptInviteScreen),
};

const PRIVATE = {
  start: () => import('./screens/start.js').then((m) => m.render),
  agent: () => import('./screens/agent.js').then((m) => m.render),
  'test-call': () => import('./screens/test-call.js').then((m) => m.render),
  calls: () => import('./screens/calls.js').then((m) => m.render),
  call: () => import('./screens/call.js').then((m) => m.render),
  live: () => import('./screens/live.js').then((m) => m.render),
  escalations: () => import('./screens/queues.js').then((m) => m.escalations),
  returns: () => import('./screens/queues.js').then((m) => m.returns),
  analytics: () => import('./screens/analytics.js').then((m) => m.render),
  billing: () => import('./screens/billing.js').then((m) => m.render),
  team: () => import('./screens/team.js').then((m) => m.render),
  keys: () => import('./screens/keys.js').then((m) => m.render),
  webhooks: () => import('./screens/webhooks.js').then((m) => m.render),
};

/** The signed-in member and company (GET /api/auth/me), or null. */
export const session = { me: null };

let cleanup = null;
let controller = null;

/** #/calls/abc?status=completed -> { name: 'calls', params: ['abc'], query: URLSearchParams } */
function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, search = ''] = raw.split('?');
  const [name = '', ...params] = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { name, params, query: new URLSearchParams(search) };
}

export function go(path) {
  if (location.hash === `#${path}`) route();
  else location.hash = path;
}

async function loadMe() {
  session.me = await api('/api/auth/me');
  setZone(session.me.company.timezone);
  document.getElementById('who').textContent = `${session.me.user.email} · ${session.me.company.name} · ${session.me.user.role}`;
  document.querySelectorAll('[data-roles]').forEach((el) => {
    el.hidden = !el.dataset.roles.split(' ').includes(session.me.user.role);
  });
}

async function route() {
  const { name, params, query } = parseHash();
  if (cleanup) {
    try {
      cleanup();
    } catch (e) {
      /* a screen that failed to clean up must not stop the next one */
    }
    cleanup = null;
  }
  if (controller) controller.abort();
  controller = new AbortController();
  const main = document.getElementById('main');
  const signedIn = Boolean(token());
  document.getElementById('top').hidden = !signedIn || Boolean(PUBLIC[name]);

  let load = PUBLIC[name];
  if (!load) {
    if (!signedIn) {
      go(`/sign-in${name ? `?next=${encodeURIComponent(location.hash.slice(1))}` : ''}`);
      return;
    }
    if (!session.me) await loadMe().catch(() => null);
    load = PRIVATE[name];
    if (!load) {
      go('/start');
      return;
    }
  }
  document.querySelectorAll('#nav a').forEach((a) => {
    const current = a.getAttribute('href') === `#/${name}` || (name === 'call' && a.getAttribute('href') === '#/calls');
    if (current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  closeMenu();
  put(main, h('p', { class: 'muted' }, 'Loading…'));
  try {
    const screen = await load();
    const result = await screen(main, { params, query, me: session.me, signal: controller.signal, go });
    if (typeof result === 'function') cleanup = result;
    const title = main.querySelector('h1');
    document.title = `${title ? title.textContent : 'Caly'} · Caly console`;
    (title || main).focus({ preventScroll: false });
  } catch (problem) {
    if (problem && problem.name === 'AbortError') return;
    put(main, h('h1', { tabindex: '-1' }, 'Something went wrong'), problemBox(problem));
  }
}

function closeMenu() {
  const toggle = document.getElementById('menu-toggle');
  toggle.setAttribute('aria-expanded', 'false');
  document.getElementById('nav').classList.remove('open');
}

function wire() {
  document.getElementById('menu-toggle').addEventListener('click', (event) => {
    const open = event.currentTarget.getAttribute('aria-expanded') !== 'true';
    event.currentTarget.setAttribute('aria-expanded', String(open));
    document.getElementById('nav').classList.toggle('open', open);
  });
  document.getElementById('sign-out').addEventListener('click', async () => {
    await signOut().catch(() => null);
    session.me = null;
    go('/sign-in');
  });
  onSessionChange((value) => {
    if (!value) session.me = null;
  });
  window.addEventListener('hashchange', route);
}

/** After a sign-in screen succeeds. */
export async function signedIn(next) {
  session.me = null;
  await loadMe();
  go(next && next.startsWith('/') && !next.startsWith('//') ? next : '/start');
}

wire();
restore().finally(route);
