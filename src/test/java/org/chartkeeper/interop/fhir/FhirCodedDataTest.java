package org.chartkeeper.interop.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Coded diagnoses and procedures as FHIR Condition and Procedure: valid R4, searched by patient and encounter. */
@IntegrationTest
class FhirCodedDataTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    /** An inpatient stay coded through the coding API: E11.9 (principal) and I10, procedure 0DTJ4ZZ. */
    long[] codedEncounter() {
        String mrn = "F" + UUID.randomUUID().toString().substring(0, 8);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("insert into patient (facility_code, mrn, family_name, given_name, birth_date, sex, restricted,"
                        + " created_at, updated_at) values ('CKGH', ?, 'Fhircoded', 'Ada', ?, 'female', false, ?, ?)")
                .params(mrn, LocalDate.of(1980, 3, 1), now, now).update();
        long patient = jdbc.sql("select id from patient where mrn = ?").param(mrn).query(Long.class).single();
        jdbc.sql("insert into encounter (patient_id, account_number, encounter_class, status, admit_at, discharge_at)"
                        + " values (?, ?, 'INPATIENT', 'finished', ?, ?)")
                .params(patient, "A" + mrn, OffsetDateTime.of(2026, 1, 10, 9, 0, 0, 0, ZoneOffset.UTC),
                        OffsetDateTime.of(2026, 1, 15, 12, 0, 0, 0, ZoneOffset.UTC)).update();
        long encounter = jdbc.sql("select id from encounter where account_number = ?").param("A" + mrn)
                .query(Long.class).single();
        var saved = Api.as(port, "coder").put("/api/encounters/" + encounter + "/coding",
                "{\"diagnoses\":[{\"code\":\"E11.9\",\"poa\":\"Y\"},{\"code\":\"I10\",\"poa\":\"Y\"}],"
                        + "\"procedures\":[{\"system\":\"ICD10PCS\",\"code\":\"0DTJ4ZZ\",\"date\":\"2026-01-12\"}],"
                        + "\"admitSource\":\"Emergency room\",\"dischargeDisposition\":\"Home\",\"version\":0}");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        return new long[] {patient, encounter};
    }

    @Test
    void coded_diagnoses_are_Conditions_and_coded_procedures_are_Procedures_of_the_patient_and_encounter() {
        long[] ids = codedEncounter();
        Fhir coder = Fhir.as(port, "coder");

        var conditions = coder.get("/Condition?patient=Patient/" + ids[0]);
        assertThat(conditions.statusCode()).as(conditions.body()).isEqualTo(200);
        assertThat(R4Validator.errors(conditions.body())).isEmpty();
        JsonNode bundle = FhirPatientTest.JSON.readTree(conditions.body());
        assertThat(bundle.get("entry")).hasSize(2);
        JsonNode principal = bundle.get("entry").get(0).get("resource");
        assertThat(principal.get("code").get("coding").get(0).get("system").asString())
                .isEqualTo("http://hl7.org/fhir/sid/icd-10-cm");
        assertThat(principal.get("code").get("coding").get(0).get("code").asString()).isEqualTo("E11.9");
        assertThat(principal.get("encounter").get("reference").asString()).isEqualTo("Encounter/" + ids[1]);

        var procedures = coder.get("/Procedure?encounter=Encounter/" + ids[1]);
        assertThat(R4Validator.errors(procedures.body())).isEmpty();
        JsonNode procedure = FhirPatientTest.JSON.readTree(procedures.body()).get("entry").get(0).get("resource");
        assertThat(procedure.get("code").get("coding").get(0).get("code").asString()).isEqualTo("0DTJ4ZZ");
        assertThat(procedure.get("performedDateTime").asString()).isEqualTo("2026-01-12");

        var read = coder.get("/Condition/" + ids[1] + "-1");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(R4Validator.errors(read.body())).isEmpty();
        assertThat(coder.get("/Condition/" + ids[1] + "-9").statusCode()).isEqualTo(404);
    }

    @Test
    void a_condition_search_needs_a_patient_or_an_encounter() {
        var r = Fhir.as(port, "coder").get("/Condition");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("OperationOutcome");
    }
}
