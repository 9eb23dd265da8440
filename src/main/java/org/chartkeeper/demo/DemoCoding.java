package org.chartkeeper.demo;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The demo hospital's coding: most discharged encounters final coded a few days after discharge by the two demo
 * coders (codes from the diagnosis their notes describe, chronic conditions from the past history), the recent ones
 * and a small tail of older ones still waiting (the coding queue and DNFB), coding sessions for the last two months
 * (productivity), suggestion decisions (CAC acceptance) and a 5 % sample of the last six months' charts in quality
 * review, most of them reviewed. Deterministic for a seed; written in batches.
 */
final class DemoCoding {

    /**
     * A diagnosis named in the demo notes (DemoRecord): its ICD-10-CM codes (principal first) and a PCS procedure for
     * inpatients, as a coder would assign them from the note's words and the FY2026 titles. Every code is in the demo
     * code set (coding/demo-codes.tsv).
     */
    record Coded(String name, List<String> dx, String pcs) {}

    static final List<Coded> CODED = List.of(
            new Coded("community-acquired pneumonia", List.of("J189"), null),
            new Coded("cellulitis of the left lower leg", List.of("L03116"), null),
            new Coded("acute kidney injury", List.of("N179"), null),
            // left heart catheterization with a drug-eluting stent to the LAD: dilation of one coronary artery
            new Coded("non-ST-elevation myocardial infarction", List.of("I214"), "027034Z"),
            new Coded("atrial fibrillation with rapid ventricular response", List.of("I4891"), null),
            new Coded("acute decompensated heart failure", List.of("I509"), null),
            new Coded("acute appendicitis", List.of("K3580"), "0DTJ4ZZ"),
            new Coded("symptomatic cholelithiasis", List.of("K8020"), "0FT44ZZ"),
            // obstruction not stated partial or complete; lysis of adhesions is a release of the small intestine
            new Coded("small bowel obstruction", List.of("K56609"), "0DN80ZZ"),
            // hemiarthroplasty replaces the femoral surface of the hip joint only
            new Coded("right femoral neck fracture", List.of("S72001A"), "0SRR019"),
            new Coded("left knee osteoarthritis", List.of("M1712"), "0SRD0J9"),
            // repeat low transverse cesarean for the scar of the earlier one, 39 weeks, single live birth (the outcome
            // of delivery on the inpatient stay only)
            new Coded("term pregnancy in active labor", List.of("O34211", "Z3A39", "Z370"), "10D00Z1"),
            // without severe features: mild to moderate pre-eclampsia, third trimester (37 weeks)
            new Coded("preeclampsia without severe features", List.of("O1403", "Z3A37"), null),
            new Coded("bronchiolitis", List.of("J219"), null),
            new Coded("dehydration due to viral gastroenteritis", List.of("E860", "A084"), null),
            // the neutropenia, with the fever that presents with it (R50.81, not R50.9)
            new Coded("neutropenic fever", List.of("D709", "R5081"), null),
            // admitted for pain control: the neoplasm-related pain first (Official Guidelines I.C.6.b.5), then the
            // bone metastases and their primary, lung, part and side not stated (sex-neutral, unlike C50 breast)
            new Coded("cancer-related pain", List.of("G893", "C7951", "C3490"), null),
            new Coded("acute ischemic stroke", List.of("I639"), null),
            // a first seizure is not epilepsy (G40): unspecified convulsions
            new Coded("new-onset seizure", List.of("R569"), null),
            new Coded("COPD exacerbation", List.of("J441"), null),
            new Coded("acute pulmonary embolism", List.of("I2699"), null),
            new Coded("essential hypertension, follow-up", List.of("I10"), null),
            new Coded("type 2 diabetes mellitus, follow-up", List.of("E119"), null));

    /** Chronic conditions from the notes' past history, coded as secondary diagnoses. */
    static final Map<String, String> HISTORY = Map.of("hypertension", "I10", "type 2 diabetes", "E119",
            "hyperlipidemia", "E785", "hypothyroidism", "E039", "GERD", "K219", "chronic kidney disease stage 3", "N1830",
            "asthma", "J45909", "osteoarthritis", "M1990");

