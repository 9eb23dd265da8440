package org.chartkeeper.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/**
 * The demo's physician queries, for drsmith and drjones on their inpatient encounters: open ones (one sent hours
 * ago, one overdue and escalated to the physician advisor, one overdue about to be escalated), a draft, and a
 * history of answered queries over the past months (with their signed response documents) so that the response
 * time and agreement report has something to show. Deterministic: the same queries for the same demo hospital.
 */
final class DemoQueries {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final String[] TEMPLATES = {"sepsis-validation", "acute-respiratory-failure", "heart-failure-type",
            "poa-clarification", "malnutrition-severity", "anemia-type", "clinical-clarification", "conflicting-documentation"};
    private static final int[] RESPONSE_HOURS = {3, 5, 8, 12, 18, 26, 30, 40, 50, 70, 4, 9};

    private final JdbcTemplate jdbc;
    private final Instant now;

    DemoQueries(JdbcTemplate jdbc, Instant now) {
        this.jdbc = jdbc;
        this.now = now;
    }

    private record Template(long id, String code, String name, String kind, String purpose, String question, String options) {}

    private record Enc(long id, long patientId, String account, Instant admit, long documentId, String body) {}

    /** Writes the queries; returns how many. */
    int create() {
        Map<String, Template> templates = new java.util.HashMap<>();
        jdbc.query("select id, code, name, kind, yes_no_purpose, question, options from query_template", rs -> {
            templates.put(rs.getString(2), new Template(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getString(6), rs.getString(7)));
        });
        long him = userId("him");
        long coder = userId("coder");
        int count = 0;
        int t = 0;
        int doctorIndex = 0;
        for (String doctor : List.of("drsmith", "drjones")) {
            int shift = 5 * doctorIndex++;
            long user = userId(doctor);
            Long provider = jdbc.query("select id from provider where user_id = ?", rs -> rs.next() ? rs.getLong(1) : null, user);
            if (provider == null) continue;
            List<Enc> encounters = jdbc.query("select e.id, e.patient_id, e.account_number, e.admit_at, d.id, v.body"
                            + " from encounter e join document d on d.encounter_id = e.id and d.type_code = 'history-physical'"
                            + " join document_version v on v.document_id = d.id and v.version_no = 1"
                            + " join patient p on p.id = e.patient_id"
                            + " where e.encounter_class = 'INPATIENT' and e.attending_provider_id = ? and not p.restricted"
                            + " and e.admit_at < ? order by e.admit_at desc, e.id limit 17",
                    (rs, n) -> new Enc(rs.getLong(1), rs.getLong(2), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getLong(5), rs.getString(6)),
                    provider, utc(now.minus(Duration.ofHours(12))));
            for (int i = 0; i < encounters.size(); i++) {
                Enc e = encounters.get(i);
                Template template = templates.get(TEMPLATES[t++ % TEMPLATES.length]);
                long author = i % 2 == 0 ? him : coder;
                String providerName = doctor.equals("drsmith") ? "Sarah Smith, MD" : "Michael Jones, MD";
                switch (i) {
                    case 0 -> open(e, template, provider, user, author, now.minus(Duration.ofHours(6)), null);
                    case 1 -> open(e, template, provider, user, author, now.minus(Duration.ofHours(30)), null);
                    case 2 -> open(e, template, provider, user, author, now.minus(Duration.ofHours(80)),
                            now.minus(Duration.ofHours(30)));
                    case 3 -> open(e, template, provider, user, author, now.minus(Duration.ofHours(55)), null);
                    case 4 -> insertQuery(e, template, provider, author, "DRAFT", null, null, null);
                    default -> answered(e, template, provider, user, author, providerName, i - 5, shift);
                }
                count++;
            }
        }
        return count;
    }

