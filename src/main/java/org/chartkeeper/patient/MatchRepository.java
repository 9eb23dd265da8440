package org.chartkeeper.patient;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/** SQL of matching: the blocking-key index, candidate retrieval, duplicate candidates and scan jobs. */
@Repository
class MatchRepository {

    /** A patient as the matcher reads it: demographics without the SSN, which comes encrypted. */
    record Row(long id, int version, Demographics demographics, String ssnEncrypted, String ssnLast4) {}

    record Candidate(long id, long patientA, long patientB, double score, String grade, String explanation,
                     String status, OffsetDateTime foundAt, Long workItemId) {}

    record NewCandidate(long patientA, long patientB, double score, String grade, String explanation) {}

    record Job(long id, String kind, String status, String requestedBy, OffsetDateTime startedAt,
               OffsetDateTime finishedAt, long patientsTotal, long patientsScanned, long pairsCompared,
               long candidatesFound, String error) {}

    private static final String ROW = "select p.id, p.version, p.family_name, p.given_name, p.middle_name, p.birth_date,"
            + " p.sex, p.address_line, p.city, p.state, p.postal_code, p.phone, p.email, p.ssn_encrypted, p.ssn_last4"
            + " from patient p";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    private final org.chartkeeper.DatabaseKind database;

    MatchRepository(JdbcClient jdbc, JdbcTemplate template, org.chartkeeper.DatabaseKind database) {
        this.jdbc = jdbc;
        this.template = template;
        this.database = database;
    }

    // ------------------------------------------------------------------ patients

    /** Active patients with these ids, with their identifiers other than MRNs. */
    List<Row> load(Collection<Long> ids) {
        if (ids.isEmpty()) return List.of();
        // one round trip: the rows with their identifiers joined (most patients have none but the MRN, so one line each)
        Map<Long, Row> rows = new java.util.LinkedHashMap<>();
        Map<Long, List<Demographics.Identifier>> identifiers = new HashMap<>();
        for (List<Long> chunk : chunks(ids, 1024)) {
            jdbc.sql(rowsWithIdentifiers(chunk.size())).params(padded(chunk)).query((ResultSet rs) -> {
                long id = rs.getLong(1);
                if (!rows.containsKey(id)) rows.put(id, row(rs, List.of()));
                if (rs.getString(16) != null) {
                    identifiers.computeIfAbsent(id, k -> new ArrayList<>())
                            .add(new Demographics.Identifier(rs.getString(16), rs.getString(17), rs.getString(18)));
                }
            });
        }
        List<Row> out = new ArrayList<>(rows.size());
        for (Row r : rows.values()) {
            List<Demographics.Identifier> x = identifiers.get(r.id());
            if (x == null) {
                out.add(r);
            } else {
                Demographics d = r.demographics();
                out.add(new Row(r.id(), r.version(), new Demographics(d.familyName(), d.givenName(), d.middleName(),
                        d.birthDate(), d.sex(), d.addressLine(), d.city(), d.state(), d.postalCode(), d.phone(),
                        d.email(), null, x), r.ssnEncrypted(), r.ssnLast4()));
            }
        }
        return out;
    }

    private static final String ROW_WITH_IDENTIFIERS = ROW.replace(" from patient p", ", i.system_uri, i.id_value,"
            + " i.type_code from patient p left join patient_identifier i on i.patient_id = p.id and i.status = 'active'"
            + " and i.type_code <> 'MR'") + " where p.status = 'active' and p.id in (";

    /**
     * The candidate query for {@code n} ids, as an IN list of the next power of two (the ids padded with the last):
     * eleven texts in all, each planned once per connection and then run on its generic plan. With an array
     * parameter ({@code = any(?)}) PostgreSQL planned the query anew on most calls (the custom plan for a few ids
     * looks cheaper than the generic one, which assumes ten): 5,056 plans in 11,861 calls, each plan taking twice as
     * long as running it (BENCHMARKS.md, Interop 10).
     */
    private static String rowsWithIdentifiers(int n) {
        return ROWS_WITH_IDENTIFIERS.get(Integer.numberOfTrailingZeros(bucket(n)));
    }

