package org.chartkeeper.interop.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Clinical data received in a transaction Bundle (results, medications, claims) is kept as received: its references
 * rewritten to this server's resources, a Medication kept inside what names it, searchable within the patient,
 * included in $everything, the same Bundle received again updating instead of duplicating, every access audited.
 */
@IntegrationTest
class FhirOutsideDataTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    static final String LOINC = "http://loinc.org";
    static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

    /** A small record from another system: a patient, a visit, a hemoglobin A1c, a prescription and its claim. */
    static String bundle(String tag, String a1c) {
        return bundle(tag, a1c, null);
    }

    /** The same, about a patient already here ({@code Patient/{id}}) when {@code patient} is given: no Patient entry. */
    static String bundle(String tag, String a1c, String patient) {
        String p = patient != null ? patient : "urn:uuid:" + tag + "-p", e = "urn:uuid:" + tag + "-e", o = "urn:uuid:" + tag + "-o",
                m = "urn:uuid:" + tag + "-m", rx = "urn:uuid:" + tag + "-rx", c = "urn:uuid:" + tag + "-c";
        return """
                {"resourceType": "Bundle", "type": "transaction", "entry": [
                 {"fullUrl": "%1$s", "resource": {"resourceType": "Patient",
                   "identifier": [{"system": "urn:oid:2.16.840.1.113883.4.642.99", "value": "OUT-%7$s"}],
                   "name": [{"family": "Outsider%7$s", "given": ["Ruth"]}], "gender": "female", "birthDate": "1961-04-02",
                   "address": [{"line": ["12 Elm St"], "city": "Salem", "state": "MA", "postalCode": "01970"}]},
                  "request": {"method": "POST", "url": "Patient"}},
                 {"fullUrl": "%2$s", "resource": {"resourceType": "Encounter", "status": "finished",
                   "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB"},
                   "subject": {"reference": "%1$s"}, "period": {"start": "2025-03-04T09:00:00Z", "end": "2025-03-04T09:30:00Z"},
                   "serviceProvider": {"reference": "Organization?identifier=https://example.org/org|77", "display": "Salem Clinic"}},
                  "request": {"method": "POST", "url": "Encounter"}},
                 {"fullUrl": "%3$s", "resource": {"resourceType": "Observation", "status": "final",
                   "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]}],
                   "code": {"coding": [{"system": "%8$s", "code": "4548-4", "display": "Hemoglobin A1c"}]},
                   "subject": {"reference": "%1$s"}, "encounter": {"reference": "%2$s"},
                   "effectiveDateTime": "2025-03-04T09:10:00Z",
                   "valueQuantity": {"value": %9$s, "unit": "%%", "system": "http://unitsofmeasure.org", "code": "%%"}},
                  "request": {"method": "POST", "url": "Observation"}},
                 {"fullUrl": "%4$s", "resource": {"resourceType": "Medication",
                   "code": {"coding": [{"system": "%10$s", "code": "860975", "display": "metformin 500 MG Oral Tablet"}]}},
                  "request": {"method": "POST", "url": "Medication"}},
                 {"fullUrl": "%5$s", "resource": {"resourceType": "MedicationRequest", "status": "active", "intent": "order",
                   "medicationReference": {"reference": "%4$s"}, "subject": {"reference": "%1$s"},
                   "encounter": {"reference": "%2$s"}, "authoredOn": "2025-03-04T09:20:00Z"},
                  "request": {"method": "POST", "url": "MedicationRequest"}},
                 {"fullUrl": "%6$s", "resource": {"resourceType": "Claim", "status": "active",
                   "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/claim-type", "code": "pharmacy"}]},
                   "use": "claim", "patient": {"reference": "%1$s"}, "created": "2025-03-04T09:30:00Z",
                   "provider": {"reference": "Organization?identifier=https://example.org/org|77"},
                   "priority": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/processpriority", "code": "normal"}]},
                   "prescription": {"reference": "%5$s"},
                   "insurance": [{"sequence": 1, "focal": true, "coverage": {"display": "Medicaid"}}],
                   "item": [{"sequence": 1, "productOrService": {"coding": [{"system": "%10$s", "code": "860975"}]},
                     "encounter": [{"reference": "%2$s"}]}],
                   "total": {"value": 12.5, "currency": "USD"}},
                  "request": {"method": "POST", "url": "Claim"}}
                ]}""".formatted(p, e, o, m, rx, c, tag, LOINC, a1c, RXNORM)
                .replaceFirst(patient == null ? "^$" : "(?s)\\{\"fullUrl\": \"" + java.util.regex.Pattern.quote(p)
                        + "\", \"resource\": \\{\"resourceType\": \"Patient\".*?\"url\": \"Patient\"\\}\\},", "");
    }

    private long maxSeq() {
        return jdbc.sql("select coalesce(max(seq), 0) from audit_event").query(Long.class).single();
    }

    @Test
    void received_results_medications_and_claims_are_kept_with_references_to_this_servers_resources() throws Exception {
        Fhir him = Fhir.as(port, "him");
        long before = maxSeq();
        var posted = him.post("", bundle("od1", "6.8"));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        assertThat(R4Validator.errors(posted.body())).isEmpty();
        JsonNode answer = FhirPatientTest.JSON.readTree(posted.body());
        String patient = answer.get("entry").get(0).get("response").get("location").asString();
        String encounter = answer.get("entry").get(1).get("response").get("location").asString();
        String observation = answer.get("entry").get(2).get("response").get("location").asString();
        String prescription = answer.get("entry").get(4).get("response").get("location").asString();
        String claim = answer.get("entry").get(5).get("response").get("location").asString();
        assertThat(observation).startsWith("Observation/");
        assertThat(prescription).startsWith("MedicationRequest/");
        assertThat(claim).startsWith("Claim/");
        // the Medication is not kept on its own: it lives inside the prescription that names it
        JsonNode medication = answer.get("entry").get(3).get("response");
        assertThat(medication.get("status").asString()).startsWith("422");
        assertThat(medication.get("outcome").get("issue").get(0).get("diagnostics").asString()).contains("contained");

        JsonNode o = FhirPatientTest.JSON.readTree(him.get("/" + observation).body());
        assertThat(o.get("subject").get("reference").asString()).isEqualTo(patient);
        assertThat(o.get("encounter").get("reference").asString()).isEqualTo(encounter);
        assertThat(o.get("valueQuantity").get("value").asDouble()).isEqualTo(6.8);
        assertThat(o.get("meta").get("versionId").asString()).isEqualTo("1");

        var rxRead = him.get("/" + prescription);
        assertThat(R4Validator.errors(rxRead.body())).isEmpty();
        JsonNode rx = FhirPatientTest.JSON.readTree(rxRead.body());
        assertThat(rx.get("medicationReference").get("reference").asString()).startsWith("#");
        assertThat(rx.get("contained").get(0).get("code").get("coding").get(0).get("code").asString()).isEqualTo("860975");

        var claimRead = him.get("/" + claim);
        assertThat(R4Validator.errors(claimRead.body())).isEmpty();
        JsonNode c = FhirPatientTest.JSON.readTree(claimRead.body());
        assertThat(c.get("prescription").get("reference").asString()).isEqualTo(prescription);
        // an outside organization is not kept: the reference keeps its identifier instead
        assertThat(c.get("provider").has("reference")).isFalse();
        assertThat(c.get("provider").get("identifier").get("value").asString()).isEqualTo("77");
        assertThat(c.get("item").get(0).get("encounter").get(0).get("reference").asString()).isEqualTo(encounter);

        long patientId = Long.parseLong(patient.substring("Patient/".length()));
        assertThat(jdbc.sql("select count(*) from audit_event where seq > ? and patient_id = ? and action = 'CREATE'"
                + " and category = 'CLINICAL_DATA'").params(before, patientId).query(Long.class).single()).isEqualTo(3);
        long reads = maxSeq();
        // searches within the patient: by code (with and without system), date, encounter, _lastUpdated
        assertThat(total(him, "/Observation?patient=" + patient + "&code=" + LOINC + "%7C4548-4")).isEqualTo(1);
        assertThat(total(him, "/Observation?patient=" + patient + "&code=4548-4&date=ge2025-03-01&date=lt2025-04-01"))
                .isEqualTo(1);
        assertThat(total(him, "/Observation?patient=" + patient + "&date=lt2025-01-01")).isZero();
        assertThat(total(him, "/MedicationRequest?patient=" + patient + "&code=860975&status=active")).isEqualTo(1);
        assertThat(total(him, "/Claim?patient=" + patient + "&encounter=" + encounter)).isZero(); // its items name it
        assertThat(total(him, "/Observation?patient=" + patient + "&encounter=" + encounter
                + "&_lastUpdated=ge2020-01-01")).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_event where seq > ? and patient_id = ? and action = 'VIEW'"
                + " and category = 'CLINICAL_DATA'").params(reads, patientId).query(Long.class).single()).isEqualTo(6);
        var search = him.get("/Observation?patient=" + patient);
        assertThat(R4Validator.errors(search.body())).isEmpty();
        assertThat(him.get("/Observation").statusCode()).isEqualTo(400); // only within a patient

        // $everything carries it
        JsonNode everything = FhirPatientTest.JSON.readTree(him.get("/" + patient + "/$everything").body());
        assertThat(everything.get("entry").valueStream().map(e -> e.get("resource").get("resourceType").asString()))
                .contains("Observation", "MedicationRequest", "Claim");
    }

    @Test
    void the_same_record_received_again_updates_what_changed_and_adds_nothing() {
        Fhir him = Fhir.as(port, "him");
        var posted = him.post("", bundle("od2", "7.1"));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        JsonNode first = FhirPatientTest.JSON.readTree(posted.body());
        String observation = first.get("entry").get(2).get("response").get("location").asString();
        String patient = first.get("entry").get(0).get("response").get("location").asString();
        long rows = jdbc.sql("select count(*) from outside_resource").query(Long.class).single();
        // the same record again, about the patient now registered here
        var repeated = him.post("", bundle("od2", "7.1", patient));
        assertThat(repeated.statusCode()).as(repeated.body()).isEqualTo(200);
        JsonNode again = FhirPatientTest.JSON.readTree(repeated.body());
        assertThat(again.get("entry").get(1).get("response").get("location").asString()).isEqualTo(observation);
        assertThat(jdbc.sql("select count(*) from outside_resource").query(Long.class).single()).isEqualTo(rows);
        assertThat(FhirPatientTest.JSON.readTree(him.get("/" + observation).body()).get("meta").get("versionId")
                .asString()).isEqualTo("1"); // unchanged: not a new version
        JsonNode corrected = FhirPatientTest.JSON.readTree(him.post("", bundle("od2", "7.4", patient)).body());
        assertThat(corrected.get("entry").get(1).get("response").get("location").asString()).isEqualTo(observation);
        JsonNode o = FhirPatientTest.JSON.readTree(him.get("/" + observation).body());
        assertThat(o.get("valueQuantity").get("value").asDouble()).isEqualTo(7.4);
        assertThat(o.get("meta").get("versionId").asString()).isEqualTo("2");
    }

    @Test
    void received_data_is_refused_to_a_user_who_may_not_open_the_chart_and_the_refusal_is_audited() {
        JsonNode answer = FhirPatientTest.JSON.readTree(Fhir.as(port, "him").post("", bundle("od3", "5.9")).body());
        String observation = answer.get("entry").get(2).get("response").get("location").asString();
        String patient = answer.get("entry").get(0).get("response").get("location").asString();
        long before = maxSeq();
        var auditor = Fhir.as(port, "auditor");
        assertThat(auditor.get("/" + observation).statusCode()).isEqualTo(403);
        assertThat(auditor.get("/Observation?patient=" + patient).statusCode()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from audit_event where seq > ? and outcome = 'DENIED'"
                + " and category = 'CLINICAL_DATA'").param(before).query(Long.class).single()).isEqualTo(2);
        // and a user who may not file documents cannot send it
        var coder = Fhir.as(port, "coder").post("", bundle("od4", "6.0"));
        assertThat(coder.statusCode()).isEqualTo(403);
        assertThat(Fhir.as(port, "him").get("/Observation/999999999").statusCode()).isEqualTo(404);
    }

    @Test
    void an_impossible_value_in_received_data_refuses_the_bundle_naming_the_element_and_stores_nothing() {
        Fhir him = Fhir.as(port, "him");
        long patients = jdbc.sql("select count(*) from patient").query(Long.class).single();
        long kept = jdbc.sql("select count(*) from outside_resource").query(Long.class).single();
        var bad = him.post("", bundle("od5", "6.1").replace("\"effectiveDateTime\": \"2025-03-04T09:10:00Z\"",
                "\"effectiveDateTime\": \"2025-02-30T09:10:00Z\""));
        assertThat(bad.statusCode()).isEqualTo(400);
        JsonNode issue = FhirPatientTest.JSON.readTree(bad.body()).get("issue").get(0);
        assertThat(issue.get("expression").get(0).asString()).isEqualTo("Bundle.entry[2].resource.effectiveDateTime");
        assertThat(issue.get("diagnostics").asString()).contains("not a possible date").doesNotContain("2025-02-30");
        var word = him.post("", bundle("od6", "6.1").replace("\"value\": 6.1,", "\"value\": \"high\","));
        assertThat(word.statusCode()).isEqualTo(400);
        assertThat(FhirPatientTest.JSON.readTree(word.body()).get("issue").get(0).get("expression").get(0).asString())
                .isEqualTo("Bundle.entry[2].resource.valueQuantity.value");
        var status = him.post("", bundle("od9", "6.1").replace("\"resourceType\": \"Observation\", \"status\": \"final\"",
                "\"resourceType\": \"Observation\", \"status\": \"done\""));
        assertThat(status.statusCode()).isEqualTo(400);
        assertThat(FhirPatientTest.JSON.readTree(status.body()).get("issue").get(0).get("expression").get(0).asString())
                .isEqualTo("Bundle.entry[2].resource.status");
        // an entry HAPI parses is named by its place in the Bundle as sent, after the entries taken out before it
        String noStart = bundle("od7", "6.1").replace("\"period\": {\"start\": \"2025-03-04T09:00:00Z\", ", "\"period\": {");
        String moved = noStart.replaceFirst("(?s)(\\{\"fullUrl\": \"urn:uuid:od7-e\".*?\"url\": \"Encounter\"\\}\\}),\\s*"
                + "(\\{\"fullUrl\": \"urn:uuid:od7-o\".*?\"url\": \"Observation\"\\}\\})", "$2, $1");
        assertThat(moved).isNotEqualTo(noStart);
        var late = him.post("", moved);
        assertThat(late.statusCode()).as(late.body()).isEqualTo(400);
        assertThat(FhirPatientTest.JSON.readTree(late.body()).get("issue").get(0).get("expression").get(0).asString())
                .startsWith("Bundle.entry[2].resource");
        assertThat(jdbc.sql("select count(*) from patient").query(Long.class).single()).isEqualTo(patients);
        assertThat(jdbc.sql("select count(*) from outside_resource").query(Long.class).single()).isEqualTo(kept);
    }

    @Test
    void data_naming_another_patients_encounter_is_refused_and_no_creation_is_recorded() {
        Fhir him = Fhir.as(port, "him");
        JsonNode first = FhirPatientTest.JSON.readTree(him.post("", bundle("oda", "6.2")).body());
        String patient = first.get("entry").get(0).get("response").get("location").asString();
        JsonNode other = FhirPatientTest.JSON.readTree(him.post("", bundle("odb", "6.2")).body());
        String othersEncounter = other.get("entry").get(1).get("response").get("location").asString();
        long patientId = Long.parseLong(patient.substring("Patient/".length()));
        long before = maxSeq();
        String observation = """
                {"resourceType": "Bundle", "type": "transaction", "entry": [
                 {"fullUrl": "urn:uuid:odc-o", "resource": {"resourceType": "Observation", "status": "final",
                   "code": {"coding": [{"system": "%s", "code": "4548-4"}]}, "subject": {"reference": "%s"},
                   "encounter": {"reference": "%s"}, "effectiveDateTime": "2025-03-05T09:10:00Z"},
                  "request": {"method": "POST", "url": "Observation"}}]}""".formatted(LOINC, patient, othersEncounter);
        var refused = him.post("", observation);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("not one of this patient's");
        assertThat(jdbc.sql("select count(*) from audit_event where seq > ? and patient_id = ? and action = 'CREATE'"
                + " and category = 'CLINICAL_DATA'").params(before, patientId).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from outside_resource where source_identifier = 'urn:uuid:odc-o'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void a_batch_entry_of_received_data_about_a_registered_patient_is_kept_too() {
        Fhir him = Fhir.as(port, "him");
        String patient = FhirPatientTest.JSON.readTree(him.post("", bundle("od8", "6.3")).body())
                .get("entry").get(0).get("response").get("location").asString();
        String batch = """
                {"resourceType": "Bundle", "type": "batch", "entry": [
                 {"resource": {"resourceType": "Immunization", "status": "completed",
                   "identifier": [{"system": "https://example.org/imm", "value": "od8-flu"}],
                   "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "140"}]},
                   "patient": {"reference": "%s"}, "occurrenceDateTime": "2025-10-01T10:00:00Z"},
                  "request": {"method": "POST", "url": "Immunization"}}]}""".formatted(patient);
        var r = him.post("", batch);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode entry = FhirPatientTest.JSON.readTree(r.body()).get("entry").get(0).get("response");
        assertThat(entry.get("status").asString()).isEqualTo("201 Created");
        var read = him.get("/" + entry.get("location").asString());
        assertThat(R4Validator.errors(read.body())).isEmpty();
        assertThat(FhirPatientTest.JSON.readTree(read.body()).get("patient").get("reference").asString()).isEqualTo(patient);
        assertThat(total(him, "/Immunization?patient=" + patient + "&code=http://hl7.org/fhir/sid/cvx%7C140")).isEqualTo(1);
    }

    private static long total(Fhir fhir, String path) {
        var r = fhir.get(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return FhirPatientTest.JSON.readTree(r.body()).get("total").asLong();
    }
}
