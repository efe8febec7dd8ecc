package com.caly.shared.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.calls.CallFixtures;
import com.caly.recordings.RecordingKey;
import com.caly.recordings.RecordingStorage;
import com.caly.shared.TenantId;
import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.support.TestEnvironment;
import com.caly.telephony.exotel.ExotelTestLines;
import com.caly.telephony.exotel.ExotelWebhookGuard;
import com.caly.tenants.TenantService;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document is complete and true: it has the structure a client generator needs, and every operation
 * in it, called for real, answers with a declared status, the declared media type and a body of the declared
 * schema, for a success and for at least one error. An operation added to the API without a call here fails.
 */
@TestPropertySource(
        properties = {
            "app.recordings.wasabi.enabled=false",
            "app.billing.operator-token=" + OpenApiContractIT.OPERATOR,
            // the live events' stream ends on its own, so that its answer can be read whole
            "app.calls.live.stream-timeout=1s"
        })
class OpenApiContractIT extends IntegrationTest {

    static final String OPERATOR = "operator-secret-for-the-contract";

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    ExotelWebhookGuard guard;

    @Autowired
    RecordingStorage storage;

    private JsonNode document;

    @BeforeEach
    void servedDocument() {
        ApiClient.Response response = api.get("/v3/api-docs");
        assertThat(response.status()).isEqualTo(200);
        document = response.json();
    }

    @Test
    void describesEveryOperationForAClientGenerator() throws Exception {
        assertThat(document.path("openapi").asString()).startsWith("3.1");
        assertThat(document.path("info").path("title").asString()).isEqualTo("Caly API");
        assertThat(document.path("info").path("version").asString()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(document.path("components").path("securitySchemes").propertyNames())
                .contains(ApiDocs.BEARER, ApiDocs.API_KEY, ApiDocs.EXOTEL_TOKEN, ApiDocs.OPERATOR_TOKEN);
        assertThat(document.path("paths").has("/error"))
                .as("/error is not an operation")
                .isFalse();

        List<String> problems = new ArrayList<>();
        Set<String> ids = new TreeSet<>();
        Set<String> schemes =
                Set.copyOf(document.path("components").path("securitySchemes").propertyNames());
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(entry -> {
                    JsonNode operation = entry.getValue();
                    String where = entry.getKey().toUpperCase() + " " + path.getKey();
                    String id = operation.path("operationId").asString("");
                    if (id.isEmpty() || id.matches(".*_\\d+$")) {
                        problems.add(where + ": operation id '" + id + "'");
                    } else if (!ids.add(id)) {
                        problems.add(where + ": operation id " + id + " is not unique");
                    }
                    if (!operation.has("security")) {
                        problems.add(where + ": no security declared");
                    }
                    operation
                            .path("security")
                            .forEach(requirement -> requirement.propertyNames().forEach(name -> {
                                if (!schemes.contains(name)) {
                                    problems.add(where + ": unknown security scheme " + name);
                                }
                            }));
                    operation.path("parameters").forEach(parameter -> {
                        String name = parameter.path("name").asString();
                        if (name.equals("user") || name.equals("query")) {
                            problems.add(where + ": parameter " + name);
                        }
                    });
                    boolean declaresProblems = false;
                    for (var response : operation.path("responses").properties()) {
                        JsonNode content = response.getValue().path("content");
                        content.propertyNames().forEach(type -> {
                            if (type.contains("*")) {
                                problems.add(where + " " + response.getKey() + ": media type " + type);
                            }
                        });
                        boolean error = response.getKey().startsWith("4")
                                || response.getKey().startsWith("5")
                                || response.getKey().equals("default");
                        if (error) {
                            declaresProblems = true;
                            if (!content.path(ApiDocs.PROBLEM_JSON)
                                    .path("schema")
                                    .path("$ref")
                                    .asString("")
                                    .equals(ApiDocs.PROBLEM_SCHEMA)) {
                                problems.add(where + " " + response.getKey() + ": not a problem+json Problem");
                            }
                        }
                    }
                    boolean declares4xx =
                            operation.path("responses").propertyNames().stream().anyMatch(code -> code.startsWith("4"));
                    if (!declaresProblems || !declares4xx) {
                        problems.add(where + ": no 4xx problem responses");
                    }
                }));
        patterns(document, "", problems);
        assertThat(problems).isEmpty();

        // the Problem schema's types are exactly the catalogue's
        Set<String> catalogue = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `(/problems/[a-z0-9{}-]+)`")
                .matcher(Files.readString(Path.of("docs/errors.md")));
        while (row.find()) {
            catalogue.add(row.group(1));
        }
        JsonNode type = document.path("components")
                .path("schemas")
                .path("Problem")
                .path("properties")
                .path("type");
        Set<String> documented = new TreeSet<>();
        type.path("anyOf").get(0).path("enum").forEach(value -> documented.add(value.asString()));
        documented.add("/problems/http-{status}");
        assertThat(documented).isEqualTo(catalogue);
    }