    private static final List<String> ROWS_WITH_IDENTIFIERS = java.util.stream.IntStream.rangeClosed(0, 10)
            .mapToObj(k -> ROW_WITH_IDENTIFIERS + "?, ".repeat((1 << k) - 1) + "?)").toList();

    /** The power of two at or above n (1 to 1,024). */
    static int bucket(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    /** The ids padded to their bucket with the last one (an IN list ignores repeats). */
    private static List<Object> padded(List<Long> ids) {
        int bucket = bucket(ids.size());
        List<Object> out = new ArrayList<>(bucket);
        out.addAll(ids);
        while (out.size() < bucket) out.add(ids.getLast());
        return out;
    }

    /** Every active patient in id order, streamed (the batch scan). Call inside a transaction for PostgreSQL to stream. */
    void forEachActive(Consumer<Row> each) {
        Map<Long, List<Demographics.Identifier>> identifiers = new HashMap<>();
        template.query("select patient_id, system_uri, id_value, type_code from patient_identifier"
                + " where status = 'active' and type_code <> 'MR'", rs -> {
            identifiers.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                    .add(new Demographics.Identifier(rs.getString(2), rs.getString(3), rs.getString(4)));
        });
        JdbcTemplate streaming = new JdbcTemplate(template.getDataSource());
        streaming.setFetchSize(5000);
        streaming.query(ROW + " where p.status = 'active' order by p.id",
                rs -> { each.accept(row(rs, identifiers.getOrDefault(rs.getLong(1), List.of()))); });
    }

    long countActive() {
        return jdbc.sql("select count(*) from patient where status = 'active'").query(Long.class).single();
    }

    private static Row row(ResultSet rs, List<Demographics.Identifier> identifiers) throws SQLException {
        Demographics d = new Demographics(rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getObject(6, LocalDate.class), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getString(12), rs.getString(13), null, identifiers);
        return new Row(rs.getLong(1), rs.getInt(2), d, rs.getString(14), rs.getString(15));
    }

    // ------------------------------------------------------------------ blocking-key index

    /**
     * Patients whose keys are missing or older than their row, among those changed since {@code since}, with ids
     * above {@code afterId}, in id order.
     */
    List<Long> stale(OffsetDateTime since, long afterId, int limit) {
        return jdbc.sql("select p.id from patient p left join patient_match_indexed i on i.for_patient = p.id"
                        + " where p.updated_at >= ? and p.id > ? and p.status = 'active'"
                        + " and (i.for_patient is null or i.version <> p.version) order by p.id limit " + limit)
                .params(since, afterId).query(Long.class).list();
    }

    /** Replaces the keys of these patients. */
    void index(Map<Row, List<String>> keys) {
        if (keys.isEmpty()) return;
        List<Long> ids = keys.keySet().stream().map(Row::id).toList();
        for (List<Long> chunk : chunks(ids, 1000)) {
            jdbc.sql("delete from patient_match_key where for_patient = any(:ids)").param("ids", longs(chunk)).update();
            jdbc.sql("delete from patient_match_indexed where for_patient = any(:ids)").param("ids", longs(chunk)).update();
        }
        List<Object[]> keyRows = new ArrayList<>();
        List<Object[]> versions = new ArrayList<>();
        keys.forEach((row, list) -> {
            for (String k : new HashSet<>(list)) keyRows.add(new Object[] {k, row.id()});
            versions.add(new Object[] {row.id(), row.version()});
        });
        insertRows("insert into patient_match_key (block_key, for_patient) values ", keyRows);
        insertRows("insert into patient_match_indexed (for_patient, version) values ", versions);
    }

    /** Multi-row inserts of two-column rows, 1,000 rows a statement. */
    private void insertRows(String insert, List<Object[]> rows) {
        for (int from = 0; from < rows.size(); from += 1000) {
            int to = Math.min(rows.size(), from + 1000);
            StringBuilder sql = new StringBuilder(insert);
            Object[] args = new Object[(to - from) * 2];
            for (int i = from; i < to; i++) {
                if (i > from) sql.append(',');
                sql.append("(?, ?)");
                args[(i - from) * 2] = rows.get(i)[0];
                args[(i - from) * 2 + 1] = rows.get(i)[1];
            }
            template.update(sql.toString(), args);
        }
    }

    /** Fresh planner statistics for the index tables (after indexing many patients at once). */
    void analyze() {
        for (String table : List.of("patient_match_key", "patient_match_indexed")) {
            try {
                template.execute("analyze " + table);            // PostgreSQL
            } catch (RuntimeException e) {
                try {
                    template.execute("analyze table " + table);  // H2
                } catch (RuntimeException ignored) {
                    // statistics are an optimisation
                }
            }
        }
    }

    /**
     * Those sharing a strong key and those sharing a wide one (each at most {@code limit}), in one round trip: one
     * person's look-up, as {@link #sharingOfEach} does it for a batch (the caller uses the second list only when the
     * first is short).
     */
    List<List<Long>> sharingEach(List<String> strong, List<String> wide, int limit) {
        SharedKeys shared = sharingOfEach(List.of(strong), List.of(wide), List.of(), limit, 0);
        return List.of(shared.strong().getFirst(), shared.wide().getFirst());
    }

    /** The patients of one key, or empty if it holds more than {@code limit} (too common to narrow anything). */
    List<Long> block(String key, int limit) {
        List<Long> ids = jdbc.sql("select for_patient from patient_match_key where block_key = ? limit " + (limit + 1))
                .param(key).query(Long.class).list();
        return ids.size() > limit ? List.of() : ids;
    }

    /**
     * As {@link #block} for each key, in one round trip (as {@link #sharingOfEach} does it): the patients of every key
     * that holds at most {@code limit} (the keys in the order given, each key's patients together).
     */
    List<Long> blocks(List<String> keys, int limit) {
        if (keys.isEmpty()) return List.of();
        Map<String, List<Long>> each = sharingOfEach(List.of(), List.of(), keys, 0, limit).broad();
        List<Long> out = new ArrayList<>();
        for (String key : new java.util.LinkedHashSet<>(keys)) out.addAll(each.get(key));
        return out;
    }

    /** Those sharing each person's strong keys, its wide keys (by person, in order), and each broad key's patients. */
    record SharedKeys(List<List<Long>> strong, List<List<Long>> wide, Map<String, List<Long>> broad) {}

    /**
     * What the index holds for several people at once (the background duplicate check of a gathered batch): for each
     * person, those sharing one of its strong keys and those sharing one of its wide keys
     * (each at most {@code limit}); and for each broad key, as {@link #block}, its patients, or none when it holds more
     * than {@code broadLimit}. Each distinct key is read once, however many people share it.
     */
    SharedKeys sharingOfEach(List<List<String>> strong, List<List<String>> wide, Collection<String> broad, int limit,
                             int broadLimit) {
        // every key at most `limit` of its patients (a broad key one more than its limit, to see that it holds more):
        // a person's group then has at least `limit` distinct patients whenever it has that many, so keeping the first
        // `limit` of the group is what a distinct ... limit over all its keys at once would give
        Map<String, Integer> keyLimits = new java.util.LinkedHashMap<>();
        for (List<List<String>> kind : List.of(strong, wide)) {
            for (List<String> keys : kind) for (String k : keys) keyLimits.merge(k, limit, Math::max);
        }
        for (String k : broad) keyLimits.merge(k, broadLimit + 1, Math::max);
        Map<String, List<Long>> of = patientsOfKeys(keyLimits);
        List<List<Long>> strongOf = new ArrayList<>(strong.size());
        List<List<Long>> wideOf = new ArrayList<>(wide.size());
        for (int n = 0; n < strong.size(); n++) {
            strongOf.add(distinct(strong.get(n), of, limit));
            wideOf.add(distinct(wide.get(n), of, limit));
        }
        Map<String, List<Long>> broadOf = new HashMap<>();
        for (String k : broad) {
            List<Long> ids = of.getOrDefault(k, List.of());
            broadOf.put(k, ids.size() > broadLimit ? List.of() : ids);
        }
        return new SharedKeys(strongOf, wideOf, broadOf);
    }

    /** The distinct patients of these keys, at most {@code limit}. */
    private static List<Long> distinct(List<String> keys, Map<String, List<Long>> of, int limit) {
        java.util.LinkedHashSet<Long> ids = new java.util.LinkedHashSet<>();
        for (String k : keys) {
            for (long id : of.getOrDefault(k, List.of())) {
                if (ids.size() >= limit) return List.copyOf(ids);
                ids.add(id);
            }
        }
        return List.copyOf(ids);
    }

    /**
     * The patients of each key, at most its limit, in one round trip per 1,000 keys. On PostgreSQL one statement text
     * whatever the keys: the keys and limits as two arrays, each key an index look-up with its own limit, prepared once
     * per connection. The text this replaced, a union with a branch per person's keys, was new for every batch and
     * took PostgreSQL 12 to 90 ms to plan: about 1.9 s of planning in a 16,000-message HL7 load (BENCHMARKS.md,
     * Interop 12). H2 gets the branches, one per key (it plans them quickly).
     */
    private Map<String, List<Long>> patientsOfKeys(Map<String, Integer> keyLimits) {
        Map<String, List<Long>> of = new HashMap<>();
        List<String> keys = List.copyOf(keyLimits.keySet());
        for (int from = 0; from < keys.size(); from += 1000) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + 1000));
            org.springframework.jdbc.core.RowCallbackHandler each = rs -> {
                of.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getLong(2));
            };
            if (database.postgres()) {
                jdbc.sql("select k.block_key, x.for_patient from unnest(?, ?) as k(block_key, most) cross join lateral"
                                + " (select for_patient from patient_match_key m where m.block_key = k.block_key limit k.most) x")
                        .params(new SqlArrayValue("varchar", chunk.toArray()),
                                new SqlArrayValue("integer", chunk.stream().map(keyLimits::get).toArray()))
                        .query(each);
            } else {
                List<String> branches = new ArrayList<>(chunk.size());
                List<Object> params = new ArrayList<>(chunk.size() * 2);
                for (String k : chunk) {
                    branches.add("select * from (select cast(? as varchar(120)) as block_key, for_patient from"
                            + " patient_match_key where block_key = ? limit " + keyLimits.get(k) + ") x");
                    params.add(k);
                    params.add(k);
                }
                jdbc.sql(String.join(" union all ", branches)).params(params).query(each);
            }
        }
        return of;
    }

    long keyCount(String key) {
        // counted up to 20,000: a name that common weighs the least anyway
        return jdbc.sql("select count(*) from (select 1 from patient_match_key where block_key = ? limit 20000) k")
                .param(key).query(Long.class).single();
    }

    // ------------------------------------------------------------------ duplicate candidates

    /** Pairs (a < b, as a * 2^32 + b) already proposed or decided, never to be proposed again by a scan. */
    Set<Long> knownPairs() {
        Set<Long> pairs = new HashSet<>();
        template.query("select patient_a, patient_b from duplicate_candidate", rs -> {
            pairs.add(pairKey(rs.getLong(1), rs.getLong(2)));
        });
        template.query("select patient_a, patient_b from not_duplicate", rs -> {
            pairs.add(pairKey(rs.getLong(1), rs.getLong(2)));
        });
        return pairs;
    }

    /** Which of these pairs ({@link #pairKey}) were proposed or decided before, in one round trip per 500 pairs. */
    Set<Long> knownOf(Collection<Long> pairs) {
        Set<Long> known = new HashSet<>();
        for (List<Long> chunk : chunks(pairs, 500)) {
            String in = "(?, ?), ".repeat(chunk.size() - 1) + "(?, ?)";
            List<Object> params = new ArrayList<>();
            for (long pair : chunk) params.addAll(List.of(pair >>> 32, pair & 0xFFFFFFFFL));         // as proposed
            List<Object> both = new ArrayList<>(params);
            for (long pair : chunk) both.addAll(List.of(pair & 0xFFFFFFFFL, pair >>> 32));           // either way
            params.addAll(both);
            jdbc.sql("select patient_a, patient_b from duplicate_candidate where (patient_a, patient_b) in (" + in + ")"
                            + " union all select patient_a, patient_b from not_duplicate where (patient_a, patient_b) in ("
                            + in + ", " + in + ")")
                    .params(params).query((ResultSet rs) -> {
                        known.add(pairKey(rs.getLong(1), rs.getLong(2)));
                    });
        }
        return known;
    }

    static long pairKey(long a, long b) {
        return (Math.min(a, b) << 32) | Math.max(a, b);
    }

    /** Inserts new candidates (status open), 500 to a statement; returns their ids in order. */
    List<Long> insertCandidates(List<NewCandidate> candidates, Long jobId, OffsetDateTime now) {
        List<Long> ids = new ArrayList<>(candidates.size());
        for (int from = 0; from < candidates.size(); from += 500) {
            List<NewCandidate> batch = candidates.subList(from, Math.min(candidates.size(), from + 500));
            StringBuilder insert = new StringBuilder("insert into duplicate_candidate (patient_a, patient_b, score, grade,"
                    + " explanation, status, found_at, job_id) values ");
            StringBuilder select = new StringBuilder("select id, patient_a, patient_b from duplicate_candidate"
                    + " where (patient_a, patient_b) in (");
            List<Object> args = new ArrayList<>();
            List<Object> keys = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                NewCandidate c = batch.get(i);
                long a = Math.min(c.patientA(), c.patientB());
                long b = Math.max(c.patientA(), c.patientB());
                insert.append(i == 0 ? "" : ",").append("(?, ?, ?, ?, ?, 'open', ?, ?)");
                select.append(i == 0 ? "" : ",").append("(?, ?)");
                args.addAll(java.util.Arrays.asList(a, b, c.score(), c.grade(), c.explanation(), now, jobId));
                keys.add(a);
                keys.add(b);
            }
            template.update(insert.toString(), args.toArray());
            Map<Long, Long> idOf = new HashMap<>();
            template.query(select.append(")").toString(), rs -> {
                idOf.put(pairKey(rs.getLong(2), rs.getLong(3)), rs.getLong(1));
            }, keys.toArray());
            for (NewCandidate c : batch) ids.add(idOf.get(pairKey(c.patientA(), c.patientB())));
        }
        return ids;
    }

    List<long[]> pairsOfJob(long jobId) {
        return jdbc.sql("select patient_a, patient_b, score from duplicate_candidate where job_id = ?").param(jobId)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), Double.doubleToLongBits(rs.getDouble(3))})
                .list();
    }

    void linkWorkItem(long candidateId, long workItemId) {
        jdbc.sql("update duplicate_candidate set work_item_id = ? where id = ?").params(workItemId, candidateId).update();
    }

    /** An open candidate pair that involves a patient, with its score as stored. */
    record OpenPair(long id, long other, double score, String grade, String explanation) {}

    /**
     * The open candidate pairs that involve each of these patients, by patient, in one round trip per 1,000. Two
     * look-ups, one on each side's index (the unique key leads with patient_a; patient_b has its own): an OR over both
     * columns, or a status condition the planner could serve from the (status, score) index, reads every open pair of
     * the index for each changed patient. The patients' pairs are few; open ones are kept here.
     */
    Map<Long, List<OpenPair>> openPairsOfEach(Collection<Long> patientIds) {
        Map<Long, List<OpenPair>> open = new HashMap<>();
        for (List<Long> chunk : chunks(patientIds, 1000)) {
            jdbc.sql("select patient_a, id, patient_b, score, grade, explanation, status from duplicate_candidate"
                            + " where patient_a = any(:ids) union all select patient_b, id, patient_a, score, grade,"
                            + " explanation, status from duplicate_candidate where patient_b = any(:ids)")
                    .param("ids", longs(chunk)).query((ResultSet rs) -> {
                        if ("open".equals(rs.getString(7))) {
                            open.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new OpenPair(rs.getLong(2),
                                    rs.getLong(3), rs.getDouble(4), rs.getString(5), rs.getString(6)));
                        }
                    });
        }
        return open;
    }

    /** A changed patient's open pair scored again (decided pairs keep the score they were decided on). */
    void rescore(long candidateId, double score, String grade, String explanation) {
        jdbc.sql("update duplicate_candidate set score = ?, grade = ?, explanation = ?, version = version + 1"
                + " where id = ? and status = 'open'").params(score, grade, explanation, candidateId).update();
    }

    List<Candidate> candidates(double minScore, String status, int offset, int limit) {
        return jdbc.sql("select id, patient_a, patient_b, score, grade, explanation, status, found_at, work_item_id"
                        + " from duplicate_candidate where score >= ?" + (status == null ? "" : " and status = ?")
                        + " order by score desc, id limit " + limit + " offset " + offset)
                .params(status == null ? List.of(minScore) : List.of(minScore, status))
                .query((rs, n) -> new Candidate(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class),
                        rs.getObject(9, Long.class)))
                .list();
    }

    long countCandidates(double minScore, String status) {
        return jdbc.sql("select count(*) from duplicate_candidate where score >= ?" + (status == null ? "" : " and status = ?"))
                .params(status == null ? List.of(minScore) : List.of(minScore, status)).query(Long.class).single();
    }

    // ------------------------------------------------------------------ jobs

    long insertJob(String kind, String requestedBy, OffsetDateTime now) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("insert into mpi_job (kind, status, requested_by, started_at) values (?, 'running', ?, ?)")
                .params(kind, requestedBy, now).update(key, "id");
        return key.getKey().longValue();
    }

    void progress(long jobId, long total, long scanned, long compared, long found) {
        jdbc.sql("update mpi_job set patients_total = ?, patients_scanned = ?, pairs_compared = ?, candidates_found = ?"
                + " where id = ?").params(total, scanned, compared, found, jobId).update();
    }

    void finish(long jobId, String status, String error, OffsetDateTime now) {
        jdbc.sql("update mpi_job set status = ?, error = ?, finished_at = ? where id = ?")
                .params(status, error, now, jobId).update();
    }

    Optional<Job> job(long id) {
        return jdbc.sql("select id, kind, status, requested_by, started_at, finished_at, patients_total, patients_scanned,"
                        + " pairs_compared, candidates_found, error from mpi_job where id = ?")
                .param(id)
                .query((rs, n) -> new Job(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class), rs.getLong(7),
                        rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getString(11)))
                .optional();
    }

    /** A job of this kind started in the last six hours and not finished (one left by a stopped server expires). */
    Optional<Long> runningJob(String kind, OffsetDateTime now) {
        return jdbc.sql("select min(id) from mpi_job where kind = ? and status in ('queued', 'running') and started_at > ?")
                .params(kind, now.minusHours(6)).query(Long.class).optional().filter(java.util.Objects::nonNull);
    }

    /**
     * Ids as one SQL array parameter ({@code = any(:ids)}) rather than an expanded IN list: one statement text
     * whatever the number, which PostgreSQL prepares and plans once per connection instead of once per list length
     * (BENCHMARKS.md, Interop 6).
     */
    static SqlArrayValue longs(Collection<Long> ids) {
        return new SqlArrayValue("bigint", ids.toArray());
    }

    private static <T> List<List<T>> chunks(Collection<T> all, int size) {
        List<List<T>> out = new ArrayList<>();
        List<T> list = new ArrayList<>(all);
        for (int i = 0; i < list.size(); i += size) out.add(list.subList(i, Math.min(list.size(), i + size)));
        return out;
    }
}