    private void open(Enc e, Template template, long provider, long user, long author, Instant sent, Instant escalated) {
        Instant due = sent.plus(Duration.ofHours(48));
        long q = insertQuery(e, template, provider, author, escalated == null ? "SENT" : "ESCALATED", sent, due, escalated);
        long item = workItem("physician-query", q, e, "Query: " + template.name() + " (account " + e.account() + ")",
                "Answer the documentation query in Queries; it is due " + DAY.format(due) + ".", "physician", user, 3,
                due, "IN_PROGRESS", sent, author);
        jdbc.update("update physician_query set work_item_id = ? where id = ?", item, q);
        if (escalated != null) {
            long esc = workItem("physician-query-escalation", q, e, "Unanswered query to your colleague: " + template.name(),
                    "Sent " + DAY.format(sent) + ", due " + DAY.format(due) + ". Take it up with the provider.",
                    "physician-advisor", null, 2, escalated.plus(Duration.ofHours(72)), "OPEN", escalated, null);
            jdbc.update("update physician_query set escalation_item_id = ? where id = ?", esc, q);
        }
    }

    private void answered(Enc e, Template template, long provider, long user, long author, String providerName, int k,
                          int shift) {
        Instant sent = e.admit().plus(Duration.ofHours(20));
        Instant answeredAt = sent.plus(Duration.ofHours(RESPONSE_HOURS[(k + shift) % RESPONSE_HOURS.length]));
        if (!answeredAt.isBefore(now)) return;
        List<String> options = options(template);
        String option;
        String text = null;
        String outcome;
        boolean closed = k != 11;
        if (template.kind().equals("open-ended")) {
            option = null;
            text = "Findings consistent with dehydration from poor oral intake; treated with IV fluids.";
            outcome = k % 4 == 3 ? "DISAGREED" : "AGREED";
        } else if (k % 6 == 4) {
            option = "Clinically undetermined";
            outcome = "UNDETERMINED";
        } else if (k % 6 == 5 || k == 11) {
            option = template.kind().equals("yes-no") ? "No" : "Other (please specify)";
            text = template.kind().equals("yes-no") ? null : "Findings explained by the known chronic condition; no additional diagnosis.";
            outcome = k == 11 && !template.kind().equals("yes-no") ? null : "DISAGREED";
        } else {
            option = options.getFirst();
            outcome = "AGREED";
        }
        long q = insertQuery(e, template, provider, author, closed ? "CLOSED" : "ANSWERED", sent,
                sent.plus(Duration.ofHours(48)), null);
        String body = "PHYSICIAN QUERY RESPONSE\n\nQuery " + q + ": " + template.name() + "\n\nClinical indicators cited:\n- \""
                + excerpt(e.body()) + "\" (History and physical, document " + e.documentId() + ")\n\nQuestion: "
                + template.question() + "\n" + (options.isEmpty() ? "" : "Options offered: " + String.join("; ", options) + "\n")
                + "\nAnswer: " + (option == null ? text : option) + "\n" + (option != null && text != null ? "Comment: " + text + "\n" : "")
                + "\nAnswered by " + providerName + ", " + DAY.format(answeredAt) + ".";
        long doc = responseDocument(e, provider, user, answeredAt, template.name(), body);
        jdbc.update("update physician_query set answered_at = ?, answered_by = ?, answer_option = ?, answer_text = ?,"
                        + " answer_document_id = ?, outcome = ?, closed_at = ?, closed_by = ? where id = ?",
                utc(answeredAt), user, option, text, doc, outcome, closed ? utc(answeredAt.plus(Duration.ofHours(2))) : null,
                closed ? author : null, q);
    }

