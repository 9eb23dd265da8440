package org.chartkeeper.interop.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class FhirMatchTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    static String parameters(String patient, Boolean onlyCertain, Integer count) {
        StringBuilder b = new StringBuilder("{\"resourceType\":\"Parameters\",\"parameter\":[");
        b.append("{\"name\":\"resource\",\"resource\":").append(patient).append('}');
        if (onlyCertain != null) b.append(",{\"name\":\"onlyCertainMatches\",\"valueBoolean\":").append(onlyCertain).append('}');
        if (count != null) b.append(",{\"name\":\"count\",\"valueInteger\":").append(count).append('}');
        return b.append("]}").toString();
    }

    @Test
    void match_answers_a_searchset_with_score_and_match_grade_for_the_same_person_and_is_audited_as_a_search() {
        String family = FhirPatientTest.uniqueName();
        Fhir him = Fhir.as(port, "him");
        long id = FhirPatientTest.JSON.readTree(him.post("/Patient", Fhir.patient(family, "Ann", "1962-05-06", "female"))
                .body()).get("id").asLong();
        long before = jdbc.sql("select last_seq from audit_chain_head where id = 1").query(Long.class).single();

        var r = him.post("/Patient/$match", parameters(Fhir.patient(family, "Ann", "1962-05-06", "female"), null, null));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode bundle = FhirPatientTest.JSON.readTree(r.body());
        assertThat(bundle.get("resourceType").asString()).isEqualTo("Bundle");
        assertThat(bundle.get("type").asString()).isEqualTo("searchset");
        JsonNode entry = bundle.get("entry").get(0);
        assertThat(entry.get("resource").get("id").asLong()).isEqualTo(id);
        JsonNode search = entry.get("search");
        assertThat(search.get("mode").asString()).isEqualTo("match");
        assertThat(search.get("score").asDouble()).isBetween(0.0, 1.0).isPositive();
        assertThat(search.get("extension").get(0).get("url").asString())
                .isEqualTo("http://hl7.org/fhir/StructureDefinition/match-grade");
        assertThat(search.get("extension").get(0).get("valueCode").asString()).isIn("certain", "probable", "possible");
        assertThat(jdbc.sql("select action from audit_event where seq > ? and username = 'him'").param(before)
                .query(String.class).list()).containsExactly("SEARCH");
    }

    @Test
    void count_limits_the_candidates_and_onlyCertainMatches_keeps_only_certain_ones() {
        String family = FhirPatientTest.uniqueName();
        Fhir him = Fhir.as(port, "him");
        for (int i = 0; i < 3; i++) {
            assertThat(him.post("/Patient", Fhir.patient(family, "Ann", "1962-05-06", "female")).statusCode()).isEqualTo(201);
        }
        JsonNode limited = FhirPatientTest.JSON.readTree(him.post("/Patient/$match",
                parameters(Fhir.patient(family, "Ann", "1962-05-06", "female"), null, 2)).body());
        assertThat(limited.get("entry")).hasSize(2);
        JsonNode certain = FhirPatientTest.JSON.readTree(him.post("/Patient/$match",
                parameters(Fhir.patient(family, "Ann", "1962-05-06", "female"), true, 10)).body());
        assertThat(certain.get("entry").valueStream()
                .map(e -> e.get("search").get("extension").get(0).get("valueCode").asString())).containsOnly("certain");
    }

    @Test
    void nobody_like_the_person_gives_an_empty_searchset() {
        var r = Fhir.as(port, "him").post("/Patient/$match",
                parameters(Fhir.patient(FhirPatientTest.uniqueName(), "Zed", "1901-01-01", "male"), null, null));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode bundle = FhirPatientTest.JSON.readTree(r.body());
        assertThat(bundle.get("type").asString()).isEqualTo("searchset");
        assertThat(bundle.has("entry")).isFalse();
    }

    @Test
    void match_without_a_resource_or_without_a_name_is_refused_with_an_OperationOutcome() {
        Fhir him = Fhir.as(port, "him");
        var none = him.post("/Patient/$match", "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"count\",\"valueInteger\":3}]}");
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(FhirPatientTest.JSON.readTree(none.body()).get("resourceType").asString()).isEqualTo("OperationOutcome");
        var nameless = him.post("/Patient/$match", parameters(Fhir.patient(null, null, "1962-05-06", "female"), null, null));
        assertThat(nameless.statusCode()).isEqualTo(400);
        assertThat(FhirPatientTest.JSON.readTree(nameless.body()).get("issue").get(0).get("expression").get(0).asString())
                .isEqualTo("Patient.name");
    }

    @Test
    void a_role_without_patient_search_may_not_match() {
        var r = Fhir.as(port, "auditor").post("/Patient/$match",
                parameters(Fhir.patient("Smith", "Ann", "1962-05-06", "female"), null, null));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).doesNotContain("\"entry\"");
    }
}
