// The team: members with their roles, invitations by e-mail, role changes and removals. Owners manage everyone;
// admins manage admins and members and cannot grant the owner role; a company always keeps one owner (409
// last-owner). Members see a note: the team list is for owners and admins.
import { api, ApiProblem, refresh } from '../api.js';
import { confirmButton } from '../confirm.js';
import { stackable } from '../tables.js';
import { dateTime, describe, field, h, heading, notify, onSubmit, problemBox, put, select, table } from '../ui.js';

const ROLES = [
  ['member', 'Member'],
  ['admin', 'Admin'],
  ['owner', 'Owner'],
];
const ROLE_HINT = 'Members take calls and escalations; admins also manage the agent, numbers, keys and the team; owners also billing and other owners.';

function roleName(code) {
  return (ROLES.find(([v]) => v === code) || [code, code])[1];
}

/** A team problem in words: the last owner and the owners-only rules read as advice. */
function kindly(problem) {
  if (!(problem instanceof ApiProblem)) return problem;
  if (problem.slug === 'last-owner') {
    return new ApiProblem(409, { ...problem.body, detail: 'A company keeps at least one owner. Make another member an owner first, then change or remove this one.' });
  }
  if (problem.slug === 'already-a-member') {
    return new ApiProblem(409, { ...problem.body, detail: 'This address already belongs to a member of the team.' });
  }
  if (problem.status === 403) {
    return new ApiProblem(403, { ...problem.body, detail: `${describe(problem)}. Ask an owner to do this.`.replace('..', '.') });
  }
  return problem;
}