    /** Codes the demo puts on charts besides CODED and HISTORY: a review's missed code, a rejected suggestion. */
    static final List<String> OTHER_CODES = List.of("D649", "E785", "R079", "I129", "I110", "I130", "E1122");

    static final String[] CODERS = {"coder", "coder2"};

    private final JdbcTemplate jdbc;
    private final Random random;
    private final Instant now;
    private final Map<Long, DemoRecord.Dx> scenarios;

    /** scenarios: each encounter's clinical scenario (DemoRecord), which its notes describe and its codes code. */
    DemoCoding(JdbcTemplate jdbc, long seed, Instant now, Map<Long, DemoRecord.Dx> scenarios) {
        this.jdbc = jdbc;
        this.random = new Random(seed ^ 0xc0d1a6L);
        this.now = now;
        this.scenarios = scenarios;
    }

    /** The coding of a scenario, by its name. */
    static Coded coded(DemoRecord.Dx scenario) {
        return CODED.stream().filter(c -> c.name().equals(scenario.name())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no demo coding for " + scenario.name()));
    }

    private record Enc(long id, long patientId, String kind, Instant discharge, String department, String disposition) {}

    private record Abstract(Enc e, String coder, Instant finalizedAt, List<String> dx, String pcs, Long documentId) {}

    /** Writes the coding; returns how many encounters were final coded. */
    int create() {
        List<Enc> encounters = jdbc.query("select id, patient_id, encounter_class, discharge_at, department,"
                        + " discharge_disposition from encounter where discharge_at is not null order by id",
                (rs, n) -> new Enc(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), rs.getString(6)));
        Map<Long, Object[]> notes = new HashMap<>();
        jdbc.query("select d.encounter_id, d.id, substr(v.body, 1, 2000) from document d join document_version v on v.document_id = d.id"
                        + " and v.version_no = 1 where d.encounter_id is not null and v.body is not null order by d.id",
                rs -> { notes.putIfAbsent(rs.getLong(1), new Object[] {rs.getLong(2), rs.getString(3)}); });

        List<Abstract> coded = new ArrayList<>();
        for (Enc e : encounters) {
            long days = Duration.between(e.discharge(), now).toDays();
            int lag = switch (e.kind()) {
                case "INPATIENT" -> 4 + random.nextInt(6);
                case "EMERGENCY" -> 2 + random.nextInt(4);
                default -> 1 + random.nextInt(4);
            };
            boolean tail = days >= 15 && days <= 120 && random.nextInt(1000) < 15; // waiting on a physician query
            if (days < lag || tail) continue;
            Object[] note = notes.get(e.id());
            String body = note == null ? "" : (String) note[1];
            // the encounter's own scenario, which fits its patient: also for a visit without a note
            DemoRecord.Dx scenario = scenarios.get(e.id());
            if (scenario == null) throw new IllegalStateException("encounter " + e.id() + " has no demo scenario");
            Coded c = coded(scenario);
            Set<String> dx = new LinkedHashSet<>(c.dx());
            if (!"INPATIENT".equals(e.kind())) dx.removeIf(code -> code.startsWith("Z37")); // delivered in the stay only
            int h = body.indexOf("Past medical history: ");
            int hEnd = h < 0 ? -1 : body.indexOf('\n', h);
            String pmh = h < 0 ? "" : body.substring(h, hEnd < 0 ? body.length() : hEnd);
            HISTORY.keySet().stream().sorted().forEach(name -> { if (pmh.contains(name)) dx.add(HISTORY.get(name)); });
            List<String> codes = combined(List.copyOf(dx));
            Instant finalized = e.discharge().plus(Duration.ofHours(24L * lag + random.nextInt(8)));
            if (finalized.isAfter(now)) finalized = now.minus(Duration.ofMinutes(30));
            String coder = CODERS[random.nextInt(10) < 6 ? 0 : 1];
            coded.add(new Abstract(e, coder, finalized, codes,
                    "INPATIENT".equals(e.kind()) ? c.pcs() : null, note == null ? null : (Long) note[0]));
        }
        writeAbstracts(coded);
        writeSessions(coded);
        writeSuggestions(coded);
        writeReviews(coded);
        return coded.size();
    }

