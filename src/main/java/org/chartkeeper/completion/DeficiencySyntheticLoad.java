package org.chartkeeper.completion;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongConsumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Synthetic encounters with their documents and surgical cases for the deficiency-pass benchmark (seeded, so a rerun
 * builds the same hospital): 30% inpatient stays (H&P, daily progress notes, some residents' notes, verbal orders,
 * operations with their reports, a discharge summary), 50% office visits and 20% emergency visits over two years.
 * Most documents are signed on time; some late, some unsigned, a few missing. Batch inserts; use a fresh database.
 */
@Component
public class DeficiencySyntheticLoad {

    private static final int BATCH = 5_000;

    private final JdbcTemplate jdbc;

    public DeficiencySyntheticLoad(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** What was loaded. */
    public record Loaded(int patients, int encounters, int documents, int surgicalCases) {}

    public Loaded load(int encounterCount, int patientCount, long seed, Instant now, LongConsumer progress) {
        Random random = new Random(seed);
        String facility = jdbc.queryForList("select code from facility order by code", String.class).stream().findFirst()
                .orElseGet(() -> {
                    jdbc.update("insert into facility (code, name, assigning_authority) values ('BENCH', 'Benchmark Hospital', '2.16.840.1.113883.3.9999.9')");
                    return "BENCH";
                });
        String tag = Long.toString(now.getEpochSecond(), 36);
        Timestamp ts = Timestamp.from(now);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            rows.add(new Object[] {String.format("8%09d", Math.floorMod(seed * 1000 + i + now.getEpochSecond() * 100, 1_000_000_000L)),
                    "Bench Provider " + tag + "-" + i, i < 6 ? "General Surgery" : "Internal Medicine", i >= 54});
        }
        jdbc.batchUpdate("insert into provider (npi, name, specialty, resident) values (?, ?, ?, ?)", rows);
        List<Long> providers = jdbc.queryForList("select id from provider where name like ? and not resident order by id",
                Long.class, "Bench Provider " + tag + "-%");
        List<Long> residents = jdbc.queryForList("select id from provider where name like ? and resident order by id",
                Long.class, "Bench Provider " + tag + "-%");
        rows.clear();
        for (int i = 0; i < patientCount; i++) {
            rows.add(new Object[] {facility, "B" + tag + i, "Bench", "Patient" + i,
                    java.sql.Date.valueOf(java.time.LocalDate.of(1930 + random.nextInt(90), 1 + random.nextInt(12), 1 + random.nextInt(28))),
                    random.nextBoolean() ? "female" : "male", ts, ts});
            if (rows.size() == BATCH) flush("insert into patient (facility_code, mrn, family_name, given_name, birth_date, sex,"
                    + " created_at, updated_at) values (?,?,?,?,?,?,?,?)", rows);
        }
        flush("insert into patient (facility_code, mrn, family_name, given_name, birth_date, sex, created_at, updated_at)"
                + " values (?,?,?,?,?,?,?,?)", rows);
        List<Long> patients = jdbc.queryForList("select id from patient where mrn like ? order by id", Long.class, "B" + tag + "%");

        long twoYears = Duration.ofDays(730).toMinutes();
        for (int i = 0; i < encounterCount; i++) {
            int kind = random.nextInt(10);
            String klass = kind < 3 ? "INPATIENT" : kind < 8 ? "OUTPATIENT" : "EMERGENCY";
            Instant admit = now.minus(Duration.ofMinutes((long) (random.nextDouble() * twoYears)));
            Duration length = switch (klass) {
                case "INPATIENT" -> Duration.ofHours(24L + random.nextInt(24 * 7));
                case "EMERGENCY" -> Duration.ofMinutes(90 + random.nextInt(600));
                default -> Duration.ofMinutes(20 + random.nextInt(60));
            };
            Instant discharge = admit.plus(length);
            boolean current = discharge.isAfter(now);
            long attending = providers.get(random.nextInt(providers.size()));
            rows.add(new Object[] {patients.get(random.nextInt(patients.size())), "BE" + tag + i, klass,
                    current ? "in-progress" : "finished", Timestamp.from(admit), current ? null : Timestamp.from(discharge),
                    attending, attending <= providers.get(5) ? "General Surgery" : "Internal Medicine"});
            if (rows.size() == BATCH) {
                flush("insert into encounter (patient_id, account_number, encounter_class, status, admit_at, discharge_at,"
                        + " attending_provider_id, department) values (?,?,?,?,?,?,?,?)", rows);
                progress.accept(i + 1);
            }
        }
        flush("insert into encounter (patient_id, account_number, encounter_class, status, admit_at, discharge_at,"
                + " attending_provider_id, department) values (?,?,?,?,?,?,?,?)", rows);

        // the documents and surgical cases, encounter by encounter in id order
        List<Object[]> docs = new ArrayList<>();
        List<Object[]> cases = new ArrayList<>();
        int[] counts = new int[2];
        String docSql = "insert into document (patient_id, encounter_id, type_code, kind, source, title, author_provider_id,"
                + " service_at, status, signed_at, cosign_required, cosigned_at, cosigner_provider_id, created_at, updated_at)"
                + " values (?,?,?,'text','typed',?,?,?,?,?,?,?,?,?,?)";
        String caseSql = "insert into surgical_case (patient_id, encounter_id, surgeon_provider_id, procedure_text, started_at,"
                + " ended_at, created_at) values (?,?,?,?,?,?,?)";
        jdbc.query("select id, patient_id, encounter_class, admit_at, discharge_at, attending_provider_id from encounter"
                + " where account_number like ? order by id", rs -> {
            long id = rs.getLong(1);
            long patient = rs.getLong(2);
            String klass = rs.getString(3);
            Instant admit = rs.getTimestamp(4).toInstant();
            Timestamp d = rs.getTimestamp(5);
            Instant discharge = d == null ? null : d.toInstant();
            long attending = rs.getLong(6);
            Instant end = discharge == null ? now : discharge;
            switch (klass) {
                case "INPATIENT" -> {
                    if (random.nextInt(25) != 0) doc(docs, random, now, patient, id, "history-physical", attending,
                            admit.plus(Duration.ofHours(random.nextInt(20) == 0 ? 25 + random.nextInt(20) : 1 + random.nextInt(18))), null);
                    long days = Math.min(4, Duration.between(admit, end).toDays());
                    for (int n = 1; n <= days; n++) {
                        boolean resident = random.nextInt(4) == 0;
                        doc(docs, random, now, patient, id, "progress-note", resident ? residents.get(random.nextInt(residents.size())) : attending,
                                admit.plus(Duration.ofDays(n)), resident ? attending : null);
                    }
                    if (random.nextInt(5) == 0) doc(docs, random, now, patient, id, "verbal-order", attending,
                            admit.plus(Duration.ofHours(2 + random.nextInt(20))), null);
                    if (random.nextInt(6) == 0) {
                        Instant start = admit.plus(Duration.ofHours(4 + random.nextInt(12)));
                        Instant stop = start.plus(Duration.ofMinutes(45 + random.nextInt(180)));
                        if (stop.isBefore(now)) {
                            cases.add(new Object[] {patient, id, attending, "Laparoscopic procedure", Timestamp.from(start),
                                    Timestamp.from(stop), Timestamp.from(now)});
                            if (random.nextInt(12) != 0) doc(docs, random, now, patient, id, "operative-report", attending,
                                    stop.plus(Duration.ofHours(random.nextInt(15) == 0 ? 26 : 1 + random.nextInt(6))), null);
                        }
                    }
                    if (discharge != null && random.nextInt(16) != 0) doc(docs, random, now, patient, id, "discharge-summary",
                            attending, discharge.plus(Duration.ofHours(random.nextInt(48))), null);
                }
                case "EMERGENCY" -> doc(docs, random, now, patient, id, "emergency-record", attending,
                        admit.plus(Duration.ofMinutes(30 + random.nextInt(120))), null);
                default -> {
                    if (random.nextInt(10) < 7) doc(docs, random, now, patient, id, "progress-note", attending,
                            admit.plus(Duration.ofMinutes(25)), null);
                }
            }
            if (docs.size() >= BATCH) {
                counts[0] += docs.size();
                flush(docSql, docs);
            }
            if (cases.size() >= BATCH) {
                counts[1] += cases.size();
                flush(caseSql, cases);
            }
        }, "BE" + tag + "%");
        counts[0] += docs.size();
        counts[1] += cases.size();
        flush(docSql, docs);
        flush(caseSql, cases);
        return new Loaded(patients.size(), encounterCount, counts[0], counts[1]);
    }

