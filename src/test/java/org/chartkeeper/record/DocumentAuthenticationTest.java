package org.chartkeeper.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.security.UserService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Authentication of the record: signatures lock, amendments keep the original, residents need a co-signature. */
@IntegrationTest
class DocumentAuthenticationTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DocumentRepository documents;

    @Autowired
    UserService users;

    @Autowired
    org.chartkeeper.security.ApiTokenService tokens;

    JsonNode ok(java.net.http.HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    JsonNode draft(String username, long patientId, long encounterId, String type, String text) {
        return ok(Api.as(port, username).post("/api/patients/" + patientId + "/documents",
                "{\"encounterId\":" + encounterId + ",\"typeCode\":\"" + type + "\",\"body\":\"" + text + "\"}"), 201);
    }

    String text(long documentId, String username) {
        var r = Api.as(port, username).get("/api/documents/" + documentId + "/content");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    @Test
    void a_signed_document_is_locked_and_no_update_statement_can_change_it() {
        var care = RecordFixtures.inCareOf(jdbc, "drsmith");
        JsonNode d = draft("drsmith", care.patientId(), care.encounterId(), "progress-note", "Day 2. Afebrile. Plan: continue.");
        long id = d.get("id").asLong();
        assertThat(d.get("status").asString()).isEqualTo("draft");

        JsonNode signed = ok(Api.as(port, "drsmith").post("/api/documents/" + id + "/sign",
                "{\"version\":" + d.get("version").asInt() + "}"), 200);
        assertThat(signed.get("status").asString()).isEqualTo("signed");
        assertThat(signed.get("authenticated").asBoolean()).isTrue();
        int version = signed.get("version").asInt();

        // the service refuses, naming the status
        var edit = Api.as(port, "drsmith").put("/api/documents/" + id,
                "{\"version\":" + version + ",\"body\":\"Day 2. Febrile.\"}");
        assertThat(edit.statusCode()).isEqualTo(400);
        assertThat(edit.body()).contains("\"field\":\"status\"").contains("locked");
        assertThat(Api.as(port, "drsmith").post("/api/documents/" + id + "/sign", "{\"version\":" + version + "}")
                .statusCode()).isEqualTo(400);

        // and the SQL itself cannot: each statement that changes content carries status = 'draft'
        Instant now = Instant.now();
        assertThat(documents.updateDraft(id, version, "Changed", now, 2, now)).isZero();
        assertThat(documents.sign(id, version, 1L, false, now)).isZero();
        assertThat(documents.makeFinal(id, version, now)).isZero();
        assertThat(jdbc.sql("select count(*) from document_version where document_id = ?").param(id)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(text(id, "drsmith")).isEqualTo("Day 2. Afebrile. Plan: continue.");
        assertThat(jdbc.sql("select count(*) from audit_event where resource_type = 'DocumentReference' and resource_id = ?"
                + " and action = 'UPDATE' and detail = 'signed' and outcome = 'SUCCESS'").param(String.valueOf(id))
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_event where resource_type = 'DocumentReference' and resource_id = ?"
                + " and outcome = 'FAILURE' and detail like 'refused%locked'").param(String.valueOf(id))
                .query(Long.class).single()).as("the refused edit and second signature").isEqualTo(2);
    }

    @Test
    void an_amendment_keeps_the_original_readable_as_it_was_signed() {
        var care = RecordFixtures.inCareOf(jdbc, "drsmith");
        JsonNode d = draft("drsmith", care.patientId(), care.encounterId(), "discharge-summary",
                "Discharged home on metoprolol 25 mg.");
        long id = d.get("id").asLong();
        ok(Api.as(port, "drsmith").post("/api/documents/" + id + "/sign", "{\"version\":0}"), 200);

        JsonNode amendment = ok(Api.as(port, "drsmith").post("/api/documents/" + id + "/changes",
                "{\"relation\":\"amendment\",\"body\":\"Correction: metoprolol 50 mg.\"}"), 201);
        long amendmentId = amendment.get("id").asLong();
        assertThat(amendment.get("amends").asLong()).isEqualTo(id);
        assertThat(amendment.get("relation").asString()).isEqualTo("amendment");
        assertThat(ok(Api.as(port, "drsmith").get("/api/documents/" + id), 200).get("status").asString())
                .as("the original is amended only once the amendment is signed").isEqualTo("signed");

        ok(Api.as(port, "drsmith").post("/api/documents/" + amendmentId + "/sign", "{\"version\":0}"), 200);

        JsonNode original = ok(Api.as(port, "drsmith").get("/api/documents/" + id), 200);
        assertThat(original.get("status").asString()).isEqualTo("amended");
        assertThat(text(id, "drsmith")).isEqualTo("Discharged home on metoprolol 25 mg.");
        assertThat(text(amendmentId, "drsmith")).isEqualTo("Correction: metoprolol 50 mg.");
        // an addendum to a draft is refused: drafts are edited
        JsonNode other = draft("drsmith", care.patientId(), care.encounterId(), "progress-note", "Draft note.");
        var refused = Api.as(port, "drsmith").post("/api/documents/" + other.get("id").asLong() + "/changes",
                "{\"relation\":\"addendum\",\"body\":\"More.\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
    }

    @Test
    void a_residents_document_needs_a_co_signature_from_a_supervising_physician() {
        String username = "resident" + System.nanoTime() % 1_000_000;
        long userId = users.create(username, "Dr. Rae Resident", "correct-horse-battery", Set.of("physician"), false,
                Actor.system("test")).id();
        jdbc.sql("insert into provider (npi, name, specialty, user_id, resident) values (?, 'Rae Resident, MD', 'Internal Medicine', ?, true)")
                .params(String.valueOf(1_000_000_000L + userId), userId).update();
        long providerId = jdbc.sql("select id from provider where user_id = ?").param(userId).query(Long.class).single();
        var care = RecordFixtures.inCareOf(jdbc, "drsmith");
        // the resident is on the encounter (attending of a second encounter of the same patient)
        jdbc.sql("insert into encounter (patient_id, account_number, encounter_class, status, admit_at, attending_provider_id)"
                        + " values (?, ?, 'INPATIENT', 'in-progress', current_timestamp, ?)")
                .params(care.patientId(), "R" + userId, providerId).update();
        tokens.issueWithSecret(userId, "test token", "demo-" + username, null, Actor.system("test"));

        JsonNode d = draft(username, care.patientId(), care.encounterId(), "history-physical", "HPI: chest pain x2 days.");
        long id = d.get("id").asLong();
        JsonNode signed = ok(Api.as(port, username).post("/api/documents/" + id + "/sign", "{\"version\":0}"), 200);
        assertThat(signed.get("status").asString()).isEqualTo("signed");
        assertThat(signed.get("awaitingCosignature").asBoolean()).isTrue();
        assertThat(signed.get("authenticated").asBoolean()).as("not authenticated until co-signed").isFalse();

        var self = Api.as(port, username).post("/api/documents/" + id + "/cosign", "{\"version\":" + signed.get("version").asInt() + "}");
        assertThat(self.statusCode()).as("a resident cannot co-sign").isEqualTo(403);
        var him = Api.as(port, "him").post("/api/documents/" + id + "/cosign", "{\"version\":" + signed.get("version").asInt() + "}");
        assertThat(him.statusCode()).as("co-signing needs document.sign").isEqualTo(403);

        JsonNode cosigned = ok(Api.as(port, "drsmith").post("/api/documents/" + id + "/cosign",
                "{\"version\":" + signed.get("version").asInt() + "}"), 200);
        assertThat(cosigned.get("authenticated").asBoolean()).isTrue();
        assertThat(cosigned.get("cosigner").asString()).isEqualTo("Sarah Smith, MD");
    }

    @Test
    void a_transcribed_dictation_waits_for_its_author_and_only_the_author_signs_it() {
        var care = RecordFixtures.inCareOf(jdbc, "drsmith");
        var noAuthor = Api.as(port, "him").post("/api/patients/" + care.patientId() + "/documents",
                "{\"typeCode\":\"consultation\",\"body\":\"Transcribed dictation.\",\"source\":\"dictated\"}");
        assertThat(noAuthor.statusCode()).isEqualTo(400);
        assertThat(noAuthor.body()).contains("\"field\":\"authorProviderId\"");

        long smith = jdbc.sql("select p.id from provider p join app_user u on u.id = p.user_id where u.username = 'drsmith'")
                .query(Long.class).single();
        JsonNode d = ok(Api.as(port, "him").post("/api/patients/" + care.patientId() + "/documents",
                "{\"typeCode\":\"consultation\",\"body\":\"Transcribed dictation.\",\"source\":\"dictated\","
                        + "\"authorProviderId\":" + smith + ",\"encounterId\":" + care.encounterId() + "}"), 201);
        long id = d.get("id").asLong();
        assertThat(d.get("status").asString()).isEqualTo("draft");
        assertThat(d.get("source").asString()).isEqualTo("dictated");
        assertThat(Api.as(port, "him").post("/api/documents/" + id + "/sign", "{\"version\":0}").statusCode())
                .as("HIM cannot sign (no document.sign)").isEqualTo(403);
        ok(Api.as(port, "drsmith").post("/api/documents/" + id + "/sign", "{\"version\":0}"), 200);
    }
}