export async function render(main, ctx) {
  const { signal, me, go } = ctx;
  const myRole = me.user.role;
  const mayManage = myRole === 'owner' || myRole === 'admin';

  if (!mayManage) {
    put(
      main,
      heading('Team'),
      h(
        'div',
        { class: 'card', id: 'team-read-only' },
        h('p', {}, `You are a member of ${me.company.name}.`),
        h('p', { class: 'muted' }, 'Owners and admins see the whole team, invite people and change roles. Ask one of them if someone should join.'),
        h('dl', { class: 'facts' }, h('dt', {}, 'You'), h('dd', {}, me.user.fullName ? `${me.user.fullName} (${me.user.email})` : me.user.email), h('dt', {}, 'Role'), h('dd', {}, roleName(myRole))),
      ),
    );
    return;
  }

  const roleOptions = myRole === 'owner' ? ROLES : ROLES.filter(([v]) => v !== 'owner');
  const message = h('div', { id: 'team-message' });
  const membersBox = h('div', { id: 'team-members' });
  const invitesBox = h('div', { id: 'team-invitations' });

  const say = (problem) => put(message, problemBox(kindly(problem)));

  /** A change to one's own role or membership ends one's tokens: start the session over. */
  async function afterSelfChange() {
    if (await refresh()) location.reload();
    else go('/sign-in');
  }

  async function loadMembers() {
    let members;
    try {
      members = await api('/api/company/members', { signal });
    } catch (problem) {
      if (problem.name === 'AbortError') return;
      put(membersBox, problem.status === 403 ? h('p', { class: 'card' }, 'Only owners and admins see the team.') : problemBox(problem));
      return;
    }
    const owners = members.filter((m) => m.role === 'owner').length;
    const rows = members.map((member) => {
      const self = member.id === me.user.id;
      const label = member.fullName || member.email;
      const mayChange = myRole === 'owner' || member.role !== 'owner';
      let roleCell = roleName(member.role);
      if (mayChange) {
        const choice = select('role', roleOptions, member.role);
        choice.setAttribute('aria-label', `Role of ${label}`);
        const form = h(
          'form',
          { class: 'role-form row', novalidate: true, 'aria-label': `Role of ${label}`, dataset: { memberId: member.id, role: 'change-role' } },
          h('div', { class: 'field', dataset: { field: 'role' } }, choice, h('small', { class: 'field-error', hidden: true })),
          h('button', { type: 'submit', class: 'secondary small' }, 'Save role'),
        );
        onSubmit(form, async (data) => {
          const role = data.get('role');
          if (role === member.role) {
            notify(`${label} is already ${roleName(role).toLowerCase()}`);
            return;
          }
          try {
            await api(`/api/company/members/${encodeURIComponent(member.id)}`, { method: 'PATCH', body: { role }, signal });
          } catch (problem) {
            throw kindly(problem);
          }
          notify(`${label} is now ${roleName(role).toLowerCase()}`);
          put(message);
          if (self) {
            await afterSelfChange();
            return;
          }
          await loadMembers();
        });
        roleCell = form;
      }
      let removeCell = h('span', { class: 'muted' }, self ? 'You' : '—');
      if (!self && mayChange) {
        removeCell = confirmButton({
          label: 'Remove',
          confirmLabel: 'Confirm remove',
          accessibleName: `Remove: ${label}`,
          data: { memberId: member.id, role: 'remove-member' },
          onConfirm: async () => {
            put(message);
            try {
              await api(`/api/company/members/${encodeURIComponent(member.id)}`, { method: 'DELETE', signal });
            } catch (problem) {
              say(problem);
              throw problem;
            }
            notify(`${label} was removed from the team`);
            await loadMembers();
          },
        });
      }
      return [
        h('span', {}, member.fullName || h('span', { class: 'muted' }, '—'), self ? h('span', { class: 'badge' }, 'you') : null),
        h('span', { class: 'mono' }, member.email),
        roleCell,
        member.emailVerified ? 'Yes' : h('span', { class: 'badge warn' }, 'Not yet'),
        member.lastLoginAt ? dateTime(member.lastLoginAt) : h('span', { class: 'muted' }, 'Never'),
        dateTime(member.createdAt),
        removeCell,
      ];
    });
    put(
      membersBox,
      stackable(table('Members', ['Name', 'E-mail', 'Role', 'Verified', 'Last sign-in', 'Joined', 'Remove'], rows, { class: 'team-table', hideCaption: true })),
      owners <= 1 ? h('p', { class: 'muted' }, 'A company keeps at least one owner: to change the only owner, make someone else an owner first.') : null,
    );
    membersBox.querySelectorAll('tbody tr').forEach((tr, i) => {
      if (members[i]) {
        tr.dataset.memberId = members[i].id;
        tr.dataset.email = members[i].email;
        tr.dataset.memberRole = members[i].role;
      }
    });
  }

  async function loadInvitations() {
    let invitations;
    try {
      invitations = await api('/api/company/invitations', { signal });
    } catch (problem) {
      if (problem.name === 'AbortError') return;
      put(invitesBox, problemBox(problem));
      return;
    }
    const rows = invitations.map((invitation) => {
      const mayRevoke = myRole === 'owner' || invitation.role !== 'owner';
      let revoke = h('span', { class: 'muted' }, 'Owners only');
      if (mayRevoke) {
        revoke = h('button', { type: 'button', class: 'secondary small', dataset: { invitationId: invitation.id, role: 'revoke-invitation' }, 'aria-label': `Revoke: the invitation of ${invitation.email}` }, 'Revoke');
        revoke.addEventListener('click', async (event) => {
          const button = event.currentTarget;
          button.disabled = true;
          put(message);
          try {
            await api(`/api/company/invitations/${encodeURIComponent(invitation.id)}`, { method: 'DELETE', signal });
          } catch (problem) {
            button.disabled = false;
            if (problem.name === 'AbortError') return;
            say(problem);
            if (problem.status === 404) await loadInvitations();
            return;
          }
          notify(`The invitation of ${invitation.email} was revoked; its link no longer works`);
          await loadInvitations();
        });
      }
      return [
        h('span', { class: 'mono' }, invitation.email),
        invitation.fullName || h('span', { class: 'muted' }, '—'),
        roleName(invitation.role),
        invitation.invitedBy ? invitation.invitedBy.fullName || invitation.invitedBy.email : h('span', { class: 'muted' }, '—'),
        dateTime(invitation.createdAt),
        dateTime(invitation.expiresAt),
        revoke,
      ];
    });
    put(invitesBox, stackable(table('Pending invitations', ['E-mail', 'Name', 'Role', 'Invited by', 'Sent', 'Expires', 'Revoke'], rows, { empty: 'No pending invitations.', class: 'invitations-table', hideCaption: true })));
    invitesBox.querySelectorAll('tbody tr').forEach((tr, i) => {
      if (invitations[i]) {
        tr.dataset.invitationId = invitations[i].id;
        tr.dataset.email = invitations[i].email;
      }
    });
  }

  const invite = h(
    'form',
    { novalidate: true, 'aria-label': 'Invite someone', id: 'invite-form', class: 'card' },
    h('h2', {}, 'Invite someone'),
    h(
      'div',
      { class: 'form-grid' },
      field('E-mail', { name: 'email', type: 'email', required: true, autocomplete: 'off', maxlength: '254' }),
      field('Name', { name: 'fullName', autocomplete: 'off', maxlength: '200' }, 'Optional.'),
      field('Role', select('role', roleOptions, 'member'), ROLE_HINT),
    ),
    h('button', { type: 'submit' }, 'Send invitation'),
  );
  onSubmit(invite, async (data) => {
    const fullName = String(data.get('fullName') || '').trim();
    let created;
    try {
      created = await api('/api/company/invitations', {
        method: 'POST',
        signal,
        body: { email: String(data.get('email') || '').trim(), role: data.get('role'), fullName: fullName || null },
      });
    } catch (problem) {
      throw kindly(problem);
    }
    invite.reset();
    notify(`Invitation sent to ${created.email}; the link works until ${dateTime(created.expiresAt)}`);
    await loadInvitations();
  });

  put(main, heading('Team'), message, h('h2', {}, 'Members'), membersBox, invite, h('h2', {}, 'Invitations'), invitesBox);
  await Promise.all([loadMembers(), loadInvitations()]);
}
