package com.caly.tenants;

import com.caly.shared.web.ApiException;
import com.caly.shared.web.ProblemTypes;
import java.time.Duration;
import org.springframework.http.HttpStatus;

/** The team failures a client sees; each slug is in docs/errors.md. */
final class TeamProblems {

    private TeamProblems() {}

    static ApiException memberNotFound() {
        return ApiException.notFound("member-not-found", "The member");
    }

    static ApiException invitationNotFound() {
        return ApiException.notFound("invitation-not-found", "The pending invitation");
    }

    static ApiException alreadyAMember() {
        return new ApiException(
                HttpStatus.CONFLICT,
                "already-a-member",
                "Already a member",
                "This address already belongs to a member of the company");
    }

    static ApiException lastOwner() {
        return new ApiException(
                HttpStatus.CONFLICT,
                "last-owner",
                "Last owner",
                "A company always keeps at least one owner; make another member an owner first");
    }

    static ApiException invitationInvalid() {
        return new ApiException(
                HttpStatus.GONE,
                "invitation-invalid",
                "Invitation not valid",
                "This invitation link is unknown, expired, revoked, replaced by a newer one or already used;"
                        + " ask for a new invitation");
    }

    static ApiException emailAlreadyRegistered() {
        return new ApiException(
                HttpStatus.CONFLICT,
                "email-already-registered",
                "Address already registered",
                "This address already has a Caly account, and an address can belong to one company only;"
                        + " accept with that account removed, or ask to be invited at another address");
    }

    static ApiException ownersOnly(String action) {
        return new ApiException(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden", "Only owners can " + action);
    }

    static ApiException ownersAndAdminsOnly() {
        return new ApiException(
                HttpStatus.FORBIDDEN,
                ProblemTypes.FORBIDDEN,
                "Forbidden",
                "This action needs one of the roles: owner, admin");
    }

    static ApiException tooManyInvitations(Duration wait) {
        return ApiException.tooManyRequests(
                "rate-limited",
                "The company has sent too many invitations in the last hour; wait before sending more",
                wait);
    }
}
