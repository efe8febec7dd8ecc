package com.caly.support;

import com.caly.shared.Role;
import com.caly.shared.TenantId;
import com.caly.shared.UserId;
import com.caly.tenants.Member;
import com.caly.tenants.TenantService;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Two companies, each with an owner, an admin and a member, signed in through the real login endpoint. Features
 * use it to prove that one company never sees or changes another's data.
 */
public final class TenantFixture {

    public static final String PASSWORD = "fixture-Passphrase-4821";

    public record User(
            UserId id, TenantId companyId, String email, Role role, String accessToken, String refreshToken) {

        public String bearer() {
            return "Bearer " + accessToken;
        }
    }

    public record Company(TenantId id, String name, User owner, User admin, User member) {}

    public record TwoCompanies(Company a, Company b) {}

    private final TenantService tenants;
    private final PasswordEncoder passwordEncoder;

    public TenantFixture(TenantService tenants, PasswordEncoder passwordEncoder) {
        this.tenants = tenants;
        this.passwordEncoder = passwordEncoder;
    }

    public TwoCompanies twoCompanies(ApiClient api) {
        return new TwoCompanies(company(api, "Company A"), company(api, "Company B"));
    }

    public Company company(ApiClient api, String name) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String hash = passwordEncoder.encode(PASSWORD);
        Member owner = tenants.createCompanyWithOwner(name, "owner-" + suffix + "@example.com", "Owner", hash);
        tenants.markEmailVerified(owner.companyId(), owner.id());
        Member admin = tenants.addMember(
                owner.companyId(), "admin-" + suffix + "@example.com", "Admin", hash, Role.ADMIN, true);
        Member member = tenants.addMember(
                owner.companyId(), "member-" + suffix + "@example.com", "Member", hash, Role.MEMBER, true);
        return new Company(owner.companyId(), name, signIn(api, owner), signIn(api, admin), signIn(api, member));
    }

    private static User signIn(ApiClient api, Member member) {
        ApiClient.Response response = api.post(
                "/api/auth/login", ApiClient.json(java.util.Map.of("email", member.email(), "password", PASSWORD)));
        if (response.status() != 200) {
            throw new IllegalStateException("fixture sign-in failed: " + response);
        }
        return new User(
                member.id(),
                member.companyId(),
                member.email(),
                member.role(),
                response.json().path("accessToken").asString(),
                response.json().path("refreshToken").asString());
    }
}
