package org.chartkeeper.interop.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Encounter, Practitioner, Organization, AuditEvent and Patient/$everything over real HTTP, valid R4 all. */
@IntegrationTest
class FhirResourcesTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    long patientWithEncounters() {
        return jdbc.sql("select e.patient_id from encounter e join patient p on p.id = e.patient_id"
                        + " where not p.restricted and p.status = 'active' and e.attending_provider_id is not null"
                        + " group by e.patient_id having count(*) >= 2 order by e.patient_id limit 1")
                .query(Long.class).single();
    }

    long lastSeq() {
        return jdbc.sql("select last_seq from audit_chain_head where id = 1").query(Long.class).single();
    }

    JsonNode json(String body) {
        return FhirPatientTest.JSON.readTree(body);
    }

    void assertValid(String body) {
        assertThat(R4Validator.errors(body)).as(body.substring(0, Math.min(300, body.length()))).isEmpty();
    }

    @Test
    void a_patients_encounters_are_searched_by_patient_read_by_id_and_each_read_is_an_audited_view() {
        long patient = patientWithEncounters();
        long count = jdbc.sql("select count(*) from encounter where patient_id = ?").param(patient).query(Long.class).single();
        long before = lastSeq();
        Fhir him = Fhir.as(port, "him");

        var search = him.get("/Encounter?patient=Patient/" + patient);
        assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
        JsonNode bundle = json(search.body());
        assertThat(bundle.get("entry")).hasSize((int) count);
        JsonNode first = bundle.get("entry").get(0).get("resource");
        assertThat(first.get("subject").get("reference").asString()).isEqualTo("Patient/" + patient);
        assertThat(first.get("class").get("code").asString()).isIn("IMP", "AMB", "EMER");
        assertValid(search.body());

        var read = him.get("/Encounter/" + first.get("id").asString());
        assertThat(read.statusCode()).isEqualTo(200);
        assertValid(read.body());
        assertThat(jdbc.sql("select count(*) from audit_event where seq > ? and patient_id = ? and username = 'him'"
                + " and category = 'ENCOUNTERS' and action = 'VIEW'").params(before, patient).query(Long.class).single())
                .isEqualTo(2);
    }

    @Test
    void an_encounter_search_needs_a_patient_and_a_known_class() {
        Fhir him = Fhir.as(port, "him");
        var noPatient = him.get("/Encounter?status=finished");
        assertThat(noPatient.statusCode()).isEqualTo(400);
        assertThat(noPatient.body()).contains("OperationOutcome").contains("patient");
        var badClass = him.get("/Encounter?patient=Patient/" + patientWithEncounters() + "&class=XYZ");
        assertThat(badClass.statusCode()).isEqualTo(400);
        assertThat(json(badClass.body()).get("issue").get(0).get("expression").get(0).asString()).isEqualTo("class");
    }

    @Test
    void everything_about_a_patient_comes_as_one_bundle_with_encounters_conditions_procedures_consents_practitioners_and_organization() {
        FhirCodedDataTest coded = new FhirCodedDataTest();
        coded.port = port;
        coded.jdbc = jdbc;
        long[] ids = coded.codedEncounter(); // E11.9 (principal), I10; procedure 0DTJ4ZZ
        long patient = ids[0];
        long provider = jdbc.sql("select id from provider order by id limit 1").query(Long.class).single();
        jdbc.sql("update encounter set attending_provider_id = ? where id = ?").params(provider, ids[1]).update();
        var consent = Fhir.as(port, "roi").post("/Consent", FhirConsentTest.consent(patient, "hiv", "Lakeside Clinic", "2025-01-01"));
        assertThat(consent.statusCode()).as(consent.body()).isEqualTo(201);
        long before = lastSeq();

        var r = Fhir.as(port, "him").get("/Patient/" + patient + "/$everything");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertValid(r.body());
        JsonNode bundle = json(r.body());
        List<String> types = bundle.get("entry").valueStream().map(e -> e.get("resource").get("resourceType").asString())
                .toList();
        assertThat(types).startsWith("Patient");
        assertThat(types).filteredOn("Encounter"::equals).hasSize(1);
        assertThat(types).filteredOn("Condition"::equals).hasSize(2);
        assertThat(types).filteredOn("Procedure"::equals).hasSize(1);
        assertThat(types).filteredOn("Consent"::equals).hasSize(1);
        assertThat(types).contains("Practitioner", "Organization");
        List<String> codes = bundle.get("entry").valueStream().map(e -> e.get("resource"))
                .filter(x -> x.has("code") && x.get("code").has("coding"))
                .map(x -> x.get("resourceType").asString() + " " + x.get("code").get("coding").get(0).get("code").asString())
                .toList();
        assertThat(codes).containsExactlyInAnyOrder("Condition E11.9", "Condition I10", "Procedure 0DTJ4ZZ");
        // each part was an audited view of this patient, through the access gate
        assertThat(jdbc.sql("select distinct category from audit_event where seq > ? and patient_id = ?"
                        + " and username = 'him' and action = 'VIEW' and outcome = 'SUCCESS'").params(before, patient)
                .query(String.class).list()).contains("DEMOGRAPHICS", "ENCOUNTERS", "CODING", "DISCLOSURES");
    }

    @Test
    void everything_is_refused_as_a_whole_to_a_caller_who_may_not_open_the_chart() {
        long patient = patientWithEncounters();
        long before = lastSeq();
        var refused = Fhir.as(port, "auditor").get("/Patient/" + patient + "/$everything");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("OperationOutcome").doesNotContain("\"Condition\"");
        assertValid(refused.body());
        assertThat(jdbc.sql("select count(*) from audit_event where seq > ? and patient_id = ? and username = 'auditor'"
                + " and outcome = 'DENIED'").params(before, patient).query(Long.class).single()).isGreaterThan(0);
    }

    @Test
    void practitioners_are_found_by_NPI_and_organizations_list_the_facilities() {
        Map<String, Object> provider = jdbc.sql("select id, npi from provider order by id limit 1").query().singleRow();
        Fhir coder = Fhir.as(port, "coder");
        var byNpi = coder.get("/Practitioner?identifier=http://hl7.org/fhir/sid/us-npi%7C" + provider.get("npi"));
        assertThat(byNpi.statusCode()).isEqualTo(200);
        assertThat(json(byNpi.body()).get("entry").get(0).get("resource").get("id").asString())
                .isEqualTo(String.valueOf(provider.get("id")));
        assertValid(byNpi.body());
        var read = coder.get("/Practitioner/" + provider.get("id"));
        assertValid(read.body());
        var orgs = coder.get("/Organization");
        assertThat(json(orgs.body()).get("entry")).isNotEmpty();
        assertValid(orgs.body());
    }

    @Test
    void practitioner_and_organization_reads_and_searches_are_recorded_in_the_audit_trail() {
        Map<String, Object> provider = jdbc.sql("select id, npi from provider order by id limit 1").query().singleRow();
        String facility = jdbc.sql("select code from facility order by code limit 1").query(String.class).single();
        Fhir coder = Fhir.as(port, "coder");
        long before = lastSeq();

        assertThat(coder.get("/Practitioner/" + provider.get("id")).statusCode()).isEqualTo(200);
        assertThat(coder.get("/Practitioner?identifier=" + provider.get("npi")).statusCode()).isEqualTo(200);
        assertThat(coder.get("/Organization/" + facility).statusCode()).isEqualTo(200);
        assertThat(coder.get("/Organization?name=a").statusCode()).isEqualTo(200);
        var missing = coder.get("/Organization/no-such-facility");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertValid(missing.body());

        List<Map<String, Object>> events = jdbc.sql("select action, resource_type, resource_id, outcome, detail"
                        + " from audit_event where seq > ? and username = 'coder' and category = 'DIRECTORY' order by seq")
                .param(before).query().listOfRows();
        assertThat(events).extracting(e -> e.get("action") + " " + e.get("resource_type") + "/" + e.get("resource_id")
                        + " " + e.get("outcome"))
                .containsExactly("VIEW Practitioner/" + provider.get("id") + " SUCCESS",
                        "SEARCH Practitioner/null SUCCESS",
                        "VIEW Organization/" + facility + " SUCCESS",
                        "SEARCH Organization/null SUCCESS",
                        "VIEW Organization/no-such-facility NOT_FOUND");
        assertThat((String) events.get(1).get("detail")).endsWith("1 result(s)");
    }

    @Test
    void a_caller_without_directory_read_is_refused_practitioners_and_organizations_with_a_403_that_is_recorded() {
        long providerId = jdbc.sql("select id from provider order by id limit 1").query(Long.class).single();
        Fhir auditor = Fhir.as(port, "auditor"); // audit.read only: no charts, no directory
        long before = lastSeq();
        for (String path : List.of("/Practitioner/" + providerId, "/Practitioner?name=a", "/Organization",
                "/Organization?name=a")) {
            var refused = auditor.get(path);
            assertThat(refused.statusCode()).as(path).isEqualTo(403);
            JsonNode outcome = json(refused.body());
            assertThat(outcome.get("resourceType").asString()).isEqualTo("OperationOutcome");
            assertThat(outcome.get("issue").get(0).get("code").asString()).isEqualTo("forbidden");
            assertThat(outcome.get("issue").get(0).get("diagnostics").asString()).contains("directory.read");
            assertValid(refused.body());
        }
        assertThat(jdbc.sql("select count(*) from audit_event where seq > ? and username = 'auditor'"
                        + " and category = 'DIRECTORY' and outcome = 'DENIED'").param(before).query(Long.class).single())
                .isEqualTo(4);
        assertThat(jdbc.sql("select count(*) from audit_event where seq > ? and username = 'auditor'"
                        + " and category = 'DIRECTORY' and outcome = 'SUCCESS'").param(before).query(Long.class).single())
                .isZero();
    }

    @Test
    void the_privacy_officer_reads_the_audit_trail_as_AuditEvents_and_a_coder_is_refused_and_recorded() {
        long patient = patientWithEncounters();
        Fhir.as(port, "him").get("/Patient/" + patient);
        Fhir privacy = Fhir.as(port, "privacy");

        var r = privacy.get("/AuditEvent?patient=Patient/" + patient + "&_count=10");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode bundle = json(r.body());
        assertThat(bundle.get("entry")).isNotEmpty();
        JsonNode event = bundle.get("entry").get(0).get("resource");
        assertThat(event.get("entity").get(0).get("what").get("reference").asString()).isEqualTo("Patient/" + patient);
        assertValid(r.body());
        var read = privacy.get("/AuditEvent/" + event.get("id").asString());
        assertThat(read.statusCode()).isEqualTo(200);
        assertValid(read.body());

        long before = lastSeq();
        var refused = Fhir.as(port, "coder").get("/AuditEvent?patient=Patient/" + patient);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("OperationOutcome");
        assertThat(jdbc.sql("select count(*) from audit_event where seq > ? and username = 'coder'"
                + " and resource_type = 'AuditEvent' and outcome = 'DENIED'").param(before).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void what_the_patient_API_emits_is_valid_R4_too() {
        long patient = patientWithEncounters();
        Fhir him = Fhir.as(port, "him");
        assertValid(him.get("/Patient/" + patient).body());
        assertValid(him.get("/metadata").body());
        assertValid(him.get("/Patient/999999999").body());
        String family = jdbc.sql("select family_name from patient where id = ?").param(patient).query(String.class).single();
        assertValid(him.get("/Patient?family=" + family).body());
        String given = jdbc.sql("select given_name from patient where id = ?").param(patient).query(String.class).single();
        String born = jdbc.sql("select birth_date from patient where id = ?").param(patient).query(String.class).single();
        var match = him.post("/Patient/$match", FhirMatchTest.parameters(Fhir.patient(family, given, born, null), null, null));
        assertThat(match.statusCode()).isEqualTo(200);
        assertValid(match.body());
        var transaction = him.post("", FhirTransactionTest.bundle(2, i -> Fhir.patient(FhirPatientTest.uniqueName(),
                "Vera", "1944-0" + (i + 1) + "-11", "female")));
        assertThat(transaction.statusCode()).isEqualTo(200);
        assertValid(transaction.body());
    }
}
