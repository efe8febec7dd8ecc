package com.caly.shared.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.calls.CallFixtures;
import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.tenants.TenantService;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Dates, cursors, numbers and zones at the edges of what the list and report endpoints take: out of range is a 400
 * problem naming the parameter (never a 500 from the database), the extremes that are in range are answered.
 */
class QueryRangeIT extends IntegrationTest {

    private static final List<String> LISTS = List.of("/api/calls", "/api/escalations", "/api/returns", "/api/actions");
    private static final List<String> REPORTS = List.of("/api/analytics/dashboard", "/api/analytics/comprehensive");

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    private TenantFixture.Company company;

    @BeforeEach
    void signIn() {
        company = new TenantFixture(tenants, passwordEncoder).company(api, "Range Co");
    }

    private ApiClient.Response get(String path) {
        return api.get(path, "Authorization", company.owner().bearer());
    }

    private void refused(String path, String parameter, String type) {
        ApiClient.Response response = get(path);
        assertThat(response.status()).as(path + " -> " + response).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.problemType()).as(path).isEqualTo(type);
        assertThat(response.json().path("parameter").asString()).as(path).isEqualTo(parameter);
    }

    private void answered(String path) {
        ApiClient.Response response = get(path);
        assertThat(response.status()).as(path + " -> " + response).isEqualTo(200);
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static final List<String[]> BEYOND = List.of(
            new String[] {"from", "%2B300000-01-01T00:00:00Z"},
            new String[] {"to", "-200000-01-01T00:00:00Z"},
            new String[] {"from", "%2B10000-01-01T00:00:00Z"},
            new String[] {"to", "0000-12-31T23:59:59Z"},
            new String[] {"from", "-0001-06-01T00:00:00%2B05:30"},
            new String[] {"to", "%2B999999999-12-31T23:59:59.999999999-18:00"},
            new String[] {"from", "0000-06-01"});

    @Test
    void refusesDatesOutsideTheYearsItTakesOnEveryListAndReport() {
        for (String path : concat(LISTS, REPORTS)) {
            for (String[] bound : BEYOND) {
                refused(path + "?" + bound[0] + "=" + bound[1], bound[0], QueryParameters.INVALID_PARAMETER);
            }
        }
        for (String[] bound : BEYOND) {
            refused("/api/recordings?" + bound[0] + "=" + bound[1], bound[0], "invalid-date");
        }
    }

    @Test
    void answersTheFirstAndLastDaysOfTheYearsItTakesInTheFarthestZones() {
        for (String path : LISTS) {
            answered(path + "?from=0001-01-01&tz=Pacific/Kiritimati");
            answered(path + "?to=9999-12-31&tz=Etc/GMT%2B12");
            answered(path + "?from=0001-01-01T00:00:00%2B18:00&to=0001-12-31T00:00:00%2B18:00");
            answered(path + "?from=9999-12-01T00:00:00-18:00&to=9999-12-31T23:59:59.999999-18:00");
        }
        for (String path : REPORTS) {
            // the dashboard also reads the period just before, which reaches back into 1 BC
            answered(path + "?from=0001-01-01&to=0001-12-31&tz=Pacific/Kiritimati");
            answered(path + "?from=9999-01-01&to=9999-12-31&tz=Etc/GMT%2B12");
            answered(path + "?to=0001-01-05");
        }
        answered("/api/recordings?from=0001-01-01&to=0001-12-31");
        answered("/api/recordings?from=9999-01-01&to=9999-12-31");
    }

    @Test
    void refusesCursorsThisApiCouldNotHaveReturned() {
        UUID id = UUID.randomUUID();
        List<String> cursors = List.of(
                base64(Long.MIN_VALUE + ":" + id),
                base64(Long.MAX_VALUE + ":" + id),
                base64("-62200000000000000:" + id), // the year 1 BC and some
                base64("253402400000000001:" + id), // past the year 10000 in any zone
                base64("99999999999999999999:" + id),
                base64("1764547200000000:" + "not-a-uuid"),
                base64("1764547200000000:" + "1-1-1-1-1"),
                base64("1764547200000000:" + id.toString().toUpperCase(java.util.Locale.ROOT)),
                base64("1764547200000000:" + id.toString().substring(0, 30)),
                base64("1764547200000000"),
                base64(":" + id),
                base64("+1764547200000000:" + id),
                base64("abc:" + id),
                base64("1764547200000000:" + id).substring(0, 20),
                "not%20base64%21",
                "%C3%A9t%C3%A9",
                "====");
        for (String path : LISTS) {
            for (String cursor : cursors) {
                refused(path + "?cursor=" + cursor, "cursor", QueryParameters.INVALID_PARAMETER);
            }
        }
    }

    @Test
    void continuesAfterACursorItReturned() {
        CallFixtures calls = new CallFixtures(jdbc);
        Instant at = Instant.parse("2026-11-01T10:00:00.123456Z");
        UUID newer = calls.call(company.id(), at.plusSeconds(60)).insert();
        UUID older = calls.call(company.id(), at).insert();
        ApiClient.Response first = get("/api/calls?limit=1");
        assertThat(first.json().path("items").get(0).path("id").asString()).isEqualTo(newer.toString());
        String cursor = first.json().path("nextCursor").asString();
        ApiClient.Response second = get("/api/calls?limit=1&cursor=" + cursor);
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.json().path("items").get(0).path("id").asString()).isEqualTo(older.toString());
    }

    @Test
    void refusesPageSizesAndZonesItCannotTake() {
        List<String[]> bad = List.of(
                new String[] {"limit", "0"},
                new String[] {"limit", "-1"},
                new String[] {"limit", "101"},
                new String[] {"limit", "99999999999999999999"},
                new String[] {"limit", "1e3"},
                new String[] {"limit", "0x10"},
                new String[] {"tz", "Mars/Olympus"},
                new String[] {"tz", "%2B99:00"},
                new String[] {"tz", "..%2F..%2Fetc%2Fpasswd"},
                new String[] {"tz", "UTC%2B25"},
                new String[] {"tz", "GMT-19"});
        for (String path : LISTS) {
            for (String[] each : bad) {
                refused(path + "?" + each[0] + "=" + each[1], each[0], QueryParameters.INVALID_PARAMETER);
            }
        }
        for (String path : concat(REPORTS, List.of("/api/billing/usage"))) {
            for (String[] each : bad) {
                if (each[0].equals("tz")) {
                    refused(path + "?tz=" + each[1], "tz", QueryParameters.INVALID_PARAMETER);
                }
            }
        }
        for (String query : List.of("page=-1", "page=abc", "page=99999999999", "size=0", "size=101", "size=1e2")) {
            ApiClient.Response response = get("/api/recordings?" + query);
            assertThat(response.status()).as(query + " -> " + response).isEqualTo(400);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.body()).contains(query.substring(0, query.indexOf('=')));
        }
    }

    @Test
    void refusesBillingMonthsOutsideTheYearsItBills() {
        for (String month :
                List.of("%2B300000-01", "-200000-01", "1999-12", "2101-01", "2026-13", "2026-1", "0000-01")) {
            refused("/api/billing/usage?month=" + month, "month", QueryParameters.INVALID_PARAMETER);
        }
        answered("/api/billing/usage?month=2000-01&tz=Pacific/Kiritimati");
        answered("/api/billing/usage?month=2100-12&tz=Etc/GMT%2B12");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
