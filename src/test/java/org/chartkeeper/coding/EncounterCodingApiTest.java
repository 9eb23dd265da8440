package org.chartkeeper.coding;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Coding an encounter over the API: the abstract, edits as the coder works, final coding, reopening. */
@IntegrationTest
class EncounterCodingApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    long encounter(String encounterClass) {
        return CodingFixtures.encounter(jdbc, encounterClass);
    }

    private JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static final String CLEAN = "{\"diagnoses\":[{\"code\":\"E11.9\",\"poa\":\"Y\"},{\"code\":\"I10\",\"poa\":\"Y\"}],"
            + "\"procedures\":[{\"system\":\"ICD10PCS\",\"code\":\"0DTJ4ZZ\",\"date\":\"2026-01-12\"}],"
            + "\"admitSource\":\"Emergency room\",\"dischargeDisposition\":\"Home\",\"version\":0}";

    @Test
    void a_coder_codes_an_inpatient_stay_with_poa_and_a_dated_procedure_and_the_change_is_audited() {
        long e = encounter("INPATIENT");
        JsonNode before = ok(Api.as(port, "coder").get("/api/encounters/" + e + "/coding"));
        assertThat(before.get("status").asString()).isEqualTo("not-started");

        JsonNode saved = ok(Api.as(port, "coder").put("/api/encounters/" + e + "/coding", CLEAN));
        assertThat(saved.get("status").asString()).isEqualTo("in-progress");
        assertThat(saved.get("edits").size()).as(saved.get("edits").toString()).isZero();
        assertThat(saved.get("diagnoses").get(0).get("principal").asBoolean()).isTrue();
        assertThat(saved.get("diagnoses").get(0).get("display").asString()).isEqualTo("E11.9");
        assertThat(saved.get("diagnoses").get(0).get("title").asString()).isEqualTo("Type 2 diabetes mellitus without complications");
        assertThat(saved.get("procedures").get(0).get("date").asString()).isEqualTo("2026-01-12");
        assertThat(saved.get("version").asInt()).isEqualTo(1);
        String detail = jdbc.sql("select detail from audit_event where action = 'UPDATE' and category = 'CODING'"
                        + " and resource_id = ? and username = 'coder'").param(String.valueOf(e)).query(String.class).single();
        assertThat(detail).isEqualTo("coded: 2 diagnoses, 1 procedures");
    }

    @Test
    void final_coding_locks_the_abstract_and_reopening_needs_a_reason_which_is_audited() {
        long e = encounter("INPATIENT");
        ok(Api.as(port, "coder").put("/api/encounters/" + e + "/coding", CLEAN));
        JsonNode fin = ok(Api.as(port, "coder").post("/api/encounters/" + e + "/coding/finalize", "{\"version\":1}"));
        assertThat(fin.get("status").asString()).isEqualTo("final");
        assertThat(fin.get("finalizedBy").asString()).isEqualTo("coder");

        HttpResponse<String> change = Api.as(port, "coder").put("/api/encounters/" + e + "/coding", CLEAN.replace("\"version\":0", "\"version\":2"));
        assertThat(change.statusCode()).isEqualTo(400);
        assertThat(change.body()).contains("The coding is final");

        HttpResponse<String> noReason = Api.as(port, "coder").post("/api/encounters/" + e + "/coding/reopen", "{\"version\":2}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noReason.body()).get("errors").get(0).get("field").asString()).isEqualTo("reason");

        JsonNode reopened = ok(Api.as(port, "coder").post("/api/encounters/" + e + "/coding/reopen",
                "{\"reason\":\"Pathology report added after final coding\",\"version\":2}"));
        assertThat(reopened.get("status").asString()).isEqualTo("in-progress");
        String reason = jdbc.sql("select reason from audit_event where action = 'UPDATE' and category = 'CODING' and"
                        + " resource_id = ? and detail = 'reopened final coding'").param(String.valueOf(e)).query(String.class).single();
        assertThat(reason).isEqualTo("Pathology report added after final coding");
        ok(Api.as(port, "coder").put("/api/encounters/" + e + "/coding", CLEAN.replace("\"version\":0", "\"version\":3")));
    }

    @Test
    void final_coding_is_refused_while_an_edit_fails_and_the_edits_name_their_source() {
        long e = encounter("INPATIENT");
        JsonNode saved = ok(Api.as(port, "coder").put("/api/encounters/" + e + "/coding",
                "{\"diagnoses\":[{\"code\":\"E11\",\"poa\":\"Y\"},{\"code\":\"I10\"}],\"version\":0}"));
        assertThat(saved.get("edits").valueStream().map(f -> f.get("edit").asString())).containsExactlyInAnyOrder("header-code", "poa-missing");
        assertThat(saved.get("edits").get(0).get("source").asString()).isNotBlank();
        HttpResponse<String> fin = Api.as(port, "coder").post("/api/encounters/" + e + "/coding/finalize", "{\"version\":1}");
        assertThat(fin.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(fin.body()).get("errors").get(0).get("field").asString()).isEqualTo("edits");
        assertThat(ok(Api.as(port, "coder").get("/api/encounters/" + e + "/coding")).get("status").asString()).isEqualTo("in-progress");
    }

    @Test
    void the_edits_of_a_proposed_abstract_are_checked_without_saving_it_and_the_saved_ones_are_read_alone() {
        long e = encounter("INPATIENT");
        JsonNode proposed = ok(Api.as(port, "coder").post("/api/encounters/" + e + "/coding/edits",
                "{\"diagnoses\":[{\"code\":\"E11\",\"poa\":\"Y\"},{\"code\":\"I10\"}],\"version\":0}"));
        assertThat(proposed.valueStream().map(f -> f.get("edit").asString())).containsExactlyInAnyOrder("header-code", "poa-missing");
        assertThat(ok(Api.as(port, "coder").get("/api/encounters/" + e + "/coding")).get("status").asString())
                .as("nothing saved").isEqualTo("not-started");
        assertThat(ok(Api.as(port, "coder").post("/api/encounters/" + e + "/coding/edits", CLEAN)).size()).isZero();
        ok(Api.as(port, "coder").put("/api/encounters/" + e + "/coding",
                "{\"diagnoses\":[{\"code\":\"E11\",\"poa\":\"Y\"}],\"version\":0}"));
        JsonNode saved = ok(Api.as(port, "coder").get("/api/encounters/" + e + "/coding/edits"));
        assertThat(saved.valueStream().map(f -> f.get("edit").asString())).containsExactly("header-code");
        assertThat(field(Api.as(port, "coder").post("/api/encounters/" + e + "/coding/edits",
                "{\"diagnoses\":[{\"code\":\"not a code!\"}],\"version\":0}"))).isNotBlank();
    }

    @Test
    void what_cannot_be_coded_is_refused_with_400_naming_the_field_and_changes_nothing() {
        long inpatient = encounter("INPATIENT");
        long outpatient = encounter("OUTPATIENT");
        assertThat(field(Api.as(port, "coder").put("/api/encounters/" + inpatient + "/coding",
                "{\"diagnoses\":[{\"code\":\"!!\"}],\"version\":0}"))).isEqualTo("diagnoses[0].code");
        assertThat(field(Api.as(port, "coder").put("/api/encounters/" + outpatient + "/coding",
                "{\"diagnoses\":[{\"code\":\"I10\",\"poa\":\"Y\"}],\"version\":0}"))).isEqualTo("diagnoses[0].poa");
        assertThat(field(Api.as(port, "coder").put("/api/encounters/" + inpatient + "/coding",
                "{\"procedures\":[{\"system\":\"HCPCS\",\"code\":\"G0008\",\"date\":\"2026-01-12\"}],\"version\":0}")))
                .isEqualTo("procedures[0].system");
        assertThat(field(Api.as(port, "coder").put("/api/encounters/" + inpatient + "/coding",
                "{\"procedures\":[{\"code\":\"0DTJ4ZZ\"}],\"version\":0}"))).isEqualTo("procedures[0].date");
        assertThat(ok(Api.as(port, "coder").get("/api/encounters/" + inpatient + "/coding")).get("status").asString())
                .isEqualTo("not-started");
        JsonNode out = ok(Api.as(port, "coder").put("/api/encounters/" + outpatient + "/coding",
                "{\"diagnoses\":[{\"code\":\"I10\"}],\"procedures\":[{\"code\":\"G0008\",\"date\":\"2026-01-15\"}],\"version\":0}"));
        assertThat(out.get("procedures").get(0).get("system").asString()).isEqualTo("HCPCS");
        assertThat(out.get("edits").size()).as("no POA for outpatients").isZero();
    }

    @Test
    void changing_coding_needs_coding_write_and_reading_it_needs_access_to_the_chart() {
        long e = encounter("INPATIENT");
        assertThat(Api.as(port, "roi").put("/api/encounters/" + e + "/coding", CLEAN).statusCode()).isEqualTo(403);
        assertThat(Api.as(port, "roi").get("/api/encounters/" + e + "/coding").statusCode()).isEqualTo(200);
        assertThat(Api.as(port, "auditor").get("/api/encounters/" + e + "/coding").statusCode()).isEqualTo(403);
    }

    private static String field(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        return JSON.readTree(r.body()).get("errors").get(0).get("field").asString();
    }
}