    private void writeAbstracts(List<Abstract> coded) {
        List<Object[]> abstracts = new ArrayList<>(coded.size());
        List<Object[]> codes = new ArrayList<>(coded.size() * 3);
        for (Abstract a : coded) {
            boolean inpatient = "INPATIENT".equals(a.e().kind());
            Timestamp at = Timestamp.from(a.finalizedAt());
            abstracts.add(new Object[] {a.e().id(), a.e().patientId(), inpatient ? "Physician referral" : null,
                    a.e().disposition(), at, a.coder(), at, a.coder()});
            for (int i = 0; i < a.dx().size(); i++) {
                codes.add(new Object[] {a.e().id(), "diagnosis", i + 1, "ICD10CM", a.dx().get(i),
                        inpatient ? poa(a.dx().get(i)) : null, null});
            }
            if (a.pcs() != null) {
                codes.add(new Object[] {a.e().id(), "procedure", 1, "ICD10PCS", a.pcs(), null,
                        java.sql.Date.valueOf(a.e().discharge().atZone(ZoneOffset.UTC).toLocalDate().minusDays(1))});
            }
        }
        jdbc.batchUpdate("insert into coding_abstract (encounter_id, patient_id, status, admit_source, discharge_disposition,"
                + " updated_at, updated_by, finalized_at, finalized_by, version) values (?, ?, 'final', ?, ?, ?, ?, ?, ?, 3)",
                abstracts);
        jdbc.batchUpdate("insert into coding_abstract_code (encounter_id, kind, seq, code_system, code, poa, procedure_date)"
                + " values (?, ?, ?, ?, ?, ?, ?)", codes);
    }

    /**
     * The combination codes ICD-10-CM presumes: hypertension with heart failure or chronic kidney disease is
     * hypertensive heart or kidney disease (I11.0, I12.9, I13.0; Official Guidelines I.C.9.a), type 2 diabetes with
     * chronic kidney disease is diabetic CKD (E11.22; the "with" convention, I.A.15). The combination code comes
     * before the heart failure and CKD codes it explains ("use additional code").
     */
    static List<String> combined(List<String> dx) {
        List<String> out = new ArrayList<>(dx);
        boolean ckd = out.stream().anyMatch(c -> c.startsWith("N18"));
        boolean hf = out.stream().anyMatch(c -> c.startsWith("I50"));
        if (out.contains("I10") && (ckd || hf)) {
            out.remove("I10");
            out.add(firstOf(out, hf ? "I50" : "N18"), hf && ckd ? "I130" : hf ? "I110" : "I129");
        }
        if (out.contains("E119") && ckd) {
            out.remove("E119");
            out.add(firstOf(out, "N18"), "E1122");
        }
        return List.copyOf(out);
    }

    private static int firstOf(List<String> codes, String category) {
        for (int i = 0; i < codes.size(); i++) if (codes.get(i).startsWith(category)) return i;
        return codes.size();
    }

    /**
     * Z3A (weeks of gestation) and Z37 (outcome of delivery) are exempt from POA reporting; everything else the demo
     * codes was present on admission.
     */
    static String poa(String code) {
        return code.startsWith("Z3A") || code.startsWith("Z37") ? "1" : "Y";
    }

