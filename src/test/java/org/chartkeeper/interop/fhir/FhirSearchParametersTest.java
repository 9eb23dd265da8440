package org.chartkeeper.interop.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The search parameters of every resource over real HTTP: each matches and does not match, date prefixes and ranges,
 * {@code _lastUpdated} (which moves when the resource changes), {@code _count}/{@code _offset} paging with next
 * links, {@code _sort}, unknown parameters refused by name, the CapabilityStatement that lists them, and the audit.
 */
@IntegrationTest
class FhirSearchParametersTest {

    static final OffsetDateTime JAN_10 = OffsetDateTime.of(2026, 1, 10, 9, 0, 0, 0, ZoneOffset.UTC);
    static final OffsetDateTime MAR_05 = OffsetDateTime.of(2026, 3, 5, 14, 0, 0, 0, ZoneOffset.UTC);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    /** A patient with two encounters: ACC-1 inpatient (Jan, changed 2026-01-20) and ACC-2 emergency (Mar, 2026-03-06). */
    record Fixture(long patient, long first, long second, String account1, String account2) {}

    Fixture fixture() {
        String mrn = "S" + UUID.randomUUID().toString().substring(0, 8);
        OffsetDateTime created = OffsetDateTime.of(2025, 6, 1, 8, 0, 0, 0, ZoneOffset.UTC);
        jdbc.sql("insert into patient (facility_code, mrn, family_name, given_name, birth_date, sex, restricted,"
                        + " created_at, updated_at) values ('CKGH', ?, 'Searchparam', 'Ada', ?, 'female', false, ?, ?)")
                .params(mrn, LocalDate.of(1980, 3, 1), created, created).update();
        long patient = jdbc.sql("select id from patient where mrn = ?").param(mrn).query(Long.class).single();
        String a1 = "A1" + mrn;
        String a2 = "A2" + mrn;
        jdbc.sql("insert into encounter (patient_id, account_number, encounter_class, status, admit_at, discharge_at,"
                        + " department, updated_at) values (?, ?, 'INPATIENT', 'finished', ?, ?, 'Cardiology', ?)")
                .params(patient, a1, JAN_10, JAN_10.plusDays(5), OffsetDateTime.of(2026, 1, 20, 0, 0, 0, 0, ZoneOffset.UTC))
                .update();
        jdbc.sql("insert into encounter (patient_id, account_number, encounter_class, status, admit_at, discharge_at,"
                        + " department, updated_at) values (?, ?, 'EMERGENCY', 'in-progress', ?, null, 'Emergency', ?)")
                .params(patient, a2, MAR_05, OffsetDateTime.of(2026, 3, 6, 0, 0, 0, 0, ZoneOffset.UTC)).update();
        long e1 = jdbc.sql("select id from encounter where account_number = ?").param(a1).query(Long.class).single();
        long e2 = jdbc.sql("select id from encounter where account_number = ?").param(a2).query(Long.class).single();
        return new Fixture(patient, e1, e2, a1, a2);
    }

    JsonNode json(String body) {
        return FhirPatientTest.JSON.readTree(body);
    }

    /** The ids of a searchset, in order (after checking it is 200 and valid R4). */
    List<String> ids(Fhir who, String path) {
        var r = who.get(path);
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        assertThat(R4Validator.errors(r.body())).as(path).isEmpty();
        JsonNode entry = json(r.body()).get("entry");
        return entry == null ? List.of() : entry.valueStream().map(e -> e.get("resource").get("id").asString()).toList();
    }

    /** The 400 OperationOutcome's expression (the parameter it names). */
    String refused(Fhir who, String path) {
        var r = who.get(path);
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(400);
        JsonNode issue = json(r.body()).get("issue").get(0);
        assertThat(json(r.body()).get("resourceType").asString()).isEqualTo("OperationOutcome");
        return issue.has("expression") ? issue.get("expression").get(0).asString() : issue.get("diagnostics").asString();
    }

