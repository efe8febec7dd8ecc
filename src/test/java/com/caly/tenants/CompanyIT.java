package com.caly.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

class CompanyIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    private TenantFixture.TwoCompanies companies;

    @BeforeEach
    void twoCompanies() {
        companies = new TenantFixture(tenants, passwordEncoder).twoCompanies(api);
    }

    @Test
    void everyMemberSeesOnlyTheirOwnCompany() {
        for (TenantFixture.Company company : new TenantFixture.Company[] {companies.a(), companies.b()}) {
            for (TenantFixture.User user :
                    new TenantFixture.User[] {company.owner(), company.admin(), company.member()}) {
                ApiClient.Response response = api.get("/api/company", "Authorization", user.bearer());
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.json().path("id").asString())
                        .isEqualTo(company.id().toString());
            }
        }
    }

    @Test
    void ownersAndAdminsRenameTheCompanyMembersCannot() {
        ApiClient.Response byMember = api.send(
                "PATCH",
                "/api/company",
                ApiClient.json(Map.of("name", "Hijacked")),
                "Authorization",
                companies.a().member().bearer(),
                "Content-Type",
                "application/json");
        assertThat(byMember.status()).isEqualTo(403);
        assertThat(byMember.problemType()).isEqualTo("forbidden");
        assertThat(tenants.getCompany(companies.a().id()).name()).isEqualTo("Company A");

        ApiClient.Response byAdmin = api.send(
                "PATCH",
                "/api/company",
                ApiClient.json(Map.of("name", "Renamed A", "timezone", "Europe/London")),
                "Authorization",
                companies.a().admin().bearer(),
                "Content-Type",
                "application/json");
        assertThat(byAdmin.status()).isEqualTo(200);
        assertThat(byAdmin.json().path("name").asString()).isEqualTo("Renamed A");
        assertThat(tenants.getCompany(companies.a().id()).timezone()).isEqualTo("Europe/London");
        assertThat(tenants.getCompany(companies.b().id()).name()).isEqualTo("Company B");
    }

    @Test
    void rejectsAnUnknownTimeZone() {
        ApiClient.Response response = api.send(
                "PATCH",
                "/api/company",
                ApiClient.json(Map.of("timezone", "Mars/Olympus")),
                "Authorization",
                companies.a().owner().bearer(),
                "Content-Type",
                "application/json");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problemType()).isEqualTo("invalid-timezone");
        assertThat(tenants.getCompany(companies.a().id()).timezone()).isEqualTo("Asia/Kolkata");
    }

    @Test
    void listsOnlyTheCompanysOwnMembers() {
        ApiClient.Response response = api.get(
                "/api/company/members", "Authorization", companies.b().owner().bearer());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().size()).isEqualTo(3);
        response.json()
                .forEach(member -> assertThat(member.path("email").asString())
                        .isIn(
                                companies.b().owner().email(),
                                companies.b().admin().email(),
                                companies.b().member().email()));
        assertThat(response.body()).doesNotContain("password");

        assertThat(api.get(
                                "/api/company/members",
                                "Authorization",
                                companies.b().member().bearer())
                        .status())
                .isEqualTo(403);
    }
}