    /** One document: most signed within hours, one in ten days late, the last month's one in three unsigned. */
    private static void doc(List<Object[]> docs, Random random, Instant now, long patient, long encounter, String type,
                            long author, Instant at, Long cosigner) {
        Instant serviceAt = at.isAfter(now) ? now.minusSeconds(300) : at;
        boolean recent = serviceAt.isAfter(now.minus(Duration.ofDays(30)));
        Instant signedAt = null;
        if (!(recent && random.nextInt(3) == 0)) {
            signedAt = random.nextInt(10) == 0 ? serviceAt.plus(Duration.ofDays(4 + random.nextInt(30)))
                    : serviceAt.plus(Duration.ofMinutes(20 + random.nextInt(600)));
            if (signedAt.isAfter(now)) signedAt = null;
        }
        Instant cosignedAt = cosigner != null && signedAt != null && random.nextInt(5) != 0
                ? signedAt.plus(Duration.ofHours(2 + random.nextInt(30))) : null;
        if (cosignedAt != null && cosignedAt.isAfter(now)) cosignedAt = null;
        Timestamp t = Timestamp.from(serviceAt);
        docs.add(new Object[] {patient, encounter, type, type, author, t, signedAt == null ? "draft" : "signed",
                signedAt == null ? null : Timestamp.from(signedAt), cosigner != null && signedAt != null,
                cosignedAt == null ? null : Timestamp.from(cosignedAt), cosignedAt == null ? null : cosigner, t, t});
    }

    private void flush(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) return;
        jdbc.batchUpdate(sql, rows);
        rows.clear();
    }
}
