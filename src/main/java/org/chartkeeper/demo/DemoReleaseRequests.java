package org.chartkeeper.demo;

import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.chartkeeper.ChartkeeperProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo hospital's release-of-information desk: requests in every state (received, pended with what is missing,
 * in progress, overdue, extended, completed, denied, cancelled), each with its work item in the roi pool, and
 * disclosures for the accounting (releases, public health reports repeated to one registry, a court order, exempt
 * ones). Added once, after the demo hospital exists (also to a demo database made before this desk existed).
 */
@Component
class DemoReleaseRequests {

    private static final Logger log = LoggerFactory.getLogger(DemoReleaseRequests.class);

    private final ChartkeeperProperties properties;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    DemoReleaseRequests(ChartkeeperProperties properties, JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    @org.springframework.core.annotation.Order(50) // before DemoRoiFulfillment
    @EventListener(ApplicationReadyEvent.class)
    void addOnce() {
        if (!properties.demo()) return;
        Integer requests = jdbc.queryForObject("select count(*) from roi_request", Integer.class);
        Integer patients = jdbc.queryForObject("select count(*) from patient where not restricted", Integer.class);
        if (requests == null || requests > 0 || patients == null || patients < 40) return;
        tx.executeWithoutResult(s -> create());
        log.info("Demo release-of-information requests created");
    }

    private record Spec(String type, String status, int receivedDaysAgo, String requester, String purpose,
                        boolean identity, boolean authorization, boolean assurance, String note, Integer extendedDaysAgo) {}

    private void create() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Long roi = jdbc.queryForObject("select min(id) from app_user where username = 'roi'", Long.class);
        List<Long> patients = jdbc.queryForList("select id from patient where not restricted and status = 'active'"
                + " order by id fetch first 40 rows only", Long.class);
        List<Spec> specs = List.of(
                new Spec("PATIENT", "RECEIVED", 2, "The patient", "personal records", true, false, false, null, null),
                new Spec("PROVIDER", "RECEIVED", 1, "Lakeside Family Clinic", "continuing care", false, false, false, null, null),
                new Spec("ATTORNEY", "PENDED", 6, "Dewey & Howe LLP", "personal injury claim", false, false, false,
                        "Missing: An authorization signed by the patient (45 CFR 164.508)", null),
                new Spec("COURT_ORDER_SUBPOENA", "PENDED", 9, "Clerk of the Superior Court", "civil litigation", false,
                        false, false, "Missing: A subpoena not signed by a judge needs satisfactory assurance: written"
                        + " notice to the patient with time to object, or a qualified protective order", null),
                new Spec("PAYER", "IN_PROGRESS", 12, "Blue Harbor Health Plan", "claim review", false, false, false, null, null),
                new Spec("PATIENT", "IN_PROGRESS", 34, "The patient", "second opinion", true, false, false, null, null),
                new Spec("PERSONAL_REPRESENTATIVE", "IN_PROGRESS", 40, "Jordan Avery (guardian)", "guardianship", true,
                        false, false, null, 20),
                new Spec("DISABILITY", "COMPLETED", 50, "State Disability Determination Services", "disability claim",
                        false, true, false, "Released to State Disability Determination Services", null),
                new Spec("LAW_ENFORCEMENT", "COMPLETED", 70, "County Sheriff's Office", "investigation of a crime",
                        false, false, false, "Released to County Sheriff's Office", null),
                new Spec("PATIENT", "COMPLETED", 90, "The patient", "personal records", true, false, false,
                        "Released to The patient", null),
                new Spec("RESEARCHER", "DENIED", 45, "University Outcomes Lab", "outcomes study", false, false, false,
                        "No authorization and no IRB waiver", null),
                new Spec("WORKERS_COMP", "CANCELLED", 20, "Acme Workers' Compensation", "work injury claim", false,
                        false, false, "Withdrawn by the requester", null));
        for (int i = 0; i < specs.size(); i++) {
            create(specs.get(i), patients.get(i), today, roi);
        }
        // what the specialist verified for the requesters whose checks rest on more than the authorization
        for (String[] f : new String[][] {{"PROVIDER", "treating-relationship"}, {"PAYER", "payment-purpose,member-match"},
                {"LAW_ENFORCEMENT", "legal-process"}}) {
            jdbc.update("update roi_request set identity_verified = true, request_facts = ? where requester_type = ?"
                    + " and request_no like 'demo-%'", f[1], f[0]);
        }
        // disclosures entered by hand: repeated public health reports, a court order, and exempt ones
        long p = patients.get(20);
        for (int month = 1; month <= 4; month++) {
            disclosure(p, today.minusMonths(month * 3L), "State Cancer Registry", "Tumor registry abstract",
                    "cancer registry reporting", "PUBLIC_HEALTH", null, roi);
        }
        disclosure(p, today.minusYears(2), "Superior Court, Dept. 12", "Emergency department record",
                "court order in a civil case", "JUDICIAL", null, roi);
        disclosure(p, today.minusYears(1), "Regional Medical Center", "Discharge summary", "continuing care",
                "TREATMENT", null, roi);
        disclosure(p, today.minusYears(7), "County Health Department", "Immunization record", "immunization registry",
                "PUBLIC_HEALTH", null, roi);
    }