    /** Sessions for charts finalized in the last 60 days: minutes by patient type, ending at final coding. */
    private void writeSessions(List<Abstract> coded) {
        Instant since = now.minus(Duration.ofDays(60));
        List<Object[]> rows = new ArrayList<>();
        for (Abstract a : coded) {
            if (a.finalizedAt().isBefore(since)) continue;
            int minutes = switch (a.e().kind()) {
                case "INPATIENT" -> 25 + random.nextInt(40);
                case "EMERGENCY" -> 8 + random.nextInt(14);
                default -> 4 + random.nextInt(10);
            };
            Timestamp end = Timestamp.from(a.finalizedAt());
            Timestamp start = Timestamp.from(a.finalizedAt().minus(Duration.ofMinutes(minutes)));
            rows.add(new Object[] {a.e().id(), a.coder(), a.e().kind(), start, end, end});
        }
        jdbc.batchUpdate("insert into coding_session (encounter_id, coder, encounter_class, started_at, last_activity_at,"
                + " ended_at, finalized) values (?, ?, ?, ?, ?, ?, true)", rows);
    }

    /** Suggestion decisions for charts finalized in the last 90 days: the codes coded accepted, a wrong guess rejected. */
    private void writeSuggestions(List<Abstract> coded) {
        Instant since = now.minus(Duration.ofDays(90));
        List<Object[]> rows = new ArrayList<>();
        for (Abstract a : coded) {
            if (a.finalizedAt().isBefore(since) || a.documentId() == null) continue;
            Timestamp at = Timestamp.from(a.finalizedAt().minus(Duration.ofMinutes(3)));
            for (String code : a.dx()) {
                boolean accepted = random.nextInt(100) < 88;
                rows.add(new Object[] {a.e().id(), a.e().patientId(), a.documentId(), "ICD10CM", code, code,
                        "(demo) suggested from the note", accepted ? "accepted" : "rejected", a.coder(), at,
                        accepted ? null : "Not documented as a current condition", at});
            }
            if (random.nextInt(100) < 30) {
                rows.add(new Object[] {a.e().id(), a.e().patientId(), a.documentId(), "ICD10CM", "R079", "R079",
                        "(demo) chest pain mentioned in the note", "rejected", a.coder(), at,
                        "Symptom integral to the definitive diagnosis", at});
            }
        }
        Map<String, String> titles = new HashMap<>();
        jdbc.query("select e.code, e.title from code_set_entry e join code_set_version v on v.id = e.version_id"
                + " where v.code_system = 'ICD10CM' and v.demo", rs -> { titles.put(rs.getString(1), rs.getString(2)); });
        for (Object[] r : rows) {
            String t = titles.getOrDefault((String) r[5], (String) r[5]);
            r[5] = t.length() > 300 ? t.substring(0, 300) : t;
        }
        jdbc.batchUpdate("insert into coding_suggestion (encounter_id, patient_id, document_id, code_system, code, title,"
                + " sentence, start_offset, end_offset, qualifier, score, status, decided_by, decided_at, reject_reason,"
                + " created_at) values (?, ?, ?, ?, ?, ?, ?, 0, 0, null, 1.0, ?, ?, ?, ?, ?)", rows);
    }

