package com.caly.tenants;

import com.caly.shared.Role;
import com.caly.shared.TenantId;
import com.caly.shared.UserId;
import com.caly.shared.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Companies and their members: the one way other modules create or read them. */
@Service
public class TenantService {

    private final CompanyRepository companies;
    private final MemberRepository members;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    TenantService(
            CompanyRepository companies, MemberRepository members, ApplicationEventPublisher events, Clock clock) {
        this.companies = companies;
        this.members = members;
        this.events = events;
        this.clock = clock;
    }

    /** Creates a company with its owner, whose e-mail is not yet verified. */
    @Transactional
    public Member createCompanyWithOwner(
            String companyName, String email, @Nullable String fullName, String passwordHash) {
        if (members.emailExists(email)) {
            throw new EmailAlreadyRegisteredException();
        }
        Instant now = clock.instant();
        Company company = companies.insert(companyName, now);
        Member owner = insertMember(company.id(), email, fullName, passwordHash, Role.OWNER, null, now);
        events.publishEvent(new CompanyCreated(company.id(), owner.id(), company.name(), now));
        return owner;
    }

    /** Adds a member to an existing company. */
    @Transactional
    public Member addMember(
            TenantId companyId,
            String email,
            @Nullable String fullName,
            String passwordHash,
            Role role,
            boolean emailVerified) {
        Instant now = clock.instant();
        return insertMember(companyId, email, fullName, passwordHash, role, emailVerified ? now : null, now);
    }

    private Member insertMember(
            TenantId companyId,
            String email,
            @Nullable String fullName,
            String passwordHash,
            Role role,
            @Nullable Instant verifiedAt,
            Instant now) {
        try {
            return members.insert(companyId, email, fullName, passwordHash, role, verifiedAt, now);
        } catch (DuplicateKeyException e) {
            throw new EmailAlreadyRegisteredException();
        }
    }

    public Optional<MemberCredentials> findCredentialsByEmail(String email) {
        return members.findCredentialsByEmail(email);
    }

    public Optional<Member> findMember(TenantId companyId, UserId userId) {
        return members.find(companyId, userId);
    }

    /** Whether the member still belongs to the company with this role; access tokens are honoured only then. */
    public boolean hasMemberWithRole(TenantId companyId, UserId userId, Role role) {
        return members.hasRole(companyId, userId, role);
    }

    public Company getCompany(TenantId companyId) {
        return companies.find(companyId).orElseThrow(() -> ApiException.notFound("company-not-found", "The company"));
    }

    public List<Member> listMembers(TenantId companyId) {
        return members.findAll(companyId);
    }

    @Transactional
    public Company updateCompany(TenantId companyId, String name, String timezone, RedactionSettings redaction) {
        return companies
                .update(companyId, name, timezone, redaction, clock.instant())
                .orElseThrow(() -> ApiException.notFound("company-not-found", "The company"));
    }

    @Transactional
    public void markEmailVerified(TenantId companyId, UserId userId) {
        members.markEmailVerified(companyId, userId, clock.instant());
    }

    @Transactional
    public void recordLogin(TenantId companyId, UserId userId) {
        members.recordLogin(companyId, userId, clock.instant());
    }
}