    /** Every pattern is anchored, as Java's whole-value match is. */
    private static void patterns(JsonNode node, String where, List<String> problems) {
        if (node.isObject()) {
            JsonNode pattern = node.path("pattern");
            if (pattern.isString()
                    && (!pattern.asString().startsWith("^")
                            || !pattern.asString().endsWith("$"))) {
                problems.add(where + ": unanchored pattern " + pattern.asString());
            }
            node.properties().forEach(entry -> patterns(entry.getValue(), where + "/" + entry.getKey(), problems));
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                patterns(item, where, problems);
            }
        }
    }

    @Test
    void everyOperationAnswersAsItsDocumentSays() throws Exception {
        OpenApiContract contract = new OpenApiContract(api, document);
        ExotelTestLines.Line line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Contract Co");
        TenantFixture.Company a = line.company();
        TenantFixture.Company b = new TenantFixture(tenants, passwordEncoder).company(api, "Other Co");
        String owner = a.owner().bearer();
        String member = a.member().bearer();
        String unknownId = UUID.randomUUID().toString();

        // one finished call with everything a call can leave behind, and its recording on the local disk
        CallFixtures fixtures = new CallFixtures(jdbc);
        Instant started = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        UUID call = fixtures.call(a.id(), started)
                .intent("order_status")
                .sentiment("positive")
                .summary("Asked where the order is")
                .insert();
        fixtures.utterance(a.id(), call, 1, "caller", "where is my order", 0, 1_500);
        fixtures.utterance(a.id(), call, 2, "agent", "it ships today", 1_800, 3_000);
        fixtures.action(a.id(), call, "get_order_status", "ok", 120, started.plusSeconds(5));
        UUID returned = fixtures.returnRequest(a.id(), call, "return", "requested", started.plusSeconds(20));
        UUID escalation = fixtures.escalation(a.id(), call, "asked for a person", started.plusSeconds(30));
        fixtures.charge(a.id(), call, "telephony", "pulse", "1", "0.600000", "0.6000");
        fixtures.turn(a.id(), call, 1, 640);
        fixtures.call(a.id(), started.minusSeconds(600))
                .status("no_answer")
                .outcome(null)
                .duration(null)
                .unanswered()
                .insert();
        storeRecording(a.id(), call, started);
        fixtures.rebuildAnalytics(a.id());

        auth(contract, owner);
        tenants(contract, owner, member);
        team(contract);
        apiKeys(contract, owner, member);
        telephony(contract, line, owner, member, call, unknownId);
        calls(contract, owner, member, call, escalation, returned, unknownId);
        recordings(contract, owner, member, call, unknownId);
        billing(contract, owner, member);
        callLimits(contract, a.id().value().toString(), member, unknownId);
        voice(contract, a.admin().bearer(), member);
        analytics(contract, member);
        webhooks(contract, line);
        eventWebhooks(contract, owner, member, unknownId);
        everyFilterValueAndNoOther(contract, owner);
        // another company sees none of it
        contract.call("callsDetail", call.toString()).as(b.owner().bearer()).expect(404);
        contract.call("recordingsLink", call.toString()).as(b.owner().bearer()).expect(404);

        assertThat(contract.failures()).isEmpty();
        assertThat(new TreeSet<>(contract.exercised()))
                .as("operations called by this test")
                .isEqualTo(new TreeSet<>(contract.operations().keySet()));
        contract.statuses().forEach((id, answered) -> {
            assertThat(answered).as(id + " succeeded").anyMatch(status -> status < 400);
            assertThat(answered).as(id + " refused a bad request").anyMatch(status -> status >= 400);
        });
    }

    private void auth(OpenApiContract contract, String owner) {
        String email = uniqueEmail("contract");
        contract.call("authRegister")
                .json(Map.of(
                        "companyName",
                        "Contract Signup",
                        "email",
                        email,
                        "password",
                        "Sturdy-Lantern-Field-93",
                        "fullName",
                        "Asha"))
                .expect(202);
        contract.call("authRegister").json(Map.of("email", "not-an-address")).expect(400);
        String code = awaitCode(email, 1);
        contract.call("authVerifyEmail")
                .json(Map.of("email", email, "code", code.equals("000000") ? "111111" : "000000"))
                .expect(400);
        ApiClient.Response verified = contract.call("authVerifyEmail")
                .json(Map.of("email", email, "code", code))
                .expect(200);
        contract.call("authRequestOtp")
                .json(Map.of("email", uniqueEmail("waiting")))
                .expect(202);
        contract.call("authRequestOtp").json(Map.of("email", "")).expect(400);
        contract.call("authLogin")
                .json(Map.of("email", email, "password", "Sturdy-Lantern-Field-93"))
                .expect(200);
        contract.call("authLogin")
                .json(Map.of("email", email, "password", "wrong-password-1"))
                .expect(401);
        String refresh = verified.json().path("refreshToken").asString();
        ApiClient.Response refreshed = contract.call("authRefresh")
                .json(Map.of("refreshToken", refresh))
                .expect(200);
        contract.call("authRefresh")
                .json(Map.of("refreshToken", "not-a-refresh-token"))
                .expect(401);
        contract.call("authMe").as(owner).expect(200);
        contract.call("authMe").as("Bearer not.a.token").expect(401);
        contract.call("authLogout")
                .as(ApiClient.bearer(refreshed.json().path("accessToken").asString()))
                .json(Map.of())
                .expect(204);
        contract.call("authLogout").json(Map.of()).expect(401);
    }

    private void tenants(OpenApiContract contract, String owner, String member) {
        contract.call("tenantsCompany").as(member).expect(200);
        contract.call("tenantsCompany").expect(401);
        contract.call("tenantsUpdate")
                .as(owner)
                .json(Map.of("name", "Contract Co", "timezone", "Asia/Kolkata"))
                .expect(200);
        contract.call("tenantsUpdate")
                .as(owner)
                .json(Map.of("timezone", "Mars/Olympus"))
                .expect(400);
        contract.call("tenantsUpdate").as(member).json(Map.of("name", "Mine")).expect(403);
        contract.call("tenantsMembers").as(owner).expect(200);
        contract.call("tenantsMembers").as(member).expect(403);
    }

    private void team(OpenApiContract contract) {
        TenantFixture.Company t = new TenantFixture(tenants, passwordEncoder).company(api, "Team Co");
        String owner = t.owner().bearer();
        String email = uniqueEmail("teammate");
        contract.call("tenantsInvite")
                .as(owner)
                .json(Map.of("email", email, "role", "member", "fullName", "Meera"))
                .expect(201);
        contract.call("tenantsInvite")
                .as(owner)
                .json(Map.of("email", t.member().email(), "role", "member"))
                .expect(409);
        contract.call("tenantsInvitations").as(owner).expect(200);
        contract.call("tenantsInvitations").as(t.member().bearer()).expect(403);
        String token = awaitInvitationLink(email, 1).group(2);
        contract.call("authInvitation", token).expect(200);
        contract.call("authInvitation", "x".repeat(43)).expect(410);
        contract.call("authAcceptInvitation")
                .json(Map.of("token", token, "password", "password1"))
                .expect(400);
        ApiClient.Response joined = contract.call("authAcceptInvitation")
                .json(Map.of("token", token, "password", "Sturdy-Lantern-Field-93"))
                .expect(200);
        contract.call("authAcceptInvitation")
                .json(Map.of("token", token, "password", "Sturdy-Lantern-Field-93"))
                .expect(410);
        String joinedId = joined.json().path("user").path("id").asString();
        contract.call("tenantsChangeRole", joinedId)
                .as(owner)
                .json(Map.of("role", "admin"))
                .expect(200);
        contract.call("tenantsChangeRole", t.owner().id().toString())
                .as(owner)
                .json(Map.of("role", "admin"))
                .expect(409);
        contract.call("tenantsRemoveMember", joinedId).as(owner).expect(204);
        contract.call("tenantsRemoveMember", t.owner().id().toString())
                .as(owner)
                .expect(409);
        String revoked = contract.call("tenantsInvite")
                .as(owner)
                .json(Map.of("email", uniqueEmail("revoked"), "role", "admin"))
                .expect(201)
                .json()
                .path("id")
                .asString();
        contract.call("tenantsRevokeInvitation", revoked).as(owner).expect(204);
        contract.call("tenantsRevokeInvitation", revoked).as(owner).expect(404);
    }

    private void eventWebhooks(OpenApiContract contract, String owner, String member, String unknownId) {
        contract.call("webhooksEventTypes").as(member).expect(200);
        ApiClient.Response created = contract.call("webhooksCreate")
                .as(owner)
                .json(Map.of(
                        "url",
                        TestEnvironment.WEBHOOK_SINK + "/hooks",
                        "events",
                        List.of("call.ended", "escalation.created"),
                        "description",
                        "CRM"))
                .expect(201);
        contract.call("webhooksCreate")
                .as(owner)
                .json(Map.of("url", "https://10.0.0.1/hooks", "events", List.of("call.ended")))
                .expect(422);
        contract.call("webhooksCreate")
                .as(owner)
                .json(Map.of("url", TestEnvironment.WEBHOOK_SINK, "events", List.of("call.nope")))
                .expect(400);
        contract.call("webhooksCreate")
                .as(member)
                .json(Map.of("url", TestEnvironment.WEBHOOK_SINK, "events", List.of("call.ended")))
                .expect(403);
        String id = created.json().path("endpoint").path("id").asString();
        contract.call("webhooksList").as(owner).expect(200);
        contract.call("webhooksList").as(member).expect(403);
        contract.call("webhooksGet", id).as(owner).expect(200);
        contract.call("webhooksGet", unknownId).as(owner).expect(404);
        contract.call("webhooksUpdate", id)
                .as(owner)
                .json(Map.of("events", List.of("call.ended"), "enabled", false))
                .expect(200);
        contract.call("webhooksUpdate", id)
                .as(owner)
                .json(Map.of("url", "https://169.254.169.254/"))
                .expect(422);
        contract.call("webhooksRotate", id)
                .as(owner)
                .json(Map.of("overlapHours", 2))
                .expect(200);
        contract.call("webhooksRotate", id)
                .as(owner)
                .json(Map.of("overlapHours", 1000))
                .expect(400);
        ApiClient.Response test = contract.call("webhooksTest", id).as(owner).expect(202);
        String delivery = test.json().path("id").asString();
        contract.call("webhooksTest", unknownId).as(owner).expect(404);
        contract.call("webhooksDeliveries", id).as(owner).expect(200);
        contract.call("webhooksDeliveries", id)
                .as(owner)
                .query("status=failed&limit=5")
                .expect(200);
        contract.call("webhooksDeliveries", id).as(owner).query("status=lost").expect(400);
        contract.call("webhooksDeliveries", unknownId).as(owner).expect(404);
        contract.call("webhooksDelivery", delivery).as(owner).expect(200);
        contract.call("webhooksDelivery", unknownId).as(owner).expect(404);
        contract.call("webhooksRedeliver", unknownId).as(owner).expect(404);
        contract.call("webhooksRedeliver", delivery).as(member).expect(403);
        jdbc.sql("update webhook_deliveries set status = 'failed' where id = cast(? as uuid)")
                .param(delivery)
                .update();
        contract.call("webhooksRedeliver", delivery).as(owner).expect(202);
        contract.call("webhooksDelete", id).as(member).expect(403);
        contract.call("webhooksDelete", id).as(owner).expect(204);
        contract.call("webhooksDelete", id).as(owner).expect(404);
    }

    private void apiKeys(OpenApiContract contract, String owner, String member) {
        ApiClient.Response created = contract.call("apikeysCreate")
                .as(owner)
                .json(Map.of(
                        "name", "all reads", "scopes", List.of("calls:read", "recordings:read"), "expiresInDays", 30))
                .expect(201);
        contract.call("apikeysCreate")
                .as(owner)
                .json(Map.of("name", "bad", "scopes", List.of("calls:write")))
                .expect(400);
        contract.call("apikeysList").as(owner).expect(200);
        contract.call("apikeysList").as(member).expect(403);
        String key = created.json().path("apiKey").asString();
        // a key reads what its scopes cover, and nothing else
        contract.call("callsList").header("X-API-Key", key).expect(200);
        contract.call("callsList").as(ApiClient.bearer(key)).expect(200);
        contract.call("analyticsDashboard").header("X-API-Key", key).expect(403);
        contract.call("callsList").header("X-API-Key", "caly_nope_nope").expect(401);
        contract.call("apikeysRevoke", created.json().path("key").path("id").asString())
                .as(owner)
                .expect(204);
        contract.call("apikeysRevoke", UUID.randomUUID().toString()).as(owner).expect(404);
    }

    private void telephony(
            OpenApiContract contract,
            ExotelTestLines.Line line,
            String owner,
            String member,
            UUID call,
            String unknownId) {
        String number =
                "080" + String.format("%08d", Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 100_000_000L));
        contract.call("telephonyUrls").as(owner).expect(200);
        contract.call("telephonyUrls").as(member).expect(403);
        ApiClient.Response registered = contract.call("telephonyRegister")
                .as(owner)
                .json(Map.of("number", number, "label", "Support"))
                .expect(201);
        contract.call("telephonyRegister")
                .as(owner)
                .json(Map.of("number", line.exophone()))
                .expect(409);
        contract.call("telephonyRegister")
                .as(owner)
                .json(Map.of("number", "call me"))
                .expect(400);
        contract.call("telephonyList").as(owner).expect(200);
        contract.call("telephonyList").as(member).expect(403);
        contract.call("telephonyRemove", registered.json().path("id").asString())
                .as(owner)
                .expect(204);
        contract.call("telephonyRemove", unknownId).as(owner).expect(404);
        contract.call("telephonyEscalate")
                .as(member)
                .json(Map.of("callId", call.toString(), "reason", "call the customer back", "urgency", "normal"))
                .expect(201);
        contract.call("telephonyEscalate")
                .as(member)
                .json(Map.of("callId", unknownId, "reason", "nobody"))
                .expect(404);
        contract.call("telephonyStartWebCall").as(member).expect(201);
        contract.call("telephonyStartWebCall").expect(401);
    }

    private void calls(
            OpenApiContract contract,
            String owner,
            String member,
            UUID call,
            UUID escalation,
            UUID returned,
            String unknownId) {
        ApiClient.Response page = contract.call("callsList")
                .as(member)
                .query("status=completed,no_answer&limit=1")
                .expect(200);
        contract.call("callsList")
                .as(member)
                .query("cursor=" + page.json().path("nextCursor").asString())
                .expect(200);
        contract.call("callsList")
                .as(member)
                .query("q=order&hasRecording=true&tz=UTC")
                .expect(200);
        contract.call("callsList").as(member).query("stat=completed").expect(400);
        contract.call("callsDetail", call.toString()).as(member).expect(200);
        contract.call("callsLive").as(member).expect(200);
        contract.call("callsLive").as(member).query("callId=" + call).expect(400);
        contract.call("callsLiveEvents").as(member).expect(200);
        contract.call("callsLiveEvents").as(member).query("callId=not-an-id").expect(400);
        contract.call("callsDetail", unknownId).as(member).expect(404);
        contract.call("callsDetail", "not-an-id").as(member).expect(400);
        contract.call("callsEscalations").as(member).query("status=open").expect(200);
        contract.call("callsEscalations").as(member).query("status=closed").expect(400);
        contract.call("callsUpdateEscalation", escalation.toString())
                .as(member)
                .json(Map.of("status", "resolved", "resolutionNote", "called back"))
                .expect(200);
        contract.call("callsUpdateEscalation", escalation.toString())
                .as(member)
                .json(Map.of("status", "resolved"))
                .expect(409);
        contract.call("callsUpdateEscalation", unknownId)
                .as(member)
                .json(Map.of("status", "resolved"))
                .expect(404);
        contract.call("callsReturns")
                .as(member)
                .query("kind=return&status=requested")
                .expect(200);
        contract.call("callsReturns").as(member).query("kind=swap").expect(400);
        contract.call("callsMoveReturn", returned.toString())
                .as(member)
                .json(Map.of("status", "approved"))
                .expect(403);
        contract.call("callsMoveReturn", returned.toString())
                .as(owner)
                .json(Map.of("status", "approved"))
                .expect(200);
        contract.call("callsMoveReturn", returned.toString())
                .as(owner)
                .json(Map.of("status", "rejected"))
                .expect(409);
        contract.call("callsMoveReturn", returned.toString())
                .as(owner)
                .json(Map.of("status", "lost"))
                .expect(400);
        contract.call("callsActions").as(member).query("tool=get_order_status").expect(200);
        contract.call("callsActions").as(member).query("limit=0").expect(400);
    }

    private void recordings(OpenApiContract contract, String owner, String member, UUID call, String unknownId) {
        contract.call("recordingsList").as(member).expect(200);
        contract.call("recordingsList")
                .as(member)
                .query("from=2026-12-01&to=2026-11-01")
                .expect(400);
        ApiClient.Response link = contract.call("recordingsLink", call.toString())
                .as(member)
                .query("expiresInSeconds=600")
                .expect(200);
        contract.call("recordingsLink", unknownId).as(member).expect(404);
        URI url = URI.create(link.json().path("url").asString());
        contract.call("recordingsDownload").query(url.getRawQuery()).expect(200);
        contract.call("recordingsDownload")
                .query(url.getRawQuery().replaceAll("signature=[^&]+", "signature=forged"))
                .expect(403);
        contract.call("recordingsDownload").query("key=x").expect(400);
        contract.call("recordingsStats").as(member).expect(200);
        contract.call("recordingsStats").expect(401);
        contract.call("recordingsAccountStats")
                .header("X-Operator-Token", com.caly.support.TestEnvironment.OPERATOR_TOKEN)
                .expect(200);
        contract.call("recordingsAccountStats")
                .header("X-Operator-Token", "guess")
                .expect(404);
        contract.call("recordingsDelete", call.toString()).as(member).expect(403);
        contract.call("recordingsDelete", call.toString()).as(owner).expect(204);
        contract.call("recordingsDelete", unknownId).as(owner).expect(404);
    }

    private void billing(OpenApiContract contract, String owner, String member) {
        contract.call("billingUsage").as(member).expect(200);
        contract.call("billingUsage").as(member).query("month=2026-13").expect(400);
        contract.call("billingRates").as(owner).expect(200);
        contract.call("billingRates").as(member).expect(403);
        contract.call("billingSetRates")
                .as(owner)
                .json(Map.of("ratePerPulse", 0.55))
                .expect(200);
        contract.call("billingSetRates")
                .as(owner)
                .json(Map.of("ratePerPulse", -1))
                .expect(400);
        contract.call("billingMargins")
                .header("X-Operator-Token", OPERATOR)
                .query("month=2026-11")
                .expect(200);
        contract.call("billingMargins").header("X-Operator-Token", "guess").expect(404);
    }

    private void callLimits(OpenApiContract contract, String company, String member, String unknownId) {
        String operator = com.caly.support.TestEnvironment.OPERATOR_TOKEN;
        contract.call("callsSetLimit", company)
                .header("X-Operator-Token", operator)
                .json(Map.of("maxConcurrentCalls", 50))
                .expect(200);
        contract.call("callsSetLimit", company)
                .header("X-Operator-Token", operator)
                .json(Map.of("maxConcurrentCalls", -1))
                .expect(400);
        contract.call("callsSetLimit", unknownId)
                .header("X-Operator-Token", operator)
                .json(Map.of("maxConcurrentCalls", 5))
                .expect(404);
        contract.call("callsSetLimit", company)
                .header("X-Operator-Token", "guess")
                .json(Map.of("maxConcurrentCalls", 5))
                .expect(404);
        contract.call("callsLimit", company)
                .header("X-Operator-Token", operator)
                .expect(200);
        contract.call("callsLimit", company).as(member).expect(404);
        contract.call("callsConcurrency").as(member).expect(200);
        contract.call("callsConcurrency")
                .as(member)
                .query("from=2026-11-01&to=2026-11-30")
                .expect(200);
        contract.call("callsConcurrency").as(member).query("from=2026-13-01").expect(400);
        contract.call("callsConcurrency").expect(401);
    }

    private void voice(OpenApiContract contract, String admin, String member) {
        contract.call("voiceOptions").as(member).expect(200);
        contract.call("voiceOptions").as("Bearer not.a.token").expect(401);
        ApiClient.Response settings = contract.call("voiceSettings").as(admin).expect(200);
        contract.call("voiceSettings").as(member).expect(403);
        ObjectNode request = (ObjectNode) settings.json().deepCopy();
        request.remove("orderStatusSecretSet");
        request.remove("version");
        request.remove("updatedAt");
        contract.call("voiceUpdateSettings").as(admin).json(request.toString()).expect(200);
        request.put("voice", "no-such-voice");
        contract.call("voiceUpdateSettings").as(admin).json(request.toString()).expect(400);
    }

    private void analytics(OpenApiContract contract, String member) {
        contract.call("analyticsDashboard").as(member).expect(200);
        // an empty period sends its rates as null
        contract.call("analyticsDashboard")
                .as(member)
                .query("from=2020-01-01&to=2020-01-31")
                .expect(200);
        contract.call("analyticsDashboard")
                .as(member)
                .query("tz=Nowhere/Special")
                .expect(400);
        contract.call("analyticsComprehensive")
                .as(member)
                .query("granularity=hour&from="
                        + Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS))
                .expect(200);
        contract.call("analyticsComprehensive")
                .as(member)
                .query("granularity=hour&from=2026-01-01&to=2026-06-01")
                .expect(400);
    }

    private void webhooks(OpenApiContract contract, ExotelTestLines.Line line) {
        String token = "token=" + guard.token();
        for (String event : List.of("CallStart", "CallEnd", "Recording", "AfterBot", "StreamUrl")) {
            String callSid = ExotelTestLines.newCallSid();
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("CallSid", callSid);
            fields.put("CallFrom", "09845012345");
            fields.put("CallTo", line.exophone());
            fields.put("Direction", "incoming");
            fields.put("Created", "2026-11-24 10:00:00");
            int ok = event.equals("AfterBot") ? 302 : 200; // no agent took this call: a person does
            contract.call("telephony" + event + "Get")
                    .query(token + "&" + form(fields))
                    .expect(ok);
            contract.call("telephony" + event + "Get")
                    .query("token=wrong&" + form(fields))
                    .expect(403);
            fields.put("CallSid", ExotelTestLines.newCallSid());
            contract.call("telephony" + event + "Post")
                    .query(token)
                    .body(form(fields), "application/x-www-form-urlencoded")
                    .expect(ok);
            fields.put("CallSid", ExotelTestLines.newCallSid());
            contract.call("telephony" + event + "Post")
                    .query(token)
                    .json(fields)
                    .expect(ok);
            contract.call("telephony" + event + "Post")
                    .query(token)
                    .json("{\"CallSid\": ")
                    .expect(400);
            fields.remove("CallSid");
            contract.call("telephony" + event + "Get")
                    .query(token + "&" + form(fields))
                    .expect(400);
        }
        Map<String, String> stranger = Map.of("CallSid", ExotelTestLines.newCallSid(), "CallTo", "08000000001");
        contract.call("telephonyCallStartGet")
                .query(token + "&" + form(stranger))
                .expect(302);
        contract.call("telephonyStreamUrlGet")
                .query(token + "&" + form(stranger))
                .expect(404);
    }

    /**
     * Each value a query parameter's enum lists is taken, and a parameter the document does not list is refused
     * by name, the problem naming exactly the documented ones.
     */
    private void everyFilterValueAndNoOther(OpenApiContract contract, String owner) {
        for (OpenApiContract.Operation operation : contract.operations().values()) {
            if (!operation.method().equals("GET")
                    || operation.path().contains("{")
                    || !operation.node().path("security").toString().contains(ApiDocs.BEARER)
                    || !operation.node().has("parameters")) {
                continue;
            }
            Set<String> documented = new TreeSet<>();
            for (JsonNode parameter : operation.node().path("parameters")) {
                String name = parameter.path("name").asString();
                documented.add(name);
                JsonNode values = parameter.path("schema").has("enum")
                        ? parameter.path("schema").path("enum")
                        : parameter.path("schema").path("items").path("enum");
                for (JsonNode value : values) {
                    contract.call(operation.id())
                            .as(owner)
                            .query(name + "=" + value.asString())
                            .expect(200);
                }
            }
            ApiClient.Response unknown =
                    contract.call(operation.id()).as(owner).query("zzUnknown=1").send();
            if (unknown.status() == 400 && unknown.problemType().equals("unknown-parameter")) {
                Set<String> known = new TreeSet<>();
                unknown.json().path("known").forEach(name -> known.add(name.asString()));
                assertThat(known)
                        .as(operation.id() + " takes exactly its documented parameters")
                        .isEqualTo(documented);
            }
        }
    }

    private void storeRecording(TenantId company, UUID call, Instant started) throws Exception {
        RecordingKey key = RecordingKey.of(company, call, started);
        Path mp3 = Files.createTempFile("contract", ".mp3");
        // an MPEG frame header and silence: the download serves the stored bytes as they are
        byte[] bytes = new byte[4_000];
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xFB;
        Files.write(mp3, bytes);
        storage.put(key, mp3, Map.of());
        Files.delete(mp3);
        jdbc.sql("""
                        update calls set recording_url = ?, recording_bytes = ?, recording_duration_ms = 60000,
                            recording_stored_at = ? where id = ?""")
                .params(key.value(), bytes.length, Timestamp.from(Instant.now()), call)
                .update();
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