    @Test
    void encounters_are_found_by_identifier_date_status_class_type_and_lastUpdated_with_prefixes() {
        Fixture f = fixture();
        Fhir him = Fhir.as(port, "him");
        String p = "/Encounter?patient=Patient/" + f.patient();
        String one = String.valueOf(f.first());
        String two = String.valueOf(f.second());

        assertThat(ids(him, p)).containsExactlyInAnyOrder(one, two);
        // identifier: the account number, with or without its system, with or without a patient
        assertThat(ids(him, p + "&identifier=" + f.account1())).containsExactly(one);
        assertThat(ids(him, "/Encounter?identifier=urn:chartkeeper:account-number%7C" + f.account2())).containsExactly(two);
        assertThat(ids(him, "/Encounter?identifier=NOSUCH" + f.account1())).isEmpty();
        assertThat(refused(him, "/Encounter?identifier=http://example.org/other%7C" + f.account1())).isEqualTo("identifier");
        // date: the period overlaps
        assertThat(ids(him, p + "&date=2026-01-12")).containsExactly(one);
        assertThat(ids(him, p + "&date=ge2026-02-01")).containsExactly(two);
        assertThat(ids(him, p + "&date=lt2026-01-01")).isEmpty();
        assertThat(ids(him, p + "&date=ge2026-01-01&date=le2026-01-31")).containsExactly(one);
        // status, class, type (the department)
        assertThat(ids(him, p + "&status=in-progress")).containsExactly(two);
        assertThat(ids(him, p + "&class=IMP")).containsExactly(one);
        assertThat(ids(him, p + "&type=Cardiology")).containsExactly(one);
        assertThat(ids(him, p + "&type=Oncology")).isEmpty();
        // _lastUpdated with every prefix, a day, a month, a year, an instant and a range
        assertThat(ids(him, p + "&_lastUpdated=2026-01-20")).containsExactly(one);
        assertThat(ids(him, p + "&_lastUpdated=eq2026-03")).containsExactly(two);
        assertThat(ids(him, p + "&_lastUpdated=2026")).containsExactlyInAnyOrder(one, two);
        assertThat(ids(him, p + "&_lastUpdated=gt2026-01-20")).containsExactly(two);
        assertThat(ids(him, p + "&_lastUpdated=ge2026-01-20")).containsExactlyInAnyOrder(one, two);
        assertThat(ids(him, p + "&_lastUpdated=lt2026-01-20")).isEmpty();
        assertThat(ids(him, p + "&_lastUpdated=le2026-01-20")).containsExactly(one);
        assertThat(ids(him, p + "&_lastUpdated=lt2026-01-20T00:00:01Z")).containsExactly(one);
        assertThat(ids(him, p + "&_lastUpdated=ge2026-02-01&_lastUpdated=lt2026-03-06")).isEmpty();
        assertThat(ids(him, p + "&_lastUpdated=ge2026-02-01&_lastUpdated=le2026-03-06")).containsExactly(two);
        assertThat(refused(him, p + "&_lastUpdated=ne2026-01-20")).isEqualTo("_lastUpdated");
        // every search was an audited view of the patient's encounters by him
        assertThat(jdbc.sql("select count(*) from audit_event where patient_id = ? and username = 'him'"
                + " and category = 'ENCOUNTERS' and action = 'VIEW' and outcome = 'SUCCESS'").param(f.patient())
                .query(Long.class).single()).isGreaterThanOrEqualTo(20);
        // meta.lastUpdated is emitted
        var read = him.get("/Encounter/" + one);
        assertThat(json(read.body()).get("meta").get("lastUpdated").asString()).startsWith("2026-01-20T00:00:00");
        // _sort
        assertThat(ids(him, p + "&_sort=date")).containsExactly(one, two);
        assertThat(ids(him, p + "&_sort=-date")).containsExactly(two, one);
        assertThat(ids(him, p + "&_sort=-_lastUpdated")).containsExactly(two, one);
        assertThat(refused(him, p + "&_sort=status")).isEqualTo("_sort");
    }