    private long insertQuery(Enc e, Template template, long provider, long author, String status, Instant sent, Instant due,
                             Instant escalated) {
        Instant created = sent == null ? now.minus(Duration.ofHours(2)) : sent.minus(Duration.ofMinutes(20));
        var keys = new GeneratedKeyHolder();
        jdbc.update(c -> {
            PreparedStatement ps = c.prepareStatement("insert into physician_query (patient_id, encounter_id, provider_id,"
                    + " author_id, template_id, kind, yes_no_purpose, topic, question, status, created_at, sent_at, due_at,"
                    + " escalated_at) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS);
            ps.setLong(1, e.patientId());
            ps.setLong(2, e.id());
            ps.setLong(3, provider);
            ps.setLong(4, author);
            ps.setLong(5, template.id());
            ps.setString(6, template.kind());
            ps.setString(7, template.purpose());
            ps.setString(8, template.name());
            ps.setString(9, template.question());
            ps.setString(10, status);
            ps.setObject(11, utc(created));
            ps.setObject(12, utc(sent));
            ps.setObject(13, utc(due));
            ps.setObject(14, utc(escalated));
            return ps;
        }, keys);
        long id = id(keys);
        List<String> options = options(template);
        for (int i = 0; i < options.size(); i++) {
            jdbc.update("insert into physician_query_option (query_id, position, label) values (?,?,?)", id, i + 1, options.get(i));
        }
        jdbc.update("insert into physician_query_indicator (query_id, position, document_id, excerpt) values (?,1,?,?)",
                id, e.documentId(), excerpt(e.body()));
        return id;
    }

    private long workItem(String type, long queryId, Enc e, String title, String detail, String pool, Long assignee,
                          int priority, Instant due, String status, Instant created, Long createdBy) {
        var keys = new GeneratedKeyHolder();
        jdbc.update(c -> {
            PreparedStatement ps = c.prepareStatement("insert into work_item (item_type, subject_type, subject_id, patient_id,"
                    + " title, detail, pool_role, assignee_id, priority, due_at, status, created_at, created_by)"
                    + " values (?,?,?,?,?,?,?,?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS);
            ps.setString(1, type);
            ps.setString(2, "PhysicianQuery");
            ps.setLong(3, queryId);
            ps.setLong(4, e.patientId());
            ps.setString(5, title);
            ps.setString(6, detail);
            ps.setString(7, pool);
            ps.setObject(8, assignee);
            ps.setInt(9, priority);
            ps.setObject(10, utc(due));
            ps.setString(11, status);
            ps.setObject(12, utc(created));
            ps.setObject(13, createdBy);
            return ps;
        }, keys);
        long id = id(keys);
        jdbc.update("insert into work_item_history (work_item_id, at, actor_id, action, to_status, assignee_id, note)"
                + " values (?,?,?,?,?,?,?)", id, utc(created), createdBy, "created", status, assignee, null);
        return id;
    }

    private long responseDocument(Enc e, long provider, long user, Instant at, String topic, String body) {
        var keys = new GeneratedKeyHolder();
        jdbc.update(c -> {
            PreparedStatement ps = c.prepareStatement("insert into document (patient_id, encounter_id, type_code, kind, source,"
                    + " title, author_provider_id, service_at, status, current_version, signed_at, signed_by, cosign_required,"
                    + " created_at, created_by, updated_at, version) values (?,?,'query-response','text','typed',?,?,?,'signed',1,?,?,false,?,?,?,1)",
                    Statement.RETURN_GENERATED_KEYS);
            ps.setLong(1, e.patientId());
            ps.setLong(2, e.id());
            ps.setString(3, "Query response: " + topic);
            ps.setLong(4, provider);
            ps.setObject(5, utc(at));
            ps.setObject(6, utc(at));
            ps.setLong(7, user);
            ps.setObject(8, utc(at));
            ps.setLong(9, user);
            ps.setObject(10, utc(at));
            return ps;
        }, keys);
        long id = id(keys);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        jdbc.update("insert into document_version (document_id, version_no, body, media_type, size_bytes, content_sha256,"
                + " created_at, created_by) values (?,1,?,'text/plain',?,?,?,?)", id, body, (long) bytes.length, sha256(bytes),
                utc(at), user);
        return id;
    }

    private static List<String> options(Template t) {
        if (t.kind().equals("yes-no")) return List.of("Yes", "No", "Clinically undetermined");
        return t.options() == null ? List.of() : List.of(t.options().split("\\|"));
    }

    /** The H&P's assessment line, quoted exactly. */
    static String excerpt(String body) {
        int start = body.indexOf("Assessment:");
        if (start < 0) return body.substring(0, Math.min(80, body.length())).strip();
        int end = body.indexOf('\n', start);
        return body.substring(start, end < 0 ? body.length() : end).strip();
    }

    private long userId(String username) {
        return jdbc.queryForObject("select id from app_user where username = ?", Long.class, username);
    }

    private static long id(GeneratedKeyHolder keys) {
        Map<String, Object> k = keys.getKeys();
        Object v = k != null && k.size() > 1 ? k.entrySet().stream().filter(x -> x.getKey().equalsIgnoreCase("id"))
                .findFirst().map(Map.Entry::getValue).orElseThrow() : keys.getKey();
        return ((Number) v).longValue();
    }

    private static OffsetDateTime utc(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
