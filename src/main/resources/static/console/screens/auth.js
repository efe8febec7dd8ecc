// Sign up, verify the e-mailed code, sign in and accept an invitation: the public screens.
import { api, signIn } from '../api.js';
import { signedIn } from '../app.js';
import { field, h, notify, onSubmit, problemBox, put } from '../ui.js';

function page(main, title, lead, form, ...after) {
  put(main, h('section', { class: 'card narrow' }, h('h1', { tabindex: '-1' }, title), lead ? h('p', { class: 'muted' }, lead) : null, form, ...after));
}

export async function signInScreen(main, { query }) {
  const form = h(
    'form',
    { novalidate: true, 'aria-label': 'Sign in' },
    field('E-mail', { name: 'email', type: 'email', autocomplete: 'username', required: true, value: query.get('email') || '' }),
    field('Password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
    h('button', { type: 'submit' }, 'Sign in'),
  );
  onSubmit(form, async (data) => {
    try {
      await signIn('/api/auth/login', { email: data.get('email'), password: data.get('password') });
    } catch (problem) {
      if (problem.slug === 'email-not-verified') {
        location.hash = `/verify?email=${encodeURIComponent(data.get('email'))}`;
        return;
      }
      throw problem;
    }
    await signedIn(query.get('next'));
  });
  page(main, 'Sign in', null, form, h('p', {}, 'New to Caly? ', h('a', { href: '#/sign-up' }, 'Create an account')));
}

export async function signUpScreen(main) {
  const form = h(
    'form',
    { novalidate: true, 'aria-label': 'Sign up' },
    field('Company name', { name: 'companyName', required: true, autocomplete: 'organization' }),
    field('Your name', { name: 'fullName', autocomplete: 'name' }),
    field('Work e-mail', { name: 'email', type: 'email', required: true, autocomplete: 'email' }),
    field('Password', { name: 'password', type: 'password', required: true, autocomplete: 'new-password' }, 'At least 10 characters; a passphrase is fine.'),
    h('button', { type: 'submit' }, 'Create account'),
  );
  onSubmit(form, async (data) => {
    const email = data.get('email').trim().toLowerCase();
    await api('/api/auth/register', {
      method: 'POST',
      auth: false,
      body: { companyName: data.get('companyName'), fullName: data.get('fullName') || null, email, password: data.get('password') },
    });
    location.hash = `/verify?email=${encodeURIComponent(email)}`;
  });
  page(main, 'Create your account', 'We e-mail you a 6-digit code to check the address.', form, h('p', {}, 'Already have an account? ', h('a', { href: '#/sign-in' }, 'Sign in')));
}

export async function verifyScreen(main, { query }) {
  const email = query.get('email') || '';
  const form = h(
    'form',
    { novalidate: true, 'aria-label': 'Verify e-mail' },
    field('E-mail', { name: 'email', type: 'email', required: true, value: email, autocomplete: 'email' }),
    field('Code', { name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '\\d{6}', maxlength: '6', required: true }, 'The 6-digit code in the e-mail we sent.'),
    h('div', { class: 'row' }, h('button', { type: 'submit' }, 'Verify and sign in'), h('button', { type: 'button', class: 'secondary', id: 'resend' }, 'Send a new code')),
  );
  onSubmit(form, async (data) => {
    await signIn('/api/auth/verify-email', { email: data.get('email'), code: (data.get('code') || '').trim() });
    await signedIn('/start');
  });
  const resendBox = h('div');
  form.querySelector('#resend').addEventListener('click', async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    put(resendBox);
    try {
      await api('/api/auth/request-otp', { method: 'POST', auth: false, body: { email: form.elements.email.value } });
      notify('If the address is waiting for verification, a new code is on its way.');
    } catch (problem) {
      put(resendBox, problemBox(problem));
    } finally {
      button.disabled = false;
    }
  });
  page(main, 'Check your e-mail', email ? `We sent a code to ${email}. It is valid for 10 minutes.` : null, form, resendBox);
}

export async function acceptInviteScreen(main, { query }) {
  const token = query.get('token') || '';
  let invitation;
  try {
    invitation = await api(`/api/auth/invitations/${encodeURIComponent(token)}`, { auth: false });
  } catch (problem) {
    page(main, 'Invitation', null, problemBox(problem), h('p', {}, h('a', { href: '#/sign-in' }, 'Sign in')));
    return;
  }
  const form = h(
    'form',
    { novalidate: true, 'aria-label': 'Accept invitation' },
    field('E-mail', { name: 'email', type: 'email', value: invitation.email, readonly: true, autocomplete: 'username' }),
    field('Your name', { name: 'fullName', autocomplete: 'name' }),
    field('Choose a password', { name: 'password', type: 'password', required: true, autocomplete: 'new-password' }, 'At least 10 characters.'),
    h('button', { type: 'submit' }, 'Join'),
  );
  onSubmit(form, async (data) => {
    await signIn('/api/auth/accept-invitation', { token, password: data.get('password'), fullName: data.get('fullName') || null });
    await signedIn('/start');
  });
  page(main, `Join ${invitation.companyName}`, `You are invited as ${invitation.role}.`, form);
}
