package org.chartkeeper.interop.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** DocumentReference and Binary over the legal health record: valid R4, audited, content verified. */
@IntegrationTest
class FhirDocumentsTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    /** A patient with a lab report filed through the JSON API. */
    long patientWithDocuments() {
        long patient = jdbc.sql("select min(id) from patient where not restricted and status = 'active'")
                .query(Long.class).single();
        var created = org.chartkeeper.Api.as(port, "him").post("/api/patients/" + patient + "/documents",
                "{\"typeCode\":\"lab-report\",\"title\":\"CBC\",\"body\":\"Hemoglobin 9.1 g/dL.\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return patient;
    }

    @Test
    void a_patients_documents_are_listed_as_DocumentReferences_with_their_content_as_Binary_and_every_read_audited() {
        long patient = patientWithDocuments();
        long before = jdbc.sql("select last_seq from audit_chain_head where id = 1").query(Long.class).single();
        Fhir him = Fhir.as(port, "him");

        var search = him.get("/DocumentReference?patient=Patient/" + patient);
        assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
        assertThat(R4Validator.errors(search.body())).isEmpty();
        JsonNode first = FhirPatientTest.JSON.readTree(search.body()).get("entry").get(0).get("resource");
        assertThat(first.get("subject").get("reference").asString()).isEqualTo("Patient/" + patient);
        String url = first.get("content").get(0).get("attachment").get("url").asString();
        assertThat(url).contains("/fhir/Binary/" + first.get("id").asString());

        var binary = him.get("/Binary/" + first.get("id").asString());
        assertThat(binary.statusCode()).isEqualTo(200);
        assertThat(R4Validator.errors(binary.body())).isEmpty();
        assertThat(FhirPatientTest.JSON.readTree(binary.body()).get("data").asString()).isNotEmpty();

        var read = him.get("/DocumentReference/" + first.get("id").asString());
        assertThat(R4Validator.errors(read.body())).isEmpty();
        assertThat(jdbc.sql("select count(*) from audit_event where seq > ? and patient_id = ? and username = 'him'"
                + " and category = 'CLINICAL_DOCUMENTS'").params(before, patient).query(Long.class).single())
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void everything_about_a_patient_includes_their_documents() {
        long patient = patientWithDocuments();
        var r = Fhir.as(port, "him").get("/Patient/" + patient + "/$everything");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"resourceType\":\"DocumentReference\"");
        assertThat(R4Validator.errors(r.body())).isEmpty();
    }

    @Test
    void a_document_search_needs_a_patient() {
        var r = Fhir.as(port, "him").get("/DocumentReference?type=progress-note");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("OperationOutcome").contains("patient");
    }
}
