package org.chartkeeper.interop.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class FhirTransactionTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    static String bundle(int n, IntFunction<String> patient) {
        StringBuilder b = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) b.append(',');
            b.append("{\"fullUrl\":\"urn:uuid:00000000-0000-0000-0000-").append(String.format("%012d", i))
                    .append("\",\"resource\":").append(patient.apply(i))
                    .append(",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}");
        }
        return b.append("]}").toString();
    }

    long count(String family) {
        return jdbc.sql("select count(*) from patient where family_name = ?").param(family).query(Long.class).single();
    }

    @Test
    void a_transaction_of_1000_patients_registers_them_all_each_with_an_MRN_and_an_audited_creation() {
        String tag = FhirPatientTest.uniqueName();
        long before = jdbc.sql("select last_seq from audit_chain_head where id = 1").query(Long.class).single();
        // 1,000 different people (own names and birth dates), found again by their feed identifier
        List<String> families = IntStream.range(0, 1000).mapToObj(i -> FhirPatientTest.uniqueName()).toList();

        var r = Fhir.as(port, "him").post("", bundle(1000, i -> Fhir.patient(families.get(i),
                FhirPatientTest.uniqueName().substring(2), LocalDate.of(1930, 1, 1).plusDays(i * 23L).toString(),
                i % 2 == 0 ? "female" : "male", "urn:example:feed|" + tag + "-" + i)));

        assertThat(r.statusCode()).as(r.body().substring(0, Math.min(500, r.body().length()))).isEqualTo(200);
        JsonNode answer = FhirPatientTest.JSON.readTree(r.body());
        assertThat(answer.get("type").asString()).isEqualTo("transaction-response");
        assertThat(answer.get("entry")).hasSize(1000);
        assertThat(answer.get("entry").get(0).get("response").get("status").asString()).startsWith("201");
        long firstId = Long.parseLong(answer.get("entry").get(0).get("response").get("location").asString().split("/")[1]);
        assertThat(jdbc.sql("select family_name from patient where id = ?").param(firstId).query(String.class).single())
                .isEqualTo(families.getFirst());
        String ofThisBundle = " join patient_identifier f on f.patient_id = p.id and f.system_uri = 'urn:example:feed'"
                + " and f.id_value like ?";
        String like = tag + "-%";
        assertThat(jdbc.sql("select count(*) from patient p" + ofThisBundle).param(like).query(Long.class).single())
                .isEqualTo(1000);
        assertThat(jdbc.sql("select count(*) from patient_identifier i join patient p on p.id = i.patient_id"
                + ofThisBundle + " where i.type_code = 'MR' and i.id_value = p.mrn").param(like)
                .query(Long.class).single()).isEqualTo(1000);
        assertThat(jdbc.sql("select count(distinct p.mrn) from patient p" + ofThisBundle).param(like)
                .query(Long.class).single()).isEqualTo(1000);
        assertThat(jdbc.sql("select count(*) from audit_event e join patient p on p.id = e.patient_id" + ofThisBundle
                + " where e.seq > ? and e.username = 'him' and e.action = 'CREATE' and e.outcome = 'SUCCESS'")
                .params(like, before).query(Long.class).single()).isEqualTo(1000);
    }

    @Test
    void one_bad_entry_refuses_the_whole_transaction_naming_the_entry_and_nothing_is_stored() {
        String family = FhirPatientTest.uniqueName();
        var r = Fhir.as(port, "him").post("", bundle(600, i -> i == 500
                ? Fhir.patient(null, null, "1950-01-01", "female")
                : Fhir.patient(family, "Ann", "1950-01-01", "female")));

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode issue = FhirPatientTest.JSON.readTree(r.body()).get("issue").get(0);
        assertThat(issue.get("expression").get(0).asString()).isEqualTo("Bundle.entry[500].resource.name");
        assertThat(count(family)).isZero();
    }

    @Test
    void a_rule_the_service_checks_names_the_entry_too_and_nothing_is_stored() {
        String family = FhirPatientTest.uniqueName();
        var r = Fhir.as(port, "him").post("", bundle(20, i -> Fhir.patient(family, "Ann",
                i == 7 ? "2999-01-01" : "1950-01-01", "female")));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(FhirPatientTest.JSON.readTree(r.body()).get("issue").get(0).get("expression").get(0).asString())
                .isEqualTo("Bundle.entry[7].resource.birthDate");
        assertThat(count(family)).isZero();
    }

    @Test
    void the_same_identifier_on_two_entries_is_refused_naming_the_second() {
        String family = FhirPatientTest.uniqueName();
        var r = Fhir.as(port, "him").post("", bundle(5, i -> Fhir.patient(family, "Ann", "1950-01-01", "female",
                "urn:example:feed|" + family + (i == 3 ? 1 : i))));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(FhirPatientTest.JSON.readTree(r.body()).get("issue").get(0).get("expression").get(0).asString())
                .isEqualTo("Bundle.entry[3].resource.identifier");
        assertThat(count(family)).isZero();
    }

    @Test
    void an_identifier_that_already_belongs_to_a_patient_refuses_the_transaction_naming_its_entry() {
        String family = FhirPatientTest.uniqueName();
        Fhir him = Fhir.as(port, "him");
        assertThat(him.post("/Patient", Fhir.patient(family + "a", "Ann", "1950-01-01", "female",
                "urn:example:feed|taken-" + family)).statusCode()).isEqualTo(201);

        var r = him.post("", bundle(10, i -> Fhir.patient(family, "Ann", "1950-01-01", "female",
                "urn:example:feed|" + (i == 4 ? "taken-" : "free-" + i + "-") + family)));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode issue = FhirPatientTest.JSON.readTree(r.body()).get("issue").get(0);
        assertThat(issue.get("expression").get(0).asString()).isEqualTo("Bundle.entry[4].resource.identifier");
        assertThat(issue.get("diagnostics").asString()).contains("already belongs to patient");
        assertThat(count(family)).isZero();
        assertThat(jdbc.sql("select count(*) from patient_identifier where id_value like ?").param("free-%-" + family)
                .query(Long.class).single()).isZero();
    }

    @Test
    void entries_other_than_Patient_creations_are_refused() {
        String body = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"request\":{\"method\":\"DELETE\","
                + "\"url\":\"Patient/1\"}}]}";
        var r = Fhir.as(port, "him").post("", body);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(FhirPatientTest.JSON.readTree(r.body()).get("issue").get(0).get("expression").get(0).asString())
                .isEqualTo("Bundle.entry[0].request.method");
        assertThat(jdbc.sql("select count(*) from patient where id = 1").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void with_prefer_return_representation_each_entry_carries_the_new_Patient_with_its_MRN() {
        String family = FhirPatientTest.uniqueName();
        var r = Fhir.as(port, "him").post("", bundle(3, i -> Fhir.patient(family, "Ann", "1950-01-01", "female")),
                "return=representation");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode entry = FhirPatientTest.JSON.readTree(r.body()).get("entry").get(2);
        long id = entry.get("resource").get("id").asLong();
        String mrn = jdbc.sql("select mrn from patient where id = ?").param(id).query(String.class).single();
        assertThat(entry.get("resource").get("identifier").get(0).get("value").asString()).isEqualTo(mrn);
    }

    @Test
    void a_role_without_patient_write_may_not_register_in_bulk() {
        String family = FhirPatientTest.uniqueName();
        var r = Fhir.as(port, "roi").post("", bundle(3, i -> Fhir.patient(family, "Ann", "1950-01-01", "female")));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(count(family)).isZero();
    }

    @Test
    void patients_registered_in_bulk_are_checked_for_duplicates_in_the_background() throws InterruptedException {
        String family = FhirPatientTest.uniqueName();
        // eight entries (more than are checked in the request): two of them are one person registered twice
        var r = Fhir.as(port, "him").post("", bundle(8, i -> i < 6
                ? Fhir.patient(FhirPatientTest.uniqueName(), "Ida", LocalDate.of(1940, 1, 1).plusDays(i * 400L).toString(), "female")
                : Fhir.patient(family, "Philippa", "1966-08-19", "female")));
        assertThat(r.statusCode()).isEqualTo(200);
        long deadline = System.nanoTime() + 20_000_000_000L;
        long pairs = 0;
        while (pairs == 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            pairs = jdbc.sql("select count(*) from duplicate_candidate c join patient a on a.id = c.patient_a"
                    + " join patient b on b.id = c.patient_b where a.family_name = ? and b.family_name = ?")
                    .params(family, family).query(Long.class).single();
        }
        assertThat(pairs).isEqualTo(1);
    }
}
