package com.caly.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.tenants.TenantService;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

class PhoneNumberIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    PhoneNumberService numbers;

    private TenantFixture.TwoCompanies companies;
    private String national;

    @BeforeEach
    void twoCompanies() {
        companies = new TenantFixture(tenants, passwordEncoder).twoCompanies(api);
        // a number no other test uses: 080 and eight random digits
        national =
                "080" + String.format("%08d", Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 100_000_000L));
    }

    private ApiClient.Response register(TenantFixture.User user, String number) {
        return api.post(
                "/api/phone-numbers",
                ApiClient.json(Map.of("number", number, "label", "Support line")),
                "Authorization",
                user.bearer());
    }

    @Test
    void registersANumberInE164AndRoutesCallsToItsCompany() {
        ApiClient.Response created = register(companies.a().admin(), national);

        assertThat(created.status()).isEqualTo(201);
        String e164 = "+91" + national.substring(1);
        assertThat(created.json().path("number").asString()).isEqualTo(e164);
        assertThat(numbers.route(e164).orElseThrow().companyId())
                .isEqualTo(companies.a().id());
        assertThat(numbers.route("\"" + national + "\"").orElseThrow().companyId())
                .isEqualTo(companies.a().id());

        ApiClient.Response listed = api.get(
                "/api/phone-numbers", "Authorization", companies.a().owner().bearer());
        assertThat(listed.json().size()).isEqualTo(1);
        assertThat(api.get(
                                "/api/phone-numbers",
                                "Authorization",
                                companies.b().owner().bearer())
                        .json()
                        .size())
                .isZero();
    }

    @Test
    void aNumberBelongsToOneCompanyAtATime() {
        assertThat(register(companies.a().owner(), national).status()).isEqualTo(201);

        ApiClient.Response taken = register(companies.b().owner(), "+91 " + national.substring(1));

        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.problemType()).isEqualTo("phone-number-taken");
        assertThat(numbers.route(national).orElseThrow().companyId())
                .isEqualTo(companies.a().id());
    }

    @Test
    void onlyOwnersAndAdminsManageNumbers() {
        ApiClient.Response byMember = register(companies.a().member(), national);
        assertThat(byMember.status()).isEqualTo(403);
        assertThat(numbers.route(national)).isEmpty();
    }

    @Test
    void removesOnlyTheCompanysOwnNumbers() {
        String id = register(companies.a().owner(), national).json().path("id").asString();

        ApiClient.Response byOther = api.send(
                "DELETE",
                "/api/phone-numbers/" + id,
                null,
                "Authorization",
                companies.b().owner().bearer());
        assertThat(byOther.status()).isEqualTo(404);
        assertThat(byOther.problemType()).isEqualTo("phone-number-not-found");
        assertThat(numbers.route(national)).isPresent();

        assertThat(api.send(
                                "DELETE",
                                "/api/phone-numbers/" + id,
                                null,
                                "Authorization",
                                companies.a().admin().bearer())
                        .status())
                .isEqualTo(204);
        assertThat(numbers.route(national)).isEmpty();
    }

    @Test
    void rejectsWhatIsNotANumber() {
        ApiClient.Response response = register(companies.a().owner(), "call me maybe");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problemType()).isEqualTo("invalid-phone-number");
        ApiClient.Response missing = api.post(
                "/api/phone-numbers",
                "{}",
                "Authorization",
                companies.a().owner().bearer());
        assertThat(missing.problemType()).isEqualTo("validation-failed");
    }
}
