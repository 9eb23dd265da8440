package org.chartkeeper.coding;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The coding workspace over the API: suggestions computed from the encounter's documents when the workspace opens,
 * with their evidence sentence; negated sentences not suggested; accept adds the code, reject keeps a reason; the
 * acceptance rate; sequencing by moving a code; documents read through the access gate.
 */
@IntegrationTest
class CodingWorkspaceApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final String NOTE = "Chief complaint: shortness of breath.\n"
            + "History of present illness: worsening orthopnea for two weeks. The patient denies chest pain.\n"
            + "Past history: DM2 on metformin.\n"
            + "Assessment: acute on chronic systolic heart failure. No evidence of pneumonia on the radiograph.";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    long encounterWithNote(String text) {
        long e = CodingFixtures.encounter(jdbc, "INPATIENT");
        long patient = jdbc.sql("select patient_id from encounter where id = ?").param(e).query(Long.class).single();
        long author = jdbc.sql("select min(id) from provider").query(Long.class).single();
        HttpResponse<String> doc = Api.as(port, "him").post("/api/patients/" + patient + "/documents",
                "{\"encounterId\": " + e + ", \"typeCode\": \"discharge-summary\", \"authorProviderId\": " + author
                        + ", \"body\": " + JSON.writeValueAsString(text) + "}");
        assertThat(doc.statusCode()).as(doc.body()).isEqualTo(201);
        return e;
    }

    static List<String> codes(JsonNode suggestions) {
        List<String> out = new ArrayList<>();
        suggestions.forEach(s -> out.add(s.get("code").asString()));
        return out;
    }

    static JsonNode suggestion(JsonNode suggestions, String prefix) {
        for (JsonNode s : suggestions) if (s.get("code").asString().startsWith(prefix)) return s;
        throw new AssertionError("no suggestion " + prefix + " in " + suggestions);
    }

    @Test
    void opening_the_workspace_suggests_codes_from_the_documents_with_their_sentence_and_not_the_negated_ones() {
        long e = encounterWithNote(NOTE);
        JsonNode w = ok(Api.as(port, "coder").get("/api/encounters/" + e + "/coding/workspace"));
        assertThat(w.get("documents").size()).isEqualTo(1);
        JsonNode suggestions = w.get("suggestions");
        List<String> codes = codes(suggestions);
        assertThat(codes).anyMatch(c -> c.startsWith("I50")).contains("E119");
        assertThat(codes).noneMatch(c -> c.startsWith("R07")).noneMatch(c -> c.startsWith("J18"));
        JsonNode hf = suggestion(suggestions, "I50");
        assertThat(hf.get("sentence").asString()).isEqualTo("Assessment: acute on chronic systolic heart failure.");
        assertThat(hf.get("status").asString()).isEqualTo("open");

        // stored: reading them again answers the same rows, and opening again adds none
        ok(Api.as(port, "coder").get("/api/encounters/" + e + "/coding/workspace"));
        assertThat(jdbc.sql("select count(*) from coding_suggestion where encounter_id = ?").param(e).query(Long.class).single())
                .isEqualTo(codes.size());

        // the document's text with the evidence sentence marked
        long documentId = hf.get("documentId").asLong();
        JsonNode text = ok(Api.as(port, "coder").get("/api/encounters/" + e + "/coding/documents/" + documentId));
        boolean marked = false;
        StringBuilder whole = new StringBuilder();
        for (JsonNode p : text.get("parts")) {
            whole.append(p.get("text").asString());
            if (p.get("text").asString().equals(hf.get("sentence").asString())) {
                marked = p.get("codes").toString().contains(hf.get("display").asString());
            }
        }
        assertThat(marked).as(text.toString()).isTrue();
        assertThat(whole.toString()).isEqualTo(NOTE);
        // the document read is an audited read of the patient's record
        long patient = w.get("coding").get("patientId").asLong();
        assertThat(jdbc.sql("select count(*) from audit_event where patient_id = ? and username = 'coder' and category ="
                + " 'CLINICAL_DOCUMENTS' and resource_id = ?").params(patient, String.valueOf(documentId)).query(Long.class).single())
                .isPositive();
    }

    @Test
    void accepting_a_suggestion_adds_the_code_and_rejecting_keeps_the_reason_and_the_rate_counts_both() {
        long e = encounterWithNote(NOTE);
        JsonNode suggestions = ok(Api.as(port, "coder").get("/api/encounters/" + e + "/coding/workspace")).get("suggestions");
        JsonNode hf = suggestion(suggestions, "I50");
        JsonNode dm = suggestion(suggestions, "E119");

        JsonNode coded = ok(Api.as(port, "coder").post("/api/encounters/" + e + "/coding/suggestions/" + hf.get("id").asLong()
                + "/accept", "{\"version\": 0}"));
        assertThat(coded.get("diagnoses").get(0).get("code").asString()).isEqualTo(hf.get("code").asString());
        assertThat(coded.get("diagnoses").get(0).get("principal").asBoolean()).isTrue();

        JsonNode rejected = ok(Api.as(port, "coder").post("/api/encounters/" + e + "/coding/suggestions/"
                + dm.get("id").asLong() + "/reject", "{\"reason\": \"Only a past problem list entry\"}"));
        assertThat(rejected.get("status").asString()).isEqualTo("rejected");
        assertThat(rejected.get("rejectReason").asString()).isEqualTo("Only a past problem list entry");

        HttpResponse<String> again = Api.as(port, "coder").post("/api/encounters/" + e + "/coding/suggestions/"
                + dm.get("id").asLong() + "/reject", "{}");
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("rejected already");

        HttpResponse<String> stale = Api.as(port, "coder").post("/api/encounters/" + e + "/coding/suggestions/"
                + suggestions.get(suggestions.size() - 1).get("id").asLong() + "/accept", "{\"version\": 0}");
        if (!suggestions.get(suggestions.size() - 1).get("id").equals(hf.get("id"))
                && !suggestions.get(suggestions.size() - 1).get("id").equals(dm.get("id"))) {
            assertThat(stale.statusCode()).isEqualTo(409);
        }

        JsonNode report = ok(Api.as(port, "director").get("/api/coding/suggestions/acceptance?months=1"));
        // the report covers this month (UTC); the demo hospital's decisions of earlier months are left out
        java.time.OffsetDateTime month = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).withDayOfMonth(1)
                .truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        long accepted = jdbc.sql("select count(*) from coding_suggestion where decided_by = 'coder' and status = 'accepted'"
                + " and decided_at >= ?").param(month).query(Long.class).single();
        long rejectedCount = jdbc.sql("select count(*) from coding_suggestion where decided_by = 'coder' and status = 'rejected'"
                + " and decided_at >= ?").param(month).query(Long.class).single();
        JsonNode coder = null;
        for (JsonNode r : report.get("byCoder")) if (r.get("key").asString().equals("coder")) coder = r;
        assertThat(coder).isNotNull();
        assertThat(coder.get("accepted").asLong()).isEqualTo(accepted).isPositive();
        assertThat(coder.get("rejected").asLong()).isEqualTo(rejectedCount).isPositive();
        assertThat(coder.get("rate").asDouble()).isEqualTo(Math.round(10000.0 * accepted / (accepted + rejectedCount)) / 10000.0);
        assertThat(report.get("byCode").toString()).contains(hf.get("display").asString());
    }

    @Test
    void moving_a_diagnosis_to_the_top_makes_it_the_principal_and_a_stale_or_out_of_range_move_changes_nothing() {
        long e = CodingFixtures.encounter(jdbc, "INPATIENT");
        ok(Api.as(port, "coder").put("/api/encounters/" + e + "/coding", "{\"diagnoses\":[{\"code\":\"E11.9\",\"poa\":\"Y\"},"
                + "{\"code\":\"I10\",\"poa\":\"Y\"},{\"code\":\"J44.1\",\"poa\":\"Y\"}],\"procedures\":[],\"version\":0}"));
        JsonNode moved = ok(Api.as(port, "coder").post("/api/encounters/" + e + "/coding/move",
                "{\"kind\":\"diagnosis\",\"from\":3,\"to\":1,\"version\":1}"));
        assertThat(moved.get("diagnoses").get(0).get("code").asString()).isEqualTo("J441");
        assertThat(moved.get("diagnoses").get(0).get("principal").asBoolean()).isTrue();
        assertThat(moved.get("diagnoses").get(1).get("code").asString()).isEqualTo("E119");
        assertThat(moved.get("diagnoses").get(2).get("code").asString()).isEqualTo("I10");
        assertThat(moved.get("version").asInt()).isEqualTo(2);

        JsonNode down = ok(Api.as(port, "coder").post("/api/encounters/" + e + "/coding/move",
                "{\"kind\":\"diagnosis\",\"from\":1,\"to\":2,\"version\":2}"));
        assertThat(down.get("diagnoses").get(0).get("code").asString()).isEqualTo("E119");

        HttpResponse<String> stale = Api.as(port, "coder").post("/api/encounters/" + e + "/coding/move",
                "{\"kind\":\"diagnosis\",\"from\":1,\"to\":2,\"version\":1}");
        assertThat(stale.statusCode()).isEqualTo(409);
        HttpResponse<String> outside = Api.as(port, "coder").post("/api/encounters/" + e + "/coding/move",
                "{\"kind\":\"diagnosis\",\"from\":4,\"to\":1,\"version\":3}");
        assertThat(outside.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(outside.body()).get("errors").get(0).get("field").asString()).isEqualTo("from");
        HttpResponse<String> kind = Api.as(port, "coder").post("/api/encounters/" + e + "/coding/move",
                "{\"kind\":\"drug\",\"from\":1,\"to\":2,\"version\":3}");
        assertThat(kind.statusCode()).isEqualTo(400);
        assertThat(ok(Api.as(port, "coder").get("/api/encounters/" + e + "/coding")).get("diagnoses").get(0).get("code")
                .asString()).isEqualTo("E119");
    }

    @Test
    void moving_needs_coding_write() {
        long e = CodingFixtures.encounter(jdbc, "INPATIENT");
        assertThat(Api.as(port, "privacy").post("/api/encounters/" + e + "/coding/move",
                "{\"kind\":\"diagnosis\",\"from\":1,\"to\":2,\"version\":1}").statusCode()).isEqualTo(403);
    }
}
