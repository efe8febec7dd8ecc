package com.caly.recordings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.caly.calls.CallId;
import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.support.TestEnvironment;
import com.caly.tenants.TenantService;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

class RecordingApiIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    RecordingSpool spool;

    @Autowired
    RecordingUploads uploads;

    @Autowired
    RecordingUploadWorker worker;

    @Autowired
    RecordingStorage storage;

    @Autowired
    TransactionTemplate transaction;

    private TenantFixture.TwoCompanies companies;
    private RecordingTestData data;
    private CallId recordedA;
    private CallId olderA;
    private CallId unrecordedA;
    private CallId recordedB;
    private final Instant now = Instant.now();

    @BeforeEach
    void callsWithRecordings() throws Exception {
        TestEnvironment.s3().start();
        companies = new TenantFixture(tenants, passwordEncoder).twoCompanies(api);
        data = new RecordingTestData(jdbc, spool, uploads, transaction);
        recordedA = recordedCall(companies.a(), now.minus(Duration.ofHours(2)), 4.0);
        olderA = recordedCall(companies.a(), now.minus(Duration.ofDays(40)), 2.0);
        unrecordedA = data.newCall(companies.a().id(), now.minus(Duration.ofHours(1)));
        recordedB = recordedCall(companies.b(), now.minus(Duration.ofHours(3)), 3.0);
    }

    private CallId recordedCall(TenantFixture.Company company, Instant startedAt, double seconds) throws Exception {
        CallId call = data.newCall(company.id(), startedAt);
        data.endCall(company.id(), call, data.record(call, 8000, seconds));
        worker.drain();
        return call;
    }

    private ApiClient.Response get(TenantFixture.User user, String path) {
        return api.get(path, "Authorization", user.bearer());
    }

    @Test
    void givesASignedLinkThatDownloadsTheRecording() throws Exception {
        ApiClient.Response response = get(companies.a().member(), "/api/recordings/" + recordedA);

        assertThat(response.status()).isEqualTo(200);
        Instant expiresAt = Instant.parse(response.json().path("expiresAt").asString());
        assertThat(expiresAt).isBetween(now.plus(Duration.ofMinutes(59)), now.plus(Duration.ofMinutes(61)));
        HttpResponse<byte[]> download = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create(response.json().path("url").asString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        String key = jdbc.sql("select recording_url from calls where id = ?")
                .param(recordedA.value())
                .query(String.class)
                .single();
        try (InputStream in = storage.open(RecordingKey.fromReference(key))) {
            assertThat(download.body()).isEqualTo(in.readAllBytes());
        }

        ApiClient.Response shortLived =
                get(companies.a().member(), "/api/recordings/" + recordedA + "?expiresInSeconds=120");
        assertThat(Instant.parse(shortLived.json().path("expiresAt").asString()))
                .isBefore(now.plus(Duration.ofMinutes(3)));
    }

    @Test
    void answersNotFoundForAnotherCompanysCallAnUnknownCallAndACallWithoutRecording() {
        for (String id : new String[] {recordedB.toString(), UUID.randomUUID().toString(), unrecordedA.toString()}) {
            ApiClient.Response response = get(companies.a().owner(), "/api/recordings/" + id);
            assertThat(response.status()).as(id).isEqualTo(404);
            assertThat(response.problemType()).as(id).isEqualTo("recording-not-found");
        }
        assertThat(get(companies.a().owner(), "/api/recordings/not-a-uuid").problemType())
                .isEqualTo("invalid-parameter");
        assertThat(get(companies.a().owner(), "/api/recordings/" + recordedA + "?expiresInSeconds=0")
                        .problemType())
                .isEqualTo("validation-failed");
        assertThat(get(companies.a().owner(), "/api/recordings/" + recordedA + "?expiresInSeconds=604801")
                        .problemType())
                .isEqualTo("validation-failed");
    }

    @Test
    void listsTheCompanysRecordingsInARangeWithCallInformation() {
        ApiClient.Response recent = get(companies.a().member(), "/api/recordings");
        assertThat(recent.status()).isEqualTo(200);
        JsonNode items = recent.json().path("items");
        assertThat(items.size()).isEqualTo(1);
        assertThat(items.get(0).path("callId").asString()).isEqualTo(recordedA.toString());
        assertThat(items.get(0).path("fromNumber").asString()).isEqualTo("+919845012345");
        assertThat(items.get(0).path("status").asString()).isEqualTo("completed");
        assertThat(items.get(0).path("bytes").asLong()).isGreaterThan(10_000);
        assertThat(items.get(0).path("durationMs").asLong()).isBetween(4_000L, 4_400L);
        assertThat(recent.json().path("total").asLong()).isEqualTo(1);

        String from = now.minus(Duration.ofDays(60)).toString();
        ApiClient.Response wide = get(companies.a().member(), "/api/recordings?from=" + from + "&size=1&page=1");
        assertThat(wide.json().path("total").asLong()).isEqualTo(2);
        assertThat(wide.json().path("items").get(0).path("callId").asString()).isEqualTo(olderA.toString());

        ApiClient.Response byDate = get(
                companies.b().member(),
                "/api/recordings?from="
                        + now.minus(Duration.ofDays(1)).toString().substring(0, 10));
        assertThat(byDate.json().path("items").size()).isEqualTo(1);
        assertThat(byDate.json().path("items").get(0).path("callId").asString()).isEqualTo(recordedB.toString());
    }

    @Test
    void rejectsMalformedAndOverlongRanges() {
        TenantFixture.User user = companies.a().member();
        assertThat(get(user, "/api/recordings?from=yesterday").problemType()).isEqualTo("invalid-date");
        assertThat(get(user, "/api/recordings?to=2026-13-01").problemType()).isEqualTo("invalid-date");
        assertThat(get(user, "/api/recordings?from=2026-01-01&to=2025-01-01").problemType())
                .isEqualTo("invalid-range");
        ApiClient.Response tooLong = get(user, "/api/recordings?from=2024-01-01&to=2026-01-01");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.problemType()).isEqualTo("invalid-range");
        assertThat(get(user, "/api/recordings?size=1000").problemType()).isEqualTo("validation-failed");
        assertThat(get(user, "/api/recordings?page=-1").problemType()).isEqualTo("validation-failed");
    }

    @Test
    void ownersAndAdminsDeleteRecordingsIdempotentlyAndTheDeletionIsRecorded() throws Exception {
        String key = jdbc.sql("select recording_url from calls where id = ?")
                .param(recordedA.value())
                .query(String.class)
                .single();

        ApiClient.Response byMember = api.send(
                "DELETE",
                "/api/recordings/" + recordedA,
                null,
                "Authorization",
                companies.a().member().bearer());
        assertThat(byMember.status()).isEqualTo(403);
        ApiClient.Response byOtherCompany = api.send(
                "DELETE",
                "/api/recordings/" + recordedA,
                null,
                "Authorization",
                companies.b().owner().bearer());
        assertThat(byOtherCompany.status()).isEqualTo(404);
        try (InputStream in = storage.open(RecordingKey.fromReference(key))) {
            assertThat(in.readAllBytes()).isNotEmpty();
        }

        ApiClient.Response deleted = api.send(
                "DELETE",
                "/api/recordings/" + recordedA,
                null,
                "Authorization",
                companies.a().admin().bearer());
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(api.send(
                                "DELETE",
                                "/api/recordings/" + recordedA,
                                null,
                                "Authorization",
                                companies.a().owner().bearer())
                        .status())
                .isEqualTo(204);

        assertThatThrownBy(() -> storage.open(RecordingKey.fromReference(key)))
                .isInstanceOf(java.io.FileNotFoundException.class);
        assertThat(jdbc.sql(
                                "select count(*) from calls where id = ? and recording_url is null and recording_bytes is null")
                        .param(recordedA.value())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select reason || ':' || deleted_by from recording_deletions where call_id = ?")
                        .param(recordedA.value())
                        .query(String.class)
                        .list())
                .containsExactly("user:" + companies.a().admin().id());
        assertThat(get(companies.a().owner(), "/api/recordings/" + recordedA).status())
                .isEqualTo(404);
        assertThat(get(companies.b().owner(), "/api/recordings/" + recordedB).status())
                .isEqualTo(200);
    }

    @Test
    void reportsStorageStatisticsAndAnHonestCostEstimatePerCompany() {
        ApiClient.Response response = get(companies.a().member(), "/api/recordings/storage/stats");
        assertThat(response.status()).isEqualTo(200);
        JsonNode stats = response.json();
        long bytes = jdbc.sql("select sum(recording_bytes) from calls where company_id = ?")
                .param(companies.a().id().value())
                .query(Long.class)
                .single();
        assertThat(stats.path("recordings").asLong()).isEqualTo(2);
        assertThat(stats.path("bytes").asLong()).isEqualTo(bytes);
        assertThat(stats.path("minutes").asDouble()).isBetween(0.1, 0.11);
        assertThat(Instant.parse(stats.path("oldest").asString())).isBefore(now.minus(Duration.ofDays(39)));
        assertThat(stats.path("growth").size()).isBetween(1, 2);
        assertThat(stats.path("pendingUploads").asLong()).isZero();
        assertThat(stats.path("storage").asString()).isEqualTo("s3");
        JsonNode cost = stats.path("monthlyCostEstimate");
        assertThat(cost.path("wasabi").path("accountMinimumCharge").decimalValue())
                .isEqualByComparingTo("6.99");
        assertThat(cost.path("wasabi").path("monthlyCost").decimalValue())
                .isEqualByComparingTo(cost.path("wasabi").path("usageCost").decimalValue());
        assertThat(cost.path("wasabi").has("accountShortfall")).isFalse();
        assertThat(cost.path("awsS3").path("monthlyCost").decimalValue()).isPositive();

        ApiClient.Response other = get(companies.b().member(), "/api/recordings/storage/stats");
        assertThat(other.json().path("recordings").asLong()).isEqualTo(1);
    }

    @Test
    void aCompanysStorageFiguresDependOnItsOwnRecordingsAlone() {
        String before =
                get(companies.a().owner(), "/api/recordings/storage/stats").body();

        // company B stores a gigabyte more (the account is far below Wasabi's 1 TB minimum either way)
        jdbc.sql("update calls set recording_bytes = recording_bytes + 1000000000 where id = ?")
                .param(recordedB.value())
                .update();
        String after =
                get(companies.a().owner(), "/api/recordings/storage/stats").body();

        assertThat(after).isEqualTo(before);
        assertThat(get(companies.b().owner(), "/api/recordings/storage/stats")
                        .json()
                        .path("bytes")
                        .asLong())
                .isGreaterThan(1_000_000_000L);
    }

    @Test
    void operatorsSeeTheWholeAccountWithWasabisMinimum() {
        String path = "/internal/recordings/storage/stats";
        assertThat(api.get(path).status()).isEqualTo(404);
        assertThat(api.get(path, "X-Operator-Token", "wrong").status()).isEqualTo(404);
        assertThat(get(companies.a().owner(), path).status())
                .as("a company's owner is not an operator")
                .isEqualTo(404);

        ApiClient.Response account = api.get(path, "X-Operator-Token", TestEnvironment.OPERATOR_TOKEN);

        assertThat(account.status()).isEqualTo(200);
        long allBytes = jdbc.sql("select coalesce(sum(recording_bytes), 0) from calls where recording_url is not null")
                .query(Long.class)
                .single();
        assertThat(account.json().path("bytes").asLong()).isEqualTo(allBytes);
        assertThat(account.json().path("companies").asLong()).isGreaterThanOrEqualTo(2);
        JsonNode wasabi = account.json().path("monthlyCostEstimate").path("wasabi");
        assertThat(wasabi.path("accountShortfall").decimalValue()).isPositive();
        assertThat(wasabi.path("monthlyCost").decimalValue()).isEqualByComparingTo("6.99");
    }
}