    /** A 5 % sample of the last six months' final-coded charts in review: 80 % reviewed by the director, the rest open. */
    private void writeReviews(List<Abstract> coded) {
        Instant since = now.minus(Duration.ofDays(180));
        Long director = jdbc.queryForObject("select id from app_user where username = 'director'", Long.class);
        for (Abstract a : coded) {
            if (a.finalizedAt().isBefore(since) || random.nextInt(100) >= 5) continue;
            boolean done = random.nextInt(100) < 80 && a.finalizedAt().isBefore(now.minus(Duration.ofDays(2)));
            boolean inpatient = "INPATIENT".equals(a.e().kind());
            // the reviewer agrees most of the time; otherwise a secondary is missed or a POA differs
            List<String[]> original = new ArrayList<>();
            for (String code : a.dx()) original.add(new String[] {"diagnosis", code, inpatient ? poa(code) : null});
            if (a.pcs() != null) original.add(new String[] {"procedure", a.pcs(), null});
            List<String[]> review = new ArrayList<>(original);
            int disagree = random.nextInt(100);
            int rate = a.coder().equals("coder") ? 2 : 6; // one coder above the 95 % target, one below
            String missed = a.dx().contains("E785") ? "D649" : "E785";
            if (disagree < rate) review.add(new String[] {"diagnosis", missed, inpatient ? "Y" : null});
            else if (disagree < 2 * rate && inpatient) review.set(0, new String[] {"diagnosis", a.dx().getFirst(), "N"});
            Instant submitted = done ? a.finalizedAt().plus(Duration.ofDays(1 + random.nextInt(2))) : null;
            int[] dx = matches(original, review, "diagnosis");
            int[] px = matches(original, review, "procedure");
            boolean principal = original.getFirst()[1].equals(review.getFirst()[1]);
            boolean record = principal && dx[0] == dx[1] && px[0] == px[1];
            Long itemId = null;
            if (!done) {
                Timestamp created = Timestamp.from(a.finalizedAt());
                jdbc.update("insert into work_item (item_type, subject_type, subject_id, patient_id, title, detail, pool_role,"
                        + " priority, due_at, status, created_at, version) values ('coding-review', 'CodingReview', null, ?, ?,"
                        + " ?, 'coder', 3, ?, 'OPEN', ?, 0)", a.e().patientId(), "Coding review: "
                        + a.e().kind().toLowerCase(java.util.Locale.ROOT) + " encounter " + a.e().id(),
                        "Code the chart blind from the record; the coder's codes show after you submit.",
                        Timestamp.from(a.finalizedAt().plus(Duration.ofDays(7))), created);
                itemId = jdbc.queryForObject("select max(id) from work_item where item_type = 'coding-review'", Long.class);
            }
            jdbc.update("insert into coding_review (encounter_id, patient_id, coder, encounter_class, finalized_at,"
                            + " sampled_because, work_item_id, status, reviewer, submitted_at, dx_matched, dx_union, px_matched,"
                            + " px_union, record_match, principal_match, version) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    a.e().id(), a.e().patientId(), a.coder(), a.e().kind(), Timestamp.from(a.finalizedAt()),
                    "random sample at 5.0 % of " + a.coder() + "'s charts (demo)", itemId, done ? "done" : "open",
                    done ? "director" : null, submitted == null ? null : Timestamp.from(submitted),
                    done ? dx[0] : null, done ? dx[1] : null, done ? px[0] : null, done ? px[1] : null,
                    done ? record : null, done ? principal : null, done ? 2 : 1);
            long reviewId = jdbc.queryForObject("select max(id) from coding_review", Long.class);
            if (itemId != null) jdbc.update("update work_item set subject_id = ? where id = ?", reviewId, itemId);
            writeCodes(reviewId, "original", original);
            if (done) writeCodes(reviewId, "review", review);
        }
        if (director == null) throw new IllegalStateException("the demo director is missing");
    }

    private void writeCodes(long reviewId, String side, List<String[]> codes) {
        List<Object[]> rows = new ArrayList<>();
        int dx = 0;
        int px = 0;
        for (String[] c : codes) {
            boolean d = c[0].equals("diagnosis");
            rows.add(new Object[] {reviewId, side, c[0], d ? ++dx : ++px, d ? "ICD10CM" : "ICD10PCS", c[1], c[2]});
        }
        jdbc.batchUpdate("insert into coding_review_code (review_id, side, kind, seq, code_system, code, poa)"
                + " values (?, ?, ?, ?, ?, ?, ?)", rows);
    }

    /** Matching codes and the union (a diagnosis with its POA). */
    private static int[] matches(List<String[]> a, List<String[]> b, String kind) {
        Set<String> x = new LinkedHashSet<>();
        Set<String> y = new LinkedHashSet<>();
        a.stream().filter(c -> c[0].equals(kind)).forEach(c -> x.add(c[1] + "|" + c[2]));
        b.stream().filter(c -> c[0].equals(kind)).forEach(c -> y.add(c[1] + "|" + c[2]));
        int matched = (int) x.stream().filter(y::contains).count();
        Set<String> union = new LinkedHashSet<>(x);
        union.addAll(y);
        return new int[] {matched, union.size()};
    }
}
