package org.chartkeeper.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.PageSession;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.UserService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class AuditReportTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort int port;
    @Autowired AuditService audit;
    @Autowired AccessGate gate;
    @Autowired UserService users;
    @Autowired JdbcTemplate db;

    /** A user name no other test uses, with {@code count} events spread over patients 1..3 and two actions. */
    private String eventsBy(int count) {
        String user = "rpt-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < count; i++) {
            long patient = 1 + i % 3;
            audit.record(new AuditEntry(i % 2 == 0 ? AuditAction.VIEW : AuditAction.PRINT, DataCategory.DEMOGRAPHICS,
                    AuditOutcome.SUCCESS, patient, "Patient", String.valueOf(patient), null, "report test " + i),
                    new Actor(null, user, "him", "10.1.2." + (i % 7), null));
        }
        return user;
    }

    private static JsonNode json(String body) {
        return JSON.readTree(body);
    }

    private JsonNode search(String body) {
        var r = Api.as(port, "privacy").post("/api/audit/events/search", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body());
    }

    private static List<Long> seqs(JsonNode page) {
        List<Long> out = new ArrayList<>();
        page.get("events").forEach(e -> out.add(e.get("seq").asLong()));
        return out;
    }

    @Test
    void the_report_filters_by_user_patient_and_action() {
        String user = eventsBy(9);
        JsonNode byUser = search("{\"username\":\"" + user + "\"}");
        assertThat(byUser.get("events")).hasSize(9);
        byUser.get("events").forEach(e -> assertThat(e.get("username").asString()).isEqualTo(user));

        JsonNode byPatient = search("{\"username\":\"" + user + "\",\"patientId\":2}");
        assertThat(byPatient.get("events")).hasSize(3);
        byPatient.get("events").forEach(e -> assertThat(e.get("patientId").asLong()).isEqualTo(2));

        String mrn = db.queryForObject("select mrn from patient where id = 2", String.class);
        JsonNode byMrn = search("{\"username\":\"" + user + "\",\"mrn\":\"" + mrn + "\"}");
        assertThat(seqs(byMrn)).isEqualTo(seqs(byPatient));
        byMrn.get("events").forEach(e -> assertThat(e.get("mrn").asString()).isEqualTo(mrn));

        JsonNode byAction = search("{\"username\":\"" + user + "\",\"action\":\"PRINT\"}");
        assertThat(byAction.get("events")).hasSize(4);
        byAction.get("events").forEach(e -> assertThat(e.get("action").asString()).isEqualTo("PRINT"));
    }

    @Test
    void every_whitelisted_sort_column_works_in_both_directions() {
        String user = eventsBy(6);
        for (String sort : AuditQuery.SORTS) {
            for (String dir : List.of("asc", "desc")) {
                JsonNode page = search("{\"username\":\"" + user + "\",\"sort\":\"" + sort + "\",\"direction\":\"" + dir + "\"}");
                assertThat(page.get("events")).as(sort + " " + dir).hasSize(6);
            }
        }
        JsonNode bySource = search("{\"username\":\"" + user + "\",\"sort\":\"source\",\"direction\":\"asc\"}");
        List<String> sources = new ArrayList<>();
        bySource.get("events").forEach(e -> sources.add(e.get("source").asString()));
        assertThat(sources).isSorted();
    }

    @Test
    void an_unknown_sort_column_is_refused_with_400_naming_the_field() {
        var r = Api.as(port, "privacy").post("/api/audit/events/search", "{\"sort\":\"seq; drop table audit_event\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"field\":\"sort\"");
        var page = PageSession.login(port, "privacy");
        page.get("/audit/events");
        var p = page.postForm("/audit/events?sort=password_hash", Map.of());
        assertThat(p.statusCode()).isEqualTo(400);
        assertThat(p.body()).contains("Unknown sort column");
    }

    @Test
    void keyset_pages_are_consecutive_and_disjoint() {
        String user = eventsBy(120);
        JsonNode first = search("{\"username\":\"" + user + "\",\"pageSize\":50}");
        JsonNode second = search("{\"username\":\"" + user + "\",\"pageSize\":50,\"after\":" + first.get("next").asLong() + "}");
        JsonNode third = search("{\"username\":\"" + user + "\",\"pageSize\":50,\"after\":" + second.get("next").asLong() + "}");
        List<Long> all = new ArrayList<>(seqs(first));
        all.addAll(seqs(second));
        all.addAll(seqs(third));
        assertThat(seqs(first)).hasSize(50);
        assertThat(seqs(second)).hasSize(50);
        assertThat(seqs(third)).hasSize(20);
        assertThat(third.get("next").isNull()).isTrue();
        assertThat(new HashSet<>(all)).hasSize(120);
        assertThat(all).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(first.get("matching").asLong()).isEqualTo(120);
    }

    @Test
    void offset_pages_sorted_by_another_column_are_disjoint() {
        String user = eventsBy(60);
        JsonNode first = search("{\"username\":\"" + user + "\",\"pageSize\":50,\"sort\":\"source\"}");
        JsonNode second = search("{\"username\":\"" + user + "\",\"pageSize\":50,\"sort\":\"source\",\"offset\":" + first.get("next").asLong() + "}");
        Set<Long> seen = new HashSet<>(seqs(first));
        seen.addAll(seqs(second));
        assertThat(seqs(second)).hasSize(10);
        assertThat(seen).hasSize(60);
    }

    @Test
    void the_csv_export_has_a_header_and_every_row_and_is_itself_audited() {
        String user = eventsBy(7);
        var r = Api.as(port, "privacy").post("/api/audit/events/export", "{\"username\":\"" + user + "\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(r.headers().firstValue("Content-Disposition").orElse("")).matches(".*filename=\"audit-events-\\d{8}T\\d{6}Z\\.csv\".*");
        String[] lines = r.body().split("\r\n");
        assertThat(lines[0]).startsWith("seq,time_utc,user_id,username,roles,patient_id,mrn,action");
        assertThat(lines).hasSize(8);
        assertThat(lines[1]).contains(user);
        Integer exports = db.queryForObject("select count(*) from audit_event where action = 'EXPORT'"
                + " and category = 'AUDIT_TRAIL' and username = 'privacy' and detail like ?", Integer.class,
                "%user " + user + "%");
        assertThat(exports).isEqualTo(1);
    }

    @Test
    void the_report_page_shows_the_events_and_its_viewing_is_recorded_with_the_patients_shown() {
        String user = eventsBy(3);
        String mrn = db.queryForObject("select mrn from patient where id = 3", String.class);
        PageSession s = PageSession.login(port, "privacy");
        assertThat(s.get("/audit/events").body()).contains("id=\"audit-filter\"", "id=\"audit-events\"");
        var page = s.postForm("/audit/events", Map.of("username", user, "patient", mrn));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(mrn, "report test 2", "Events 1–1");
        Integer recorded = db.queryForObject("select count(*) from audit_event where username = 'privacy'"
                + " and action = 'VIEW' and category = 'AUDIT_TRAIL' and patient_id = 3 and detail like ?",
                Integer.class, "%user " + user + "%");
        assertThat(recorded).isEqualTo(1);
    }

    @Test
    void the_access_report_lists_a_view_just_made_and_is_itself_recorded() {
        long patient = 17;
        var him = users.findByUsername("him").orElseThrow();
        CurrentUser current = users.currentUser(him.id(), null).orElseThrow();
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(current, null, List.of()));
        long seq;
        try {
            seq = gate.open(org.chartkeeper.audit.PatientAccess.view(DataCategory.DEMOGRAPHICS, patient, "Patient", patient));
        } finally {
            SecurityContextHolder.clearContext();
        }
        audit.record(new AuditEntry(AuditAction.EMERGENCY_ACCESS, DataCategory.DEMOGRAPHICS, AuditOutcome.SUCCESS,
                patient, "Patient", String.valueOf(patient), "patient unconscious in ED", null),
                new Actor(null, "drjones", "physician", "10.0.0.9", null));

        var r = Api.as(port, "auditor").get("/api/patients/" + patient + "/access-report");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode report = json(r.body());
        assertThat(report.get("mrn").asString())
                .isEqualTo(db.queryForObject("select mrn from patient where id = ?", String.class, patient));
        List<Long> listed = new ArrayList<>();
        report.get("events").forEach(e -> listed.add(e.get("seq").asLong()));
        assertThat(listed).contains(seq);
        List<String> summaryUsers = new ArrayList<>();
        report.get("users").forEach(u -> summaryUsers.add(u.get("username").asString()));
        assertThat(summaryUsers).contains("him", "drjones", "auditor");
        assertThat(report.get("emergencyCount").asLong()).isGreaterThanOrEqualTo(1);

        Integer recorded = db.queryForObject("select count(*) from audit_event where username = 'auditor'"
                + " and action = 'VIEW' and category = 'AUDIT_TRAIL' and patient_id = ? and resource_type = 'AccessReport'",
                Integer.class, patient);
        assertThat(recorded).isGreaterThanOrEqualTo(1);

        var page = PageSession.login(port, "privacy").get("/patients/" + patient + "/access-report");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Who accessed this record", "break-the-glass", "patient unconscious in ED");
    }

    @Test
    void the_access_report_of_an_unknown_patient_is_404() {
        assertThat(Api.as(port, "auditor").get("/api/patients/987654321/access-report").statusCode()).isEqualTo(404);
    }

    @Test
    void a_user_without_audit_read_cannot_run_reports() {
        assertThat(Api.as(port, "coder").post("/api/audit/events/search", "{}").statusCode()).isEqualTo(403);
        assertThat(Api.as(port, "him").get("/api/patients/1/access-report").statusCode()).isEqualTo(403);
    }

    @Test
    void verification_reports_an_intact_chain_and_is_itself_recorded() {
        long before = db.queryForObject("select count(*) from audit_event where action = 'VERIFY' and username = 'auditor'", Long.class);
        var r = Api.as(port, "auditor").post("/api/audit/verify", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode result = json(r.body());
        assertThat(result.get("status").asString()).isEqualTo("INTACT");
        assertThat(result.get("eventsChecked").asLong()).isPositive();
        long after = db.queryForObject("select count(*) from audit_event where action = 'VERIFY' and username = 'auditor'"
                + " and outcome = 'SUCCESS'", Long.class);
        assertThat(after).isEqualTo(before + 1);

        PageSession s = PageSession.login(port, "privacy");
        assertThat(s.get("/audit/verify").body()).contains("id=\"verify-now\"", "chain-head-seq");
        var page = s.postForm("/audit/verify", Map.of());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("INTACT.");
    }
}