    @Test
    void a_search_is_paged_by_count_with_next_and_previous_links_and_the_total() {
        Fixture f = fixture();
        Fhir him = Fhir.as(port, "him");
        var first = json(him.get("/Encounter?patient=Patient/" + f.patient() + "&_sort=date&_count=1").body());
        assertThat(first.get("total").asInt()).isEqualTo(2);
        assertThat(first.get("entry")).hasSize(1);
        assertThat(first.get("entry").get(0).get("resource").get("id").asString()).isEqualTo(String.valueOf(f.first()));
        String next = link(first, "next");
        assertThat(next).contains("_offset=1").contains("_count=1");

        var second = json(him.getAbsolute(next).body());
        assertThat(second.get("entry")).hasSize(1);
        assertThat(second.get("entry").get(0).get("resource").get("id").asString()).isEqualTo(String.valueOf(f.second()));
        assertThat(link(second, "next")).isNull();
        assertThat(link(second, "previous")).contains("_offset=0");

        // Patient search: no total until the last page, then the exact one
        String family = "Pager" + UUID.randomUUID().toString().substring(0, 6).replaceAll("\\d", "x");
        for (int i = 0; i < 3; i++) {
            var c = him.post("/Patient", Fhir.patient(family, "Kim" + (char) ('a' + i), "1970-01-0" + (i + 1), "female"));
            assertThat(c.statusCode()).as(c.body()).isEqualTo(201);
        }
        var page1 = json(him.get("/Patient?family=" + family + "&_count=2").body());
        assertThat(page1.get("entry")).hasSize(2);
        var page2 = json(him.getAbsolute(link(page1, "next")).body());
        assertThat(page2.get("entry")).hasSize(1);
        assertThat(page2.get("total").asInt()).isEqualTo(3);
        assertThat(link(page2, "next")).isNull();
        assertThat(refused(him, "/Patient?family=" + family + "&_offset=-1")).isEqualTo("_offset");
    }

    static OffsetDateTime utc(Object time) {
        return time instanceof OffsetDateTime t ? t.withOffsetSameInstant(ZoneOffset.UTC)
                : ((java.sql.Timestamp) time).toInstant().atOffset(ZoneOffset.UTC);
    }

    static String link(JsonNode bundle, String relation) {
        if (!bundle.has("link")) return null;
        return bundle.get("link").valueStream().filter(l -> relation.equals(l.get("relation").asString()))
                .map(l -> l.get("url").asString()).findFirst().orElse(null);
    }