    private void create(Spec s, long patientId, LocalDate today, Long roi) {
        LocalDate received = today.minusDays(s.receivedDaysAgo());
        LocalDate due = received.plusDays(s.extendedDaysAgo() != null ? 60 : 30);
        Instant now = clock.instant();
        var keys = new GeneratedKeyHolder();
        jdbc.update(c -> {
            var ps = c.prepareStatement("insert into roi_request (request_no, patient_id, received_on, channel,"
                    + " requester_type, requester_name, requester_address, purpose, record_format, delivery, status,"
                    + " status_note, identity_verified, has_authorization, auth_description, auth_discloser,"
                    + " auth_recipient, auth_purpose, auth_expires_on, auth_signed_on, auth_revocation_stmt,"
                    + " auth_conditioning_stmt, auth_redisclosure_stmt, satisfactory_assurance, due_on,"
                    + " extension_notice_on, created_at, created_by, updated_at, auth_rep_authority)"
                    + " values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", new String[] {"id"});
            int i = 1;
            ps.setString(i++, "demo-" + patientId);
            ps.setLong(i++, patientId);
            ps.setDate(i++, Date.valueOf(received));
            ps.setString(i++, "mail");
            ps.setString(i++, s.type());
            ps.setString(i++, s.requester());
            ps.setString(i++, "100 Main Street, Springfield");
            ps.setString(i++, s.purpose());
            ps.setString(i++, "pdf");
            ps.setString(i++, "secure-download");
            ps.setString(i++, s.status());
            ps.setString(i++, s.note());
            ps.setBoolean(i++, s.identity());
            for (int k = 0; k < 5; k++) ps.setBoolean(i++, s.authorization());
            ps.setDate(i++, s.authorization() ? Date.valueOf(today.plusYears(1)) : null);
            ps.setDate(i++, s.authorization() ? Date.valueOf(received.minusDays(3)) : null);
            for (int k = 0; k < 3; k++) ps.setBoolean(i++, s.authorization());
            ps.setBoolean(i++, s.assurance());
            ps.setDate(i++, Date.valueOf(due));
            ps.setDate(i++, s.extendedDaysAgo() == null ? null : Date.valueOf(today.minusDays(s.extendedDaysAgo())));
            ps.setObject(i++, now.atOffset(ZoneOffset.UTC));
            ps.setObject(i++, roi);
            ps.setObject(i++, now.atOffset(ZoneOffset.UTC));
            ps.setString(i, s.type().equals("PERSONAL_REPRESENTATIVE") ? "letters of guardianship" : null);
            return ps;
        }, keys);
        long id = keys.getKey().longValue();
        String no = String.format("ROI-%06d", id);
        jdbc.update("update roi_request set request_no = ? where id = ?", no, id);
        OffsetDateTime at = received.atTime(9, 0).atOffset(ZoneOffset.UTC);
        jdbc.update("insert into roi_request_history (request_id, at, user_id, action, from_status, to_status, note)"
                + " values (?,?,?,?,?,?,?)", id, at, roi, "received", null, "RECEIVED", null);
        if (!s.status().equals("RECEIVED")) {
            jdbc.update("insert into roi_request_history (request_id, at, user_id, action, from_status, to_status, note)"
                    + " values (?,?,?,?,?,?,?)", id, at.plusHours(2), roi, s.status().toLowerCase().replace('_', '-'),
                    "RECEIVED", s.status(), s.note());
        }
        boolean open = List.of("RECEIVED", "PENDED", "IN_PROGRESS").contains(s.status());
        var item = new GeneratedKeyHolder();
        jdbc.update(c -> {
            var ps = c.prepareStatement("insert into work_item (item_type, subject_type, subject_id, patient_id, title,"
                    + " detail, pool_role, assignee_id, priority, due_at, status, created_at, created_by, completed_at)"
                    + " values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", new String[] {"id"});
            ps.setString(1, "roi-request");
            ps.setString(2, "RoiRequest");
            ps.setLong(3, id);
            ps.setLong(4, patientId);
            ps.setString(5, "Request " + no);
            ps.setString(6, "Received " + received + " by mail; due " + due);
            ps.setString(7, "roi");
            ps.setObject(8, s.status().equals("IN_PROGRESS") || !open ? roi : null);
            ps.setInt(9, 3);
            ps.setObject(10, due.plusDays(1).atStartOfDay().minusSeconds(1).atOffset(ZoneOffset.UTC));
            ps.setString(11, open ? (s.status().equals("IN_PROGRESS") ? "IN_PROGRESS" : "OPEN")
                    : s.status().equals("COMPLETED") ? "DONE" : "CANCELLED");
            ps.setObject(12, now.atOffset(ZoneOffset.UTC));
            ps.setObject(13, roi);
            ps.setObject(14, open ? null : now.atOffset(ZoneOffset.UTC));
            return ps;
        }, item);
        jdbc.update("update roi_request set work_item_id = ? where id = ?", item.getKey().longValue(), id);
        if (s.status().equals("COMPLETED")) {
            String category = switch (s.type()) {
                case "PATIENT" -> "TO_PATIENT";
                case "LAW_ENFORCEMENT" -> "LAW_ENFORCEMENT";
                default -> "AUTHORIZATION";
            };
            disclosure(patientId, received.plusDays(10), s.requester(), "Discharge summary and laboratory reports",
                    s.purpose(), category, id, roi);
        }
    }

    private void disclosure(long patientId, LocalDate on, String recipient, String description, String purpose,
                            String category, Long requestId, Long userId) {
        jdbc.update("insert into disclosure (patient_id, disclosed_on, recipient_name, recipient_address, description,"
                        + " purpose, category, request_id, entered_at, entered_by) values (?,?,?,?,?,?,?,?,?,?)",
                patientId, Date.valueOf(on), recipient, "100 Main Street, Springfield", description, purpose, category,
                requestId, clock.instant().atOffset(ZoneOffset.UTC), userId);
    }
}
