package com.caly.tenants;

import com.caly.shared.CurrentUser;
import com.caly.shared.Role;
import com.caly.shared.Secrets;
import com.caly.shared.TenantId;
import com.caly.shared.UserId;
import com.caly.shared.mail.EmailSender;
import com.caly.shared.ratelimit.SlidingWindowLimiter;
import com.caly.shared.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A company's team: invitations by e-mail link, and owners and admins changing roles and removing members.
 * Owners may do anything; admins may invite, change and remove admins and members, but never touch an owner or
 * grant the owner role. A company always keeps at least one owner.
 */
@Service
public class TeamService {

    private static final Logger log = LoggerFactory.getLogger(TeamService.class);

    private final CompanyRepository companies;
    private final MemberRepository members;
    private final InvitationRepository invitations;
    private final EmailSender emailSender;
    private final TenantsProperties properties;
    private final SlidingWindowLimiter invitationsPerCompany;
    private final Clock clock;

    TeamService(
            CompanyRepository companies,
            MemberRepository members,
            InvitationRepository invitations,
            EmailSender emailSender,
            TenantsProperties properties,
            Clock clock) {
        this.companies = companies;
        this.members = members;
        this.invitations = invitations;
        this.emailSender = emailSender;
        this.properties = properties;
        this.invitationsPerCompany =
                new SlidingWindowLimiter(properties.invitationsPerHour(), Duration.ofHours(1), clock);
        this.clock = clock;
    }

    /**
     * Invites the address with the role and e-mails it a link to {@code <linkBase>/#/accept-invite?token=...}. A
     * pending invitation of the address is replaced: its link stops working. Sends last, inside the transaction,
     * so that when the mail cannot be sent nothing is kept.
     */
    @Transactional
    public Invitation invite(CurrentUser actor, String email, Role role, @Nullable String fullName, String linkBase) {
        Member inviter = lockAndLoadActor(actor);
        if (role == Role.OWNER && inviter.role() != Role.OWNER) {
            throw TeamProblems.ownersOnly("invite owners");
        }
        if (members.emailExistsIn(actor.companyId(), email)) {
            throw TeamProblems.alreadyAMember();
        }
        Duration wait = invitationsPerCompany.tryAcquire(actor.companyId().toString());
        if (!wait.isZero()) {
            throw TeamProblems.tooManyInvitations(wait);
        }
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.invitationTtl());
        if (invitations.replacePending(actor.companyId(), email, now) > 0) {
            log.info("Invitation of company {} replaced by a new one", actor.companyId());
        }
        String token = Secrets.randomToken(32);
        InvitationId id =
                invitations.insert(actor.companyId(), email, fullName, role, token, inviter.id(), now, expiresAt);
        Company company = companies
                .find(actor.companyId())
                .orElseThrow(() -> new IllegalStateException("company locked but not found"));
        String link = linkBase + "/#/accept-invite?token=" + token;
        String inviterName = inviter.fullName() == null ? inviter.email() : inviter.fullName();
        emailSender.send(InvitationEmail.of(email, inviterName, company.name(), role, link, expiresAt));
        return invitations
                .find(actor.companyId(), id)
                .orElseThrow(() -> new IllegalStateException("invitation inserted but not found"));
    }

    /** The company's invitations whose links still work, newest first. */
    public List<Invitation> pendingInvitations(TenantId companyId) {
        return invitations.findPending(companyId, clock.instant());
    }

    /** Revokes a pending invitation; its link stops working. */
    @Transactional
    public void revokeInvitation(CurrentUser actor, InvitationId id) {
        Member revoker = lockAndLoadActor(actor);
        Invitation invitation = invitations.find(actor.companyId(), id).orElseThrow(TeamProblems::invitationNotFound);
        if (invitation.role() == Role.OWNER && revoker.role() != Role.OWNER) {
            throw TeamProblems.ownersOnly("revoke an invitation to be an owner");
        }
        if (!invitations.revoke(actor.companyId(), id, clock.instant())) {
            throw TeamProblems.invitationNotFound();
        }
    }

    /** The invitation of a link that still works; 410 {@code invitation-invalid} otherwise. */
    public Invitation usableInvitation(String token) {
        return invitations.findUsable(token, clock.instant()).orElseThrow(TeamProblems::invitationInvalid);
    }

    /**
     * Creates the invited member, with the invitation's role and a verified address (the link was e-mailed to it),
     * and uses the invitation up. Call inside the transaction that signs the member in.
     */
    @Transactional
    public Member acceptInvitation(String token, @Nullable String fullName, String passwordHash) {
        Instant now = clock.instant();
        Invitation invitation =
                invitations.findUsableForUpdate(token, now).orElseThrow(TeamProblems::invitationInvalid);
        if (members.emailExists(invitation.email())) {
            throw TeamProblems.emailAlreadyRegistered();
        }
        Member member;
        try {
            member = members.insert(
                    invitation.companyId(),
                    invitation.email(),
                    fullName == null ? invitation.fullName() : fullName,
                    passwordHash,
                    invitation.role(),
                    now,
                    now);
        } catch (DuplicateKeyException e) {
            throw TeamProblems.emailAlreadyRegistered();
        }
        invitations.markAccepted(invitation.id(), now);
        return member;
    }

    /** Gives the member another role. */
    @Transactional
    public Member changeRole(CurrentUser actor, UserId memberId, Role role) {
        Member changer = lockAndLoadActor(actor);
        Member target = members.find(actor.companyId(), memberId).orElseThrow(TeamProblems::memberNotFound);
        if (changer.role() != Role.OWNER && (target.role() == Role.OWNER || role == Role.OWNER)) {
            throw TeamProblems.ownersOnly(
                    target.role() == Role.OWNER ? "change an owner's role" : "grant the owner role");
        }
        if (target.role() == role) {
            return target;
        }
        if (target.role() == Role.OWNER && members.countOwners(actor.companyId()) <= 1) {
            throw TeamProblems.lastOwner();
        }
        return members.updateRole(actor.companyId(), memberId, role, clock.instant())
                .orElseThrow(TeamProblems::memberNotFound);
    }

    /**
     * Removes the member. Their refresh tokens go with them, and since every request checks that the member of its
     * access token still exists, their access tokens stop working at once too.
     */
    @Transactional
    public void removeMember(CurrentUser actor, UserId memberId) {
        Member remover = lockAndLoadActor(actor);
        Member target = members.find(actor.companyId(), memberId).orElseThrow(TeamProblems::memberNotFound);
        if (remover.role() != Role.OWNER && target.role() == Role.OWNER) {
            throw TeamProblems.ownersOnly("remove an owner");
        }
        if (target.role() == Role.OWNER && members.countOwners(actor.companyId()) <= 1) {
            throw TeamProblems.lastOwner();
        }
        members.delete(actor.companyId(), memberId);
        log.info("Member {} of company {} removed by {}", memberId, actor.companyId(), actor.userId());
    }

    /**
     * Takes the company's team lock and reads the acting member's role as it is now, not as their token says: a
     * change that committed while this request waited for the lock counts.
     */
    private Member lockAndLoadActor(CurrentUser actor) {
        if (!companies.lockForTeamChange(actor.companyId())) {
            throw ApiException.notFound("company-not-found", "The company");
        }
        return members.find(actor.companyId(), actor.userId())
                .filter(m -> m.role() == Role.OWNER || m.role() == Role.ADMIN)
                .orElseThrow(TeamProblems::ownersAndAdminsOnly);
    }
}