    @Test
    void patients_are_found_by_lastUpdated_alone_and_it_moves_when_the_patient_changes() {
        Fixture f = fixture();
        Fhir him = Fhir.as(port, "him");
        String id = String.valueOf(f.patient());
        assertThat(ids(him, "/Patient?_lastUpdated=2025-06-01")).contains(id);
        assertThat(ids(him, "/Patient?_lastUpdated=2025-06-01&family=Searchparam")).contains(id);
        assertThat(ids(him, "/Patient?_lastUpdated=gt2025-06-01&family=Searchparam")).doesNotContain(id);

        var changed = Api.as(port, "him").put("/api/patients/" + id + "/contact", """
                {"version":0,"addressLine":"9 Changed Avenue","city":"Testville","state":"OH","postalCode":"43004",
                 "phone":"614-555-0100","email":"new@example.com"}""");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        String lastUpdated = json(him.get("/Patient/" + id).body()).get("meta").get("lastUpdated").asString();
        assertThat(OffsetDateTime.parse(lastUpdated).toInstant()).isAfter(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5).toInstant());
        assertThat(ids(him, "/Patient?_lastUpdated=2025-06-01&family=Searchparam")).doesNotContain(id);
        assertThat(ids(him, "/Patient?_lastUpdated=ge" + lastUpdated.replace("+", "%2B") + "&family=Searchparam")).contains(id);
    }

    @Test
    void conditions_and_procedures_are_found_by_code_encounter_dates_and_lastUpdated() {
        Fixture f = fixture();
        var saved = Api.as(port, "coder").put("/api/encounters/" + f.first() + "/coding",
                "{\"diagnoses\":[{\"code\":\"E11.9\",\"poa\":\"Y\"},{\"code\":\"I10\",\"poa\":\"Y\"}],"
                        + "\"procedures\":[{\"system\":\"ICD10PCS\",\"code\":\"0DTJ4ZZ\",\"date\":\"2026-01-12\"}],"
                        + "\"admitSource\":\"Emergency room\",\"dischargeDisposition\":\"Home\",\"version\":0}");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        Fhir coder = Fhir.as(port, "coder");
        String p = "/Condition?patient=Patient/" + f.patient();
        String e = f.first() + "-";
        assertThat(ids(coder, p)).containsExactly(e + "1", e + "2");
        assertThat(ids(coder, p + "&code=I10")).containsExactly(e + "2");
        assertThat(ids(coder, p + "&code=http://hl7.org/fhir/sid/icd-10-cm%7CE119")).containsExactly(e + "1");
        assertThat(ids(coder, p + "&code=J45.909")).isEmpty();
        assertThat(ids(coder, "/Condition?encounter=Encounter/" + f.second())).isEmpty();
        assertThat(ids(coder, "/Condition?encounter=Encounter/999999999")).isEmpty();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(ids(coder, p + "&recorded-date=ge" + today)).hasSize(2);
        assertThat(ids(coder, p + "&recorded-date=lt2026-01-01")).isEmpty();
        assertThat(ids(coder, p + "&_lastUpdated=ge" + today)).hasSize(2);
        assertThat(ids(coder, p + "&_lastUpdated=lt" + today)).isEmpty();
        var condition = json(coder.get("/Condition/" + e + "1").body());
        assertThat(condition.get("meta").get("lastUpdated").asString()).startsWith(today);

        // each search is one audited view of the patient's coding, by the coder
        assertThat(jdbc.sql("select count(*) from audit_event where patient_id = ? and username = 'coder'"
                + " and category = 'CODING' and action = 'VIEW' and outcome = 'SUCCESS'").param(f.patient())
                .query(Long.class).single()).isGreaterThanOrEqualTo(8);

        String q = "/Procedure?patient=Patient/" + f.patient();
        assertThat(ids(coder, q + "&date=2026-01-12")).containsExactly(e + "1");
        assertThat(ids(coder, q + "&date=gt2026-01-12")).isEmpty();
        assertThat(ids(coder, q + "&date=ge2026-01&date=le2026-01-31")).containsExactly(e + "1");
        assertThat(ids(coder, q + "&code=0DTJ4ZZ&encounter=Encounter/" + f.first())).containsExactly(e + "1");
        assertThat(ids(coder, q + "&code=0DTJ0ZZ")).isEmpty();
        assertThat(ids(coder, q + "&_lastUpdated=lt" + today)).isEmpty();
    }

    @Test
    void documents_are_found_by_type_encounter_status_date_and_lastUpdated() {
        Map<String, Object> doc = jdbc.sql("select d.id, d.patient_id, d.type_code, d.encounter_id, d.created_at,"
                + " d.updated_at from document d join patient p on p.id = d.patient_id where not p.restricted"
                + " and d.encounter_id is not null and d.status <> 'entered-in-error' order by d.id limit 1")
                .query().singleRow();
        Fhir him = Fhir.as(port, "him");
        String id = String.valueOf(doc.get("id"));
        String p = "/DocumentReference?patient=Patient/" + doc.get("patient_id");
        OffsetDateTime updated = utc(doc.get("updated_at"));
        OffsetDateTime created = utc(doc.get("created_at"));
        assertThat(ids(him, p)).contains(id);
        assertThat(ids(him, p + "&type=" + doc.get("type_code"))).contains(id);
        assertThat(ids(him, p + "&type=no-such-type")).isEmpty();
        assertThat(ids(him, p + "&encounter=Encounter/" + doc.get("encounter_id"))).contains(id);
        assertThat(ids(him, p + "&encounter=Encounter/999999999")).isEmpty();
        assertThat(ids(him, p + "&status=current")).contains(id);
        assertThat(ids(him, p + "&status=entered-in-error")).doesNotContain(id);
        assertThat(ids(him, p + "&date=" + created.toLocalDate())).contains(id);
        assertThat(ids(him, p + "&date=lt" + created.toLocalDate())).doesNotContain(id);
        assertThat(ids(him, p + "&_lastUpdated=" + updated.toLocalDate())).contains(id);
        assertThat(ids(him, p + "&_lastUpdated=gt" + updated.toLocalDate())).doesNotContain(id);
        var read = json(him.get("/DocumentReference/" + id).body());
        assertThat(OffsetDateTime.parse(read.get("meta").get("lastUpdated").asString()).toInstant())
                .isEqualTo(updated.toInstant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(refused(him, p + "&status=final")).isEqualTo("status");
    }

    @Test
    void conditions_are_found_by_verification_status_and_procedures_by_status_as_the_coded_abstract_records_them() {
        Fixture f = fixture();
        var saved = Api.as(port, "coder").put("/api/encounters/" + f.first() + "/coding",
                "{\"diagnoses\":[{\"code\":\"E11.9\",\"poa\":\"Y\"}],"
                        + "\"procedures\":[{\"system\":\"ICD10PCS\",\"code\":\"0DTJ4ZZ\",\"date\":\"2026-01-12\"}],"
                        + "\"admitSource\":\"Emergency room\",\"dischargeDisposition\":\"Home\",\"version\":0}");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        Fhir coder = Fhir.as(port, "coder");
        String e = f.first() + "-";
        String p = "/Condition?patient=Patient/" + f.patient();
        // a coded diagnosis is one the coder confirmed from the record: confirmed, never provisional or refuted
        assertThat(ids(coder, p + "&verification-status=confirmed")).containsExactly(e + "1");
        assertThat(ids(coder, p + "&verification-status=http://terminology.hl7.org/CodeSystem/condition-ver-status%7Cconfirmed"))
                .containsExactly(e + "1");
        assertThat(ids(coder, p + "&verification-status=provisional")).isEmpty();
        assertThat(ids(coder, p + "&verification-status=refuted")).isEmpty();
        assertThat(refused(coder, p + "&verification-status=maybe")).isEqualTo("verification-status");
        assertThat(refused(coder, p + "&verification-status=http://example.org%7Cconfirmed")).isEqualTo("verification-status");
        // the abstract records no clinical status (active, resolved): not a parameter here, refused by name
        assertThat(refused(coder, p + "&clinical-status=active")).isEqualTo("clinical-status");

        String q = "/Procedure?patient=Patient/" + f.patient();
        assertThat(ids(coder, q + "&status=completed")).containsExactly(e + "1");
        assertThat(ids(coder, q + "&status=in-progress")).isEmpty();
        assertThat(ids(coder, q + "&status=not-done&code=0DTJ4ZZ")).isEmpty();
        assertThat(refused(coder, q + "&status=done")).isEqualTo("status");
    }

    @Test
    void documents_and_consents_are_found_by_the_identifier_their_sender_gave() {
        Map<String, Object> doc = jdbc.sql("select d.id, d.patient_id from document d join patient p on p.id = d.patient_id"
                + " where not p.restricted and d.status <> 'entered-in-error' and d.source_identifier is null"
                + " order by d.id desc limit 1").query().singleRow();
        String sent = "urn:uuid:" + UUID.randomUUID();
        jdbc.sql("update document set source_system = 'urn:ietf:rfc:3986', source_identifier = ? where id = ?")
                .params(sent, doc.get("id")).update();
        Fhir him = Fhir.as(port, "him");
        String id = String.valueOf(doc.get("id"));
        String p = "/DocumentReference?patient=Patient/" + doc.get("patient_id");
        assertThat(ids(him, p + "&identifier=" + sent)).containsExactly(id);
        assertThat(ids(him, p + "&identifier=urn:ietf:rfc:3986%7C" + sent)).containsExactly(id);
        assertThat(ids(him, p + "&identifier=urn:other%7C" + sent)).isEmpty();
        assertThat(ids(him, p + "&identifier=urn:uuid:" + UUID.randomUUID())).isEmpty();
        // without the patient: the sender finds its document by its own identifier (an audited view of the chart)
        long before = jdbc.sql("select last_seq from audit_chain_head where id = 1").query(Long.class).single();
        assertThat(ids(him, "/DocumentReference?identifier=" + sent)).containsExactly(id);
        assertThat(jdbc.sql("select count(*) from audit_event where seq > ? and patient_id = ? and username = 'him'"
                        + " and category = 'CLINICAL_DOCUMENTS' and action = 'VIEW' and resource_id = ?")
                .params(before, doc.get("patient_id"), id).query(Long.class).single()).isEqualTo(1);
        JsonNode read = json(him.get("/DocumentReference/" + id).body());
        assertThat(read.get("identifier").get(0).get("system").asString()).isEqualTo("urn:ietf:rfc:3986");
        assertThat(read.get("identifier").get(0).get("value").asString()).isEqualTo(sent);
        assertThat(refused(him, "/DocumentReference?status=current")).isEqualTo("patient");

        Fixture f = fixture();
        Fhir roi = Fhir.as(port, "roi");
        String consentId = "C-" + UUID.randomUUID();
        String body = FhirConsentTest.consent(f.patient(), "hiv", "Lakeside Clinic", "2025-01-01")
                .replaceFirst("\\{", "{\"identifier\": [{\"system\": \"urn:example:consents\", \"value\": \"" + consentId + "\"}],");
        var created = roi.post("/Consent", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String c = "/Consent?patient=Patient/" + f.patient();
        List<String> found = ids(roi, c + "&identifier=" + consentId);
        assertThat(found).hasSize(1);
        assertThat(ids(roi, c + "&identifier=urn:example:consents%7C" + consentId)).isEqualTo(found);
        assertThat(ids(roi, c + "&identifier=urn:other%7C" + consentId)).isEmpty();
        assertThat(ids(roi, c + "&identifier=C-nothing")).isEmpty();
        JsonNode consent = json(roi.get("/Consent/" + found.getFirst()).body());
        assertThat(consent.get("identifier").get(0).get("value").asString()).isEqualTo(consentId);
    }

    @Test
    void practitioners_organizations_and_audit_events_have_their_search_parameters_and_lastUpdated() {
        Fhir coder = Fhir.as(port, "coder");
        Map<String, Object> provider = jdbc.sql("select id, npi, name from provider order by id limit 1").query().singleRow();
        String id = String.valueOf(provider.get("id"));
        assertThat(ids(coder, "/Practitioner?identifier=" + provider.get("npi"))).containsExactly(id);
        assertThat(ids(coder, "/Practitioner?identifier=0000000000")).isEmpty();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(ids(coder, "/Practitioner?identifier=" + provider.get("npi") + "&_lastUpdated=le" + today)).containsExactly(id);
        assertThat(ids(coder, "/Practitioner?identifier=" + provider.get("npi") + "&_lastUpdated=gt" + today)).isEmpty();
        assertThat(json(coder.get("/Practitioner/" + id).body()).get("meta").has("lastUpdated")).isTrue();
        assertThat(ids(coder, "/Organization?name=a")).isNotEmpty();
        assertThat(ids(coder, "/Organization?_lastUpdated=gt" + today)).isEmpty();
        assertThat(ids(coder, "/Organization?name=zzzz-no-such")).isEmpty();

        Fixture f = fixture();
        Fhir him = Fhir.as(port, "him");
        him.get("/Encounter?patient=Patient/" + f.patient()); // audited views of the patient's encounters
        him.get("/Encounter/" + f.first());
        him.get("/Encounter/" + f.second());
        Fhir privacy = Fhir.as(port, "privacy");
        List<String> events = ids(privacy, "/AuditEvent?entity=Patient/" + f.patient() + "&date=ge" + today);
        assertThat(events).isNotEmpty();
        assertThat(ids(privacy, "/AuditEvent?entity=Patient/" + f.patient() + "&date=lt2020-01-01")).isEmpty();
        assertThat(ids(privacy, "/AuditEvent?entity=Patient/" + f.patient() + "&_lastUpdated=ge" + today))
                .endsWith(events.toArray(String[]::new)); // the first search is itself recorded, newest first
        assertThat(ids(privacy, "/AuditEvent?patient=Patient/" + f.patient() + "&action=C")).isEmpty();
        assertThat(ids(privacy, "/AuditEvent?agent-name=him&subtype=VIEW&_count=3")).hasSize(3);
        var page = json(privacy.get("/AuditEvent?agent-name=him&_count=2").body());
        String next = link(page, "next");
        assertThat(next).contains("_offset=2");
        var page2 = json(privacy.getAbsolute(next).body());
        assertThat(page2.get("entry").get(0).get("resource").get("id").asString())
                .isNotEqualTo(page.get("entry").get(0).get("resource").get("id").asString());
        assertThat(refused(privacy, "/AuditEvent?action=R")).isEqualTo("action");
        // a user without audit.read is refused with a 403 OperationOutcome
        var refused = coder.get("/AuditEvent?entity=Patient/" + f.patient());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused.body()).get("resourceType").asString()).isEqualTo("OperationOutcome");
    }

    @Test
    void a_user_without_patient_read_gets_403_OperationOutcomes_and_each_refusal_is_audited() {
        Fixture f = fixture();
        Fhir auditor = Fhir.as(port, "auditor"); // audit.read, no patient.read
        for (String path : List.of("/Encounter?patient=Patient/" + f.patient(),
                "/Encounter?identifier=" + f.account1(),
                "/Condition?patient=Patient/" + f.patient(), "/Procedure?encounter=Encounter/" + f.first(),
                "/DocumentReference?patient=Patient/" + f.patient(), "/Encounter/" + f.first())) {
            var r = auditor.get(path);
            assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(403);
            assertThat(json(r.body()).get("resourceType").asString()).isEqualTo("OperationOutcome");
        }
        assertThat(jdbc.sql("select count(*) from audit_event where patient_id = ? and username = 'auditor'"
                + " and outcome = 'DENIED'").param(f.patient()).query(Long.class).single()).isGreaterThanOrEqualTo(6);
        var export = auditor.get("/$export?_type=Condition", "respond-async");
        assertThat(export.statusCode()).isEqualTo(403);
    }

    @Test
    void an_unknown_search_parameter_is_refused_with_an_OperationOutcome_naming_it() {
        Fixture f = fixture();
        Fhir him = Fhir.as(port, "him");
        var r = him.get("/Encounter?patient=Patient/" + f.patient() + "&colour=blue");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(json(r.body()).get("resourceType").asString()).isEqualTo("OperationOutcome");
        assertThat(json(r.body()).get("issue").get(0).get("expression").get(0).asString()).isEqualTo("colour");
        assertThat(refused(him, "/Patient?family=Smith&_sort=family")).isEqualTo("_sort"); // Patient has no _sort
        var bad = him.get("/Patient?_lastUpdated=notadate");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("OperationOutcome");
    }

    @Test
    void the_capability_statement_lists_the_search_parameters_of_each_resource() {
        JsonNode rest = json(Fhir.as(port, "him").get("/metadata").body()).get("rest").get(0);
        Map<String, List<String>> params = new java.util.HashMap<>();
        rest.get("resource").valueStream().forEach(r -> params.put(r.get("type").asString(),
                r.has("searchParam") ? r.get("searchParam").valueStream().map(s -> s.get("name").asString()).toList()
                        : List.of()));
        assertThat(params.get("Encounter")).contains("patient", "date", "class", "type", "status", "identifier", "_lastUpdated");
        assertThat(params.get("Condition")).contains("patient", "encounter", "code", "recorded-date", "verification-status",
                "_lastUpdated").doesNotContain("clinical-status");
        assertThat(params.get("Procedure")).contains("patient", "encounter", "code", "date", "status", "_lastUpdated");
        assertThat(params.get("DocumentReference")).contains("patient", "type", "date", "status", "encounter", "identifier",
                "_lastUpdated");
        assertThat(params.get("Consent")).contains("patient", "status", "category", "date", "identifier", "_lastUpdated");
        assertThat(params.get("Practitioner")).contains("identifier", "name", "_lastUpdated");
        assertThat(params.get("Organization")).contains("name", "identifier", "_lastUpdated");
        assertThat(params.get("AuditEvent")).contains("date", "entity", "patient", "action", "agent-name", "_lastUpdated");
        assertThat(params.get("Patient")).contains("family", "identifier", "birthdate", "_lastUpdated");
    }
}
