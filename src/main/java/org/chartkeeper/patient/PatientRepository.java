package org.chartkeeper.patient;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class PatientRepository {

    static final String COLUMNS = "id, facility_code, mrn, family_name, given_name, middle_name, birth_date, sex,"
            + " address_line, city, state, postal_code, phone, email, ssn_last4, restricted, created_at, updated_at, version,"
            + " language, race, ethnicity, status, merged_into";

    private static final String INSERT = "insert into patient (facility_code, mrn, family_name, given_name, middle_name,"
            + " birth_date, sex, address_line, city, state, postal_code, phone, phone_digits, email, ssn_last4,"
            + " ssn_encrypted, language, race, ethnicity, restricted, created_at, updated_at)"
            + " values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    private final org.chartkeeper.DatabaseKind database;

    PatientRepository(JdbcClient jdbc, JdbcTemplate template, org.chartkeeper.DatabaseKind database) {
        this.jdbc = jdbc;
        this.template = template;
        this.database = database;
    }

    /** A facility that registers patients: where its MRNs come from. */
    record Facility(String code, String name, String assigningAuthority) {}

    /** A row to insert: the rules' values plus what registration assigned. */
    record NewRow(String facilityCode, String mrn, RegistrationRules.Valid v, String ssnLast4, String ssnEncrypted) {}

    /** An identifier row to insert for a patient. */
    record NewIdentifier(long patientId, String system, String value, String typeCode) {}

    /** A history row to insert. */
    record NewHistory(long patientId, String changedBy, String field, String oldValue, String newValue) {}

    Optional<Patient> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from patient where id = ?").param(id).query(PatientRepository::map).optional();
    }

    List<Patient> findAll(Collection<Long> ids) {
        if (ids.isEmpty()) return List.of();
        List<Patient> out = new ArrayList<>(ids.size());
        List<Long> all = List.copyOf(ids);
        for (int i = 0; i < all.size(); i += 500) {
            List<Long> chunk = all.subList(i, Math.min(all.size(), i + 500));
            out.addAll(jdbc.sql("select " + COLUMNS + " from patient where id in (:ids)").param("ids", chunk)
                    .query(PatientRepository::map).list());
        }
        return out;
    }

    /** Active patients after {@code afterId} in id order, changed since the given time if one is given. */
    List<Patient> page(long afterId, int limit, OffsetDateTime changedSince) {
        String since = changedSince == null ? "" : " and updated_at >= :since";
        var spec = jdbc.sql("select " + COLUMNS + " from patient where id > :after and status = 'active'" + since
                + " order by id limit " + limit).param("after", afterId);
        if (changedSince != null) spec = spec.param("since", changedSince);
        return spec.query(PatientRepository::map).list();
    }

    /** Active patients last changed in [from, to) (either end open), oldest change first, at most {@code limit}. */
    List<Patient> changed(OffsetDateTime from, OffsetDateTime to, int limit) {
        var spec = jdbc.sql("select " + COLUMNS + " from patient where status = 'active'"
                + (from == null ? "" : " and updated_at >= :from") + (to == null ? "" : " and updated_at < :to")
                + " order by updated_at, id limit " + limit);
        if (from != null) spec = spec.param("from", from);
        if (to != null) spec = spec.param("to", to);
        return spec.query(PatientRepository::map).list();
    }

    /** Every identifier of the patient (the MRN among them), active first. */
    List<PatientIdentifier> identifiers(long id) {
        return identifiers(List.of(id)).getOrDefault(id, List.of());
    }

    Map<Long, List<PatientIdentifier>> identifiers(Collection<Long> ids) {
        Map<Long, List<PatientIdentifier>> out = new HashMap<>();
        if (ids.isEmpty()) return out;
        List<Long> all = List.copyOf(ids);
        for (int i = 0; i < all.size(); i += 500) {
            List<Long> chunk = all.subList(i, Math.min(all.size(), i + 500));
            // one round trip: the identifiers, and first the MRN of the patient row where no identifier row holds it
            // (a row written without its identifier, older data: the MRN column is authoritative)
            jdbc.sql("select p.id, 0, 'MR', p.mrn, f.code, f.name, f.assigning_authority, 'active', 0, 0, 0"
                            + " from patient p join facility f on f.code = p.facility_code"
                            + " where p.id in (:ids) and p.status = 'active' and not exists (select 1 from patient_identifier i"
                            + " where i.patient_id = p.id and i.type_code = 'MR' and i.id_value = p.mrn)"
                            + " union all"
                            + " select i.patient_id, 1, i.type_code, i.id_value, f.code, f.name, i.system_uri, i.status,"
                            + " case when i.status = 'active' then 0 else 1 end, case when i.type_code = 'MR' then 0 else 1 end, i.id"
                            + " from patient_identifier i left join facility f on f.assigning_authority = i.system_uri"
                            + " where i.patient_id in (:ids) order by 1, 2, 9, 10, 11")
                    .param("ids", chunk)
                    .query(rs -> {
                        boolean fromRow = rs.getInt(2) == 0;
                        out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new PatientIdentifier(
                                fromRow ? "MRN" : PatientIdentifier.label(rs.getString(3)), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getString(7), rs.getString(3), rs.getString(8)));
                    });
        }
        return out;
    }

    Optional<Boolean> restricted(long id) {
        return jdbc.sql("select restricted from patient where id = ?").param(id).query(Boolean.class).optional();
    }

    /**
     * Restriction flags of many patients. Ids come in runs (a bulk registration's new ids are consecutive), so each
     * run is read as one id range: a range on the primary key keeps its index even when the planner's statistics
     * lag behind a bulk load, where a long IN list can fall back to scanning the table.
     */
    Map<Long, Boolean> restricted(Collection<Long> ids) {
        Map<Long, Boolean> out = new HashMap<>();
        long[] sorted = ids.stream().mapToLong(Long::longValue).distinct().sorted().toArray();
        java.util.Set<Long> wanted = new java.util.HashSet<>(ids);
        int start = 0;
        for (int i = 1; i <= sorted.length; i++) {
            if (i == sorted.length || sorted[i] - sorted[start] > 2L * (i - start) + 64) {
                jdbc.sql("select id, restricted from patient where id between ? and ?")
                        .params(sorted[start], sorted[i - 1])
                        .query(rs -> {
                            if (wanted.contains(rs.getLong(1))) out.put(rs.getLong(1), rs.getBoolean(2));
                        });
                start = i;
            }
        }
        return out;
    }

    boolean inCareOf(long userId, long patientId) {
        return jdbc.sql("select count(*) from encounter e join provider p on p.id = e.attending_provider_id"
                        + " where e.patient_id = ? and p.user_id = ?")
                .params(patientId, userId).query(Long.class).single() > 0;
    }

    /** Active (not merged) patients matching every given criterion, in name order. */
    List<Patient> search(PatientSearch s, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from patient p where status = 'active'");
        List<Object> params = new ArrayList<>();
        if (s.family() != null) {
            if (s.exactFamily()) {
                sql.append(" and family_name = ?");
                params.add(s.family());
            } else {
                sql.append(" and upper(family_name) like ?");
                params.add(escape(s.family().toUpperCase(Locale.ROOT)) + "%");
            }
        }
        if (s.given() != null) {
            sql.append(" and (upper(given_name) like ? or upper(middle_name) like ?)");
            String given = escape(s.given().toUpperCase(Locale.ROOT)) + "%";
            params.add(given);
            params.add(given);
        }
        if (s.bornFrom() != null && s.bornFrom().equals(s.bornTo())) {
            sql.append(" and birth_date = ?");
            params.add(s.bornFrom());
        } else {
            if (s.bornFrom() != null) {
                sql.append(" and birth_date >= ?");
                params.add(s.bornFrom());
            }
            if (s.bornTo() != null) {
                sql.append(" and birth_date <= ?");
                params.add(s.bornTo());
            }
        }
        if (s.mrn() != null) {
            sql.append(" and mrn = ?");
            params.add(s.mrn().toUpperCase(Locale.ROOT));
        }
        if (s.identifierValue() != null) {
            sql.append(" and exists (select 1 from patient_identifier i where i.patient_id = p.id and i.id_value = ?");
            params.add(s.identifierValue());
            if (s.identifierSystem() != null) {
                sql.append(" and i.system_uri = ?");
                params.add(s.identifierSystem());
            }
            sql.append(")");
        }
        if (s.phone() != null) {
            sql.append(" and phone_digits = ?");
            params.add(s.phone());
        }
        String house = s.address() == null ? null : org.chartkeeper.patient.match.AddressStandardizer.houseNumber(
                org.chartkeeper.patient.match.AddressStandardizer.standardize(s.address()));
        if (s.address() != null) {
            // narrowed here by the house number (or the first word); the service compares standardized addresses
            sql.append(" and upper(address_line) like ?");
            params.add(house != null ? escape(house) + "%"
                    : "%" + escape(s.address().strip().split("\\s+")[0].toUpperCase(Locale.ROOT)) + "%");
        }
        sql.append(" order by family_name, given_name, birth_date, id limit ").append(s.address() == null ? limit : 5000);
        return jdbc.sql(sql.toString()).params(params).query(PatientRepository::map).list();
    }

    int updateContact(long id, int expectedVersion, String addressLine, String city, String state, String postalCode,
                      String phone, String email, OffsetDateTime now) {
        return jdbc.sql("update patient set address_line = ?, city = ?, state = ?, postal_code = ?, phone = ?,"
                        + " phone_digits = ?, email = ?, updated_at = ?, version = version + 1 where id = ? and version = ?")
                .params(addressLine, city, state, postalCode, phone,
                        phone == null ? null : RegistrationRules.digits(phone), email, now, id, expectedVersion)
                .update();
    }

    int updateIdentity(long id, int expectedVersion, String family, String given, String middle, LocalDate birthDate,
                       String sex, OffsetDateTime now) {
        return jdbc.sql("update patient set family_name = ?, given_name = ?, middle_name = ?, birth_date = ?, sex = ?,"
                        + " updated_at = ?, version = version + 1 where id = ? and version = ?")
                .params(family, given, middle, birthDate, sex, now, id, expectedVersion)
                .update();
    }

    long count() {
        return jdbc.sql("select count(*) from patient").query(Long.class).single();
    }

    /**
     * A facility by code, or the first by code when none is given (where registration assigns MRNs). Facilities are
     * set up, not changed in use (no screen or API changes them): one found is reused for {@value #FACILITY_TTL_MILLIS}
     * ms, so a registration does not read it each time; one not found is looked for again at each call.
     */
    Optional<Facility> facility(String code) {
        String key = code == null ? "" : code;
        CachedFacility c = facilityCache.get(key);
        long now = System.nanoTime();
        if (c != null && now - c.at() < FACILITY_TTL_MILLIS * 1_000_000L) return Optional.of(c.facility());
        Optional<Facility> found = readFacility(code);
        if (facilityCache.size() > 1000) facilityCache.clear();
        found.ifPresentOrElse(f -> facilityCache.put(key, new CachedFacility(f, now)), () -> facilityCache.remove(key));
        return found;
    }

    static final long FACILITY_TTL_MILLIS = 10_000;

    private record CachedFacility(Facility facility, long at) {}

    private final Map<String, CachedFacility> facilityCache = new java.util.concurrent.ConcurrentHashMap<>();

    private Optional<Facility> readFacility(String code) {
        String sql = "select code, name, assigning_authority from facility"
                + (code == null ? " order by code limit 1" : " where code = ?");
        var spec = jdbc.sql(sql);
        if (code != null) spec = spec.param(code);
        return spec.query((rs, n) -> new Facility(rs.getString(1), rs.getString(2), rs.getString(3))).optional();
    }

    List<Facility> facilities() {
        return jdbc.sql("select code, name, assigning_authority from facility order by code")
                .query((rs, n) -> new Facility(rs.getString(1), rs.getString(2), rs.getString(3))).list();
    }

    /** The facilities with the time of their last change (FHIR Organization's meta.lastUpdated). */
    List<PatientService.FacilityView> facilitiesChanged() {
        return jdbc.sql("select code, name, assigning_authority, updated_at from facility order by code")
                .query((rs, n) -> new PatientService.FacilityView(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, java.time.OffsetDateTime.class).toInstant())).list();
    }

    /** The next {@code n} MRN numbers (one round trip for the lot). */
    List<Long> nextMrnNumbers(int n) {
        // one number (every interface registration) without the set function: PostgreSQL planned that statement
        // afresh at every call (its custom plan, which knows the count, always looked cheaper than the generic one)
        if (n == 1) return jdbc.sql("select nextval('patient_mrn_seq')").query(Long.class).list();
        return jdbc.sql("select nextval('patient_mrn_seq') from generate_series(1, ?)").param(n).query(Long.class).list();
    }

    boolean mrnTaken(String facilityCode, String mrn) {
        return jdbc.sql("select count(*) from patient where facility_code = ? and mrn = ?").params(facilityCode, mrn)
                .query(Long.class).single() > 0;
    }

    /** Which of these identifiers (system|value) already belong to a patient. */
    /** A patient holding an identifier of that value, with the identifier's system (the caller matches the pair). */
    record Owner(String system, String value, Patient patient) {}

    private static final String OWNER_SELECT = "select p." + COLUMNS.replace(", ", ", p.")
            + ", i.system_uri, i.id_value from patient_identifier i join patient p on p.id = i.patient_id"
            + " where i.id_value in (:v)";

    /** The patients holding identifiers of these values, read with their rows in one round trip. */
    List<Owner> owners(Collection<Demographics.Identifier> ids) {
        List<Owner> out = new ArrayList<>();
        List<String> values = ids.stream().map(Demographics.Identifier::value).distinct().toList();
        for (int i = 0; i < values.size(); i += 500) {
            out.addAll(jdbc.sql(OWNER_SELECT).param("v", values.subList(i, Math.min(values.size(), i + 500)))
                    .query((rs, n) -> new Owner(rs.getString(25), rs.getString(26), map(rs, n))).list());
        }
        return out;
    }

    Map<String, Long> identifierOwners(Collection<Demographics.Identifier> ids) {
        Map<String, Long> out = new HashMap<>();
        List<String> values = ids.stream().map(Demographics.Identifier::value).distinct().toList();
        for (int i = 0; i < values.size(); i += 500) {
            jdbc.sql("select system_uri, id_value, patient_id from patient_identifier where id_value in (:v)")
                    .param("v", values.subList(i, Math.min(values.size(), i + 500)))
                    .query(rs -> {
                        out.put(rs.getString(1) + "|" + rs.getString(2), rs.getLong(3));
                    });
        }
        return out;
    }

    /** Inserts the patients in one batch and returns their new ids, in order. */
    List<Long> insertAll(List<NewRow> rows, OffsetDateTime now) {
        KeyHolder keys = new GeneratedKeyHolder();
        template.batchUpdate(con -> con.prepareStatement(INSERT, new String[] {"id"}), new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                bind(ps, rows.get(i), now);
            }

            @Override
            public int getBatchSize() {
                return rows.size();
            }
        }, keys);
        List<Long> ids = new ArrayList<>(rows.size());
        for (Map<String, Object> k : keys.getKeyList()) ids.add(((Number) k.get("id")).longValue());
        if (ids.size() != rows.size()) {
            throw new IllegalStateException("expected " + rows.size() + " generated ids, got " + ids.size());
        }
        return ids;
    }

    /** A patient inserted with the MRN it was assigned; {@code alongWritten} when its identifiers and history are too. */
    record Inserted(long id, String mrn, boolean alongWritten) {}

    /**
     * What a registration writes along with the patient row: the MRN as an identifier under the facility's
     * authority, the other identifiers, and the history entry (its text, which the MRN ends).
     */
    record Along(String authority, List<NewIdentifier> others, String changedBy, String historyBeforeMrn) {}

    /**
     * As {@link #insertAssigningMrn(NewRow, OffsetDateTime)}; on PostgreSQL the identifiers and the history entry of
     * {@code along} are written in the same statement (data-modifying CTEs), and {@link Inserted#alongWritten} says so.
     */
    Inserted insertAssigningMrn(NewRow row, OffsetDateTime now, Along along) {
        if (!postgres()) return insertAssigningMrn(row, now);
        StringBuilder sql = new StringBuilder("with p as (").append(INSERT_ASSIGNING_MRN).append(" returning id, mrn),"
                + " i as (insert into patient_identifier (patient_id, system_uri, id_value, type_code, status, created_at)"
                + " select p.id, cast(? as varchar), p.mrn, 'MR', 'active', cast(? as timestamp with time zone) from p");
        for (int k = 0; k < along.others().size(); k++) {
            sql.append(" union all select p.id, cast(? as varchar), cast(? as varchar), cast(? as varchar), 'active',"
                    + " cast(? as timestamp with time zone) from p");
        }
        sql.append("), h as (insert into patient_history (patient_id, changed_at, changed_by, field, old_value, new_value)"
                + " select p.id, cast(? as timestamp with time zone), cast(? as varchar), 'registered', null,"
                + " cast(? as varchar) || p.mrn from p) select id, mrn from p");
        return template.query(con -> {
            PreparedStatement ps = con.prepareStatement(sql.toString());
            bind(ps, row, now);
            int k = 23;
            ps.setString(k++, along.authority());
            ps.setObject(k++, now, Types.TIMESTAMP_WITH_TIMEZONE);
            for (NewIdentifier x : along.others()) {
                ps.setString(k++, x.system());
                ps.setString(k++, x.value());
                ps.setString(k++, x.typeCode());
                ps.setObject(k++, now, Types.TIMESTAMP_WITH_TIMEZONE);
            }
            ps.setObject(k++, now, Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setString(k++, along.changedBy());
            ps.setString(k, clip(along.historyBeforeMrn()));
            return ps;
        }, rs -> {
            if (!rs.next()) throw new IllegalStateException("no patient inserted");
            return new Inserted(rs.getLong(1), rs.getString(2), true);
        });
    }

    /**
     * On PostgreSQL, the contact change and its history entries in one statement; false if the version moved on
     * (nothing written). Elsewhere, or without entries, as {@link #updateContact} then {@link #insertHistory}.
     */
    boolean updateContactWithHistory(long id, int expectedVersion, String addressLine, String city, String state,
                                     String postalCode, String phone, String email, OffsetDateTime now,
                                     List<NewHistory> changes) {
        if (changes.isEmpty() || !postgres()) {
            if (updateContact(id, expectedVersion, addressLine, city, state, postalCode, phone, email, now) == 0) return false;
            insertHistory(changes, now);
            return true;
        }
        StringBuilder sql = new StringBuilder("with u as (update patient set address_line = ?, city = ?, state = ?,"
                + " postal_code = ?, phone = ?, phone_digits = ?, email = ?, updated_at = ?, version = version + 1"
                + " where id = ? and version = ? returning id) insert into patient_history (patient_id, changed_at,"
                + " changed_by, field, old_value, new_value)");
        List<Object> args = new ArrayList<>(java.util.Arrays.asList(addressLine, city, state, postalCode, phone,
                phone == null ? null : RegistrationRules.digits(phone), email, now, id, expectedVersion));
        for (int k = 0; k < changes.size(); k++) {
            NewHistory h = changes.get(k);
            sql.append(k == 0 ? " " : " union all ").append("select u.id, cast(? as timestamp with time zone),"
                    + " cast(? as varchar), cast(? as varchar), cast(? as varchar), cast(? as varchar) from u");
            args.addAll(java.util.Arrays.asList(now, h.changedBy(), h.field(), clip(h.oldValue()), clip(h.newValue())));
        }
        return jdbc.sql(sql.toString()).params(args).update() == changes.size();
    }

    private boolean postgres() {
        return database.postgres();
    }

    /**
     * Inserts one patient whose MRN is assigned from the sequence in the same statement (one round trip less than
     * {@link #nextMrnNumbers} then {@link #insertAll}): M and the number, at least 8 digits, as registration formats it.
     */
    Inserted insertAssigningMrn(NewRow row, OffsetDateTime now) {
        KeyHolder keys = new GeneratedKeyHolder();
        template.update(con -> {
            PreparedStatement ps = con.prepareStatement(INSERT_ASSIGNING_MRN, new String[] {"id", "mrn"});
            bind(ps, row, now);
            return ps;
        }, keys);
        Map<String, Object> k = keys.getKeys();
        if (k == null) throw new IllegalStateException("no generated id");
        return new Inserted(((Number) k.get("id")).longValue(), (String) k.get("mrn"), false);
    }

    /** The MRN of sequence number {@code s.n} in SQL: as {@code String.format("M%08d", n)}, never cut short. */
    static final String MRN_OF_NUMBER = "'M' || lpad(cast(s.n as varchar), greatest(8, length(cast(s.n as varchar))), '0')";

    private static final String INSERT_ASSIGNING_MRN = INSERT.replaceFirst("values \\(\\?,\\?,",
            "values (?,coalesce(?, (select " + MRN_OF_NUMBER + " from (select nextval('patient_mrn_seq') as n) s)),");

    private static void bind(PreparedStatement ps, NewRow r, OffsetDateTime now) throws SQLException {
        RegistrationRules.Valid v = r.v();
        ps.setString(1, r.facilityCode());
        ps.setString(2, r.mrn());
        ps.setString(3, v.family());
        ps.setString(4, v.given());
        ps.setString(5, v.middle());
        ps.setObject(6, v.birthDate());
        ps.setString(7, v.sex());
        ps.setString(8, v.addressLine());
        ps.setString(9, v.city());
        ps.setString(10, v.state());
        ps.setString(11, v.postalCode());
        ps.setString(12, v.phone());
        ps.setString(13, v.phoneDigits());
        ps.setString(14, v.email());
        ps.setString(15, r.ssnLast4());
        ps.setString(16, r.ssnEncrypted());
        ps.setString(17, v.language());
        ps.setString(18, v.race());
        ps.setString(19, v.ethnicity());
        ps.setBoolean(20, false);
        ps.setObject(21, now, Types.TIMESTAMP_WITH_TIMEZONE);
        ps.setObject(22, now, Types.TIMESTAMP_WITH_TIMEZONE);
    }

    void insertIdentifiers(List<NewIdentifier> rows, OffsetDateTime now) {
        if (rows.isEmpty()) return;
        template.batchUpdate("insert into patient_identifier (patient_id, system_uri, id_value, type_code, status,"
                + " created_at) values (?, ?, ?, ?, 'active', ?)", new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                NewIdentifier r = rows.get(i);
                ps.setLong(1, r.patientId());
                ps.setString(2, r.system());
                ps.setString(3, r.value());
                ps.setString(4, r.typeCode());
                ps.setObject(5, now, Types.TIMESTAMP_WITH_TIMEZONE);
            }

            @Override
            public int getBatchSize() {
                return rows.size();
            }
        });
    }

    /** Replaces one identifier of a patient (system and value) in place; the number of rows changed. */
    int replaceIdentifier(long patientId, String oldSystem, String oldValue, String newSystem, String newValue,
                          String typeCode) {
        return jdbc.sql("update patient_identifier set system_uri = ?, id_value = ?, type_code = ? where patient_id = ?"
                        + " and system_uri = ? and id_value = ?")
                .params(newSystem, newValue, typeCode, patientId, oldSystem, oldValue).update();
    }

    /** The patient's MRN at its facility follows a change of the identifier it is. */
    int replaceMrn(long patientId, String oldMrn, String newMrn, OffsetDateTime now) {
        return jdbc.sql("update patient set mrn = ?, updated_at = ?, version = version + 1 where id = ? and mrn = ?")
                .params(newMrn, now, patientId, oldMrn).update();
    }

    void insertHistory(List<NewHistory> rows, OffsetDateTime now) {
        if (rows.isEmpty()) return;
        template.batchUpdate("insert into patient_history (patient_id, changed_at, changed_by, field, old_value, new_value)"
                + " values (?, ?, ?, ?, ?, ?)", new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                NewHistory r = rows.get(i);
                ps.setLong(1, r.patientId());
                ps.setObject(2, now, Types.TIMESTAMP_WITH_TIMEZONE);
                ps.setString(3, r.changedBy());
                ps.setString(4, r.field());
                ps.setString(5, clip(r.oldValue()));
                ps.setString(6, clip(r.newValue()));
            }

            @Override
            public int getBatchSize() {
                return rows.size();
            }
        });
    }

    List<PatientHistoryEntry> history(long patientId) {
        return jdbc.sql("select id, changed_at, changed_by, field, old_value, new_value from patient_history"
                        + " where patient_id = ? order by id desc")
                .param(patientId)
                .query((rs, n) -> new PatientHistoryEntry(rs.getLong(1),
                        rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)))
                .list();
    }

    private static String clip(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    static Patient map(ResultSet rs, int n) throws SQLException {
        return new Patient(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getObject(7, LocalDate.class), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15),
                rs.getBoolean(16), rs.getObject(17, OffsetDateTime.class).toInstant(),
                rs.getObject(18, OffsetDateTime.class).toInstant(), rs.getInt(19), rs.getString(20), rs.getString(21),
                rs.getString(22), rs.getString(23), rs.getObject(24, Long.class));
    }
}
