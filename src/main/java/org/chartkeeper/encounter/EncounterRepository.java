package org.chartkeeper.encounter;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class EncounterRepository {

    private static final String SELECT = "select e.id, e.patient_id, e.account_number, e.encounter_class, e.status,"
            + " e.admit_at, e.discharge_at, e.attending_provider_id, p.name, e.department, e.discharge_disposition,"
            + " e.version, e.updated_at from encounter e left join provider p on p.id = e.attending_provider_id";

    private final JdbcClient jdbc;
    private final org.springframework.jdbc.core.JdbcTemplate template;
    private final java.util.concurrent.ConcurrentHashMap<String, ProviderRef> providerIds = new java.util.concurrent.ConcurrentHashMap<>();

    private final org.chartkeeper.DatabaseKind database;

    EncounterRepository(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate template,
                        org.chartkeeper.DatabaseKind database) {
        this.jdbc = jdbc;
        this.template = template;
        this.database = database;
    }

    List<Encounter> forPatient(long patientId) {
        return jdbc.sql(SELECT + " where e.patient_id = ? order by e.admit_at desc").param(patientId)
                .query(EncounterRepository::map).list();
    }

    Optional<Encounter> find(long id) {
        return jdbc.sql(SELECT + " where e.id = ?").param(id).query(EncounterRepository::map).optional();
    }

    List<Encounter> search(long patientId, OffsetDateTime from, OffsetDateTime to, String status, String encounterClass,
                           int limit) {
        StringBuilder sql = new StringBuilder(SELECT + " where e.patient_id = :patient");
        var params = new java.util.LinkedHashMap<String, Object>();
        params.put("patient", patientId);
        // an encounter matches a date range when its period overlaps it
        if (from != null) {
            sql.append(" and (e.discharge_at is null or e.discharge_at >= :from)");
            params.put("from", from);
        }
        if (to != null) {
            sql.append(" and e.admit_at <= :to");
            params.put("to", to);
        }
        if (status != null) {
            sql.append(" and e.status = :status");
            params.put("status", status);
        }
        if (encounterClass != null) {
            sql.append(" and e.encounter_class = :class");
            params.put("class", encounterClass);
        }
        sql.append(" order by e.admit_at desc, e.id limit ").append(limit);
        return jdbc.sql(sql.toString()).params(params).query(EncounterRepository::map).list();
    }

    /** The encounters of these patients (changed since the given time if one is given), by patient and admission. */
    List<Encounter> forPatients(java.util.Collection<Long> patientIds, OffsetDateTime changedSince) {
        if (patientIds.isEmpty()) return List.of();
        String since = changedSince == null ? "" : " and e.updated_at >= :since";
        var spec = jdbc.sql(SELECT + " where e.patient_id in (:ids)" + since + " order by e.patient_id, e.admit_at, e.id")
                .param("ids", patientIds);
        if (changedSince != null) spec = spec.param("since", changedSince);
        return spec.query(EncounterRepository::map).list();
    }

    Optional<Encounter> findByAccount(String accountNumber) {
        return jdbc.sql(SELECT + " where e.account_number = ?").param(accountNumber).query(EncounterRepository::map).optional();
    }

    /** Where the patient is now and was before the last transfer, and the status before a discharge or cancel. */
    record Place(String location, String priorLocation, String priorStatus) {}

    Place place(long id) {
        return jdbc.sql("select location, prior_location, prior_status from encounter where id = ?").param(id)
                .query((rs, n) -> new Place(rs.getString(1), rs.getString(2), rs.getString(3))).single();
    }

    /** Many new encounters in one batch; returns their ids by account number. */
    java.util.Map<String, Long> insertAll(List<Object[]> rows) {
        if (rows.isEmpty()) return java.util.Map.of();
        template.batchUpdate("insert into encounter (patient_id, account_number, encounter_class, status, admit_at,"
                + " discharge_at, attending_provider_id, department, discharge_disposition, location, updated_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
        return ids(rows.stream().map(r -> (String) r[1]).toList());
    }

    /** The ids of the encounters with these account numbers. */
    java.util.Map<String, Long> ids(java.util.Collection<String> accounts) {
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        List<String> all = List.copyOf(accounts);
        for (int i = 0; i < all.size(); i += 1000) {
            jdbc.sql("select account_number, id from encounter where account_number in (:a)")
                    .param("a", all.subList(i, Math.min(all.size(), i + 1000)))
                    .query((rs, n) -> out.put(rs.getString(1), rs.getLong(2))).list();
        }
        return out;
    }

    long insert(long patientId, String account, String encounterClass, String status, OffsetDateTime admitAt,
                OffsetDateTime dischargeAt, Long attending, String department, String disposition, String location,
                OffsetDateTime now) {
        org.springframework.jdbc.support.GeneratedKeyHolder keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("insert into encounter (patient_id, account_number, encounter_class, status, admit_at, discharge_at,"
                        + " attending_provider_id, department, discharge_disposition, location, updated_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(patientId, account, encounterClass, status, admitAt, dischargeAt, attending, department,
                        disposition, location, now)
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    /**
     * PostgreSQL only: inserts the encounter unless one with this account number exists, in which case nothing is
     * written (and the transaction goes on); its id, or empty.
     */
    java.util.OptionalLong insertUnlessAccountExists(long patientId, String account, String encounterClass, String status,
                                                     OffsetDateTime admitAt, OffsetDateTime dischargeAt, Long attending,
                                                     String department, String disposition, String location,
                                                     OffsetDateTime now) {
        return jdbc.sql("insert into encounter (patient_id, account_number, encounter_class, status, admit_at, discharge_at,"
                        + " attending_provider_id, department, discharge_disposition, location, updated_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (account_number) do nothing returning id")
                .params(patientId, account, encounterClass, status, admitAt, dischargeAt, attending, department,
                        disposition, location, now)
                .query((rs, n) -> rs.getLong(1)).optional()
                .map(java.util.OptionalLong::of).orElse(java.util.OptionalLong.empty());
    }

    boolean postgres() {
        return database.postgres();
    }

    /** Sets the visit's values (nulls keep what is stored) and its status; false if the version moved on. */
    boolean update(Encounter e, String encounterClass, String status, OffsetDateTime admitAt, Long attending,
                   String department, String location, OffsetDateTime now) {
        return jdbc.sql("update encounter set encounter_class = coalesce(?, encounter_class), status = ?,"
                        + " admit_at = coalesce(?, admit_at), attending_provider_id = coalesce(?, attending_provider_id),"
                        + " department = coalesce(?, department), location = coalesce(?, location), updated_at = ?,"
                        + " version = version + 1 where id = ? and version = ?")
                .params(encounterClass, status, admitAt, attending, department, location, now, e.id(), e.version())
                .update() == 1;
    }

    boolean move(Encounter e, String location, String priorLocation, OffsetDateTime now) {
        return jdbc.sql("update encounter set location = ?, prior_location = ?, updated_at = ?, version = version + 1"
                        + " where id = ? and version = ?")
                .params(location, priorLocation, now, e.id(), e.version()).update() == 1;
    }

    /** A transfer: the patient is now at {@code location}, and where they were is kept as the prior location. */
    boolean transfer(Encounter e, String location, OffsetDateTime now) {
        // the right-hand side reads the row as it was: prior_location takes the location before this update
        return jdbc.sql("update encounter set prior_location = location, location = ?, updated_at = ?,"
                        + " version = version + 1 where id = ? and version = ?")
                .params(location, now, e.id(), e.version()).update() == 1;
    }

    /** What an update of one encounter returns: the row as {@link #SELECT} reads it, after the update. */
    private static final String RETURNING = " returning encounter.id, encounter.patient_id, encounter.account_number,"
            + " encounter.encounter_class, encounter.status, encounter.admit_at, encounter.discharge_at,"
            + " encounter.attending_provider_id, (select p.name from provider p where p.id = encounter.attending_provider_id),"
            + " encounter.department, encounter.discharge_disposition, encounter.version, encounter.updated_at";

    /**
     * PostgreSQL only: moves the patient's visit of this account to {@code location}, keeping the one left for a
     * cancel, and returns it as it is now; empty (nothing changed) if the patient has no visit of that account.
     */
    Optional<Encounter> transferByAccount(long patientId, String account, String location, OffsetDateTime now) {
        return jdbc.sql("update encounter set prior_location = location, location = ?, updated_at = ?,"
                        + " version = version + 1 where account_number = ? and patient_id = ?" + RETURNING)
                .params(location, now, account, patientId).query(EncounterRepository::map).optional();
    }

    /**
     * PostgreSQL only: ends the patient's visit of this account at {@code at}, keeping the status it had for a cancel
     * (a visit discharged again keeps the one from before the first discharge), and returns it as it is now; empty
     * (nothing changed) if the patient has no visit of that account or it was admitted after {@code at}.
     */
    Optional<Encounter> dischargeByAccount(long patientId, String account, OffsetDateTime at, String disposition,
                                           OffsetDateTime now) {
        return jdbc.sql("update encounter set discharge_at = ?, discharge_disposition = ?, status = 'finished',"
                        + " prior_status = case when status = 'finished' then prior_status else status end,"
                        + " updated_at = ?, version = version + 1 where account_number = ? and patient_id = ?"
                        + " and admit_at <= ?" + RETURNING)
                .params(at, disposition, now, account, patientId, at).query(EncounterRepository::map).optional();
    }

    /** An encounter before and after an update (before: as far as chart completion reads it). */
    record Updated(Encounter before, Encounter after) {}

    /**
     * PostgreSQL only: updates the patient's visit of this account as {@link #update} does (nulls keep what is
     * stored; the status is kept when none is given, and an admission does not reopen a finished visit), and returns
     * it before and after; empty (nothing changed) if the patient has no visit of that account.
     */
    Optional<Updated> updateByAccount(long patientId, String account, String encounterClass, String status,
                                      OffsetDateTime admitAt, Long attending, String department, String location,
                                      OffsetDateTime now) {
        return jdbc.sql("update encounter set encounter_class = coalesce(?, encounter.encounter_class),"
                        + " status = case when cast(? as varchar) is null or (encounter.status = 'finished'"
                        + " and cast(? as varchar) = 'in-progress') then encounter.status else cast(? as varchar) end,"
                        + " admit_at = coalesce(?, encounter.admit_at),"
                        + " attending_provider_id = coalesce(?, encounter.attending_provider_id),"
                        + " department = coalesce(?, encounter.department), location = coalesce(?, encounter.location),"
                        + " updated_at = ?, version = encounter.version + 1"
                        + " from (select id, encounter_class, status, admit_at, attending_provider_id from encounter"
                        + " where account_number = ? and patient_id = ? for no key update) old where encounter.id = old.id"
                        + RETURNING + ", old.encounter_class, old.status, old.admit_at, old.attending_provider_id")
                .params(encounterClass, status, status, status, admitAt, attending, department, location, now, account,
                        patientId)
                .query((rs, n) -> {
                    Encounter after = map(rs, n);
                    long oldAttending = rs.getLong(17);
                    boolean none = rs.wasNull();
                    Encounter before = new Encounter(after.id(), after.patientId(), after.accountNumber(),
                            rs.getString(14), rs.getString(15), rs.getObject(16, OffsetDateTime.class).toInstant(),
                            after.dischargeAt(), none ? null : oldAttending, null, null, null, after.version() - 1, null);
                    return new Updated(before, after);
                }).optional();
    }

    boolean discharge(Encounter e, OffsetDateTime at, String disposition, String status, String priorStatus,
                      OffsetDateTime now) {
        return jdbc.sql("update encounter set discharge_at = ?, discharge_disposition = ?, status = ?, prior_status = ?,"
                        + " updated_at = ?, version = version + 1 where id = ? and version = ?")
                .params(at, disposition, status, priorStatus, now, e.id(), e.version()).update() == 1;
    }

    boolean status(Encounter e, String status, String priorStatus, OffsetDateTime now) {
        return jdbc.sql("update encounter set status = ?, prior_status = ?, updated_at = ?, version = version + 1"
                        + " where id = ? and version = ?")
                .params(status, priorStatus, now, e.id(), e.version()).update() == 1;
    }

    /** The provider with this NPI, added under the given name the first time a feed names them. */
    long provider(String npi, String name) {
        return providerRef(npi, name).id();
    }

    /** A provider's id and name (neither changes once the provider is known, so they are kept in memory). */
    record ProviderRef(long id, String name) {}

    /** As {@link #provider}, with the name the provider is stored under. */
    ProviderRef providerRef(String npi, String name) {
        ProviderRef known = providerIds.get(npi);
        if (known != null) return known;
        Optional<ProviderRef> found = byNpi(npi);
        if (found.isPresent()) {
            if (providerIds.size() < 100_000) providerIds.put(npi, found.get());
            return found.get();
        }
        // two messages naming a new physician at once: one inserts, the other finds it
        jdbc.sql("insert into provider (npi, name) values (?, ?) on conflict do nothing")
                .params(npi, name == null || name.isBlank() ? "NPI " + npi : name).update();
        return byNpi(npi).orElseThrow();
    }

    private Optional<ProviderRef> byNpi(String npi) {
        return jdbc.sql("select id, name from provider where npi = ?").param(npi)
                .query((rs, n) -> new ProviderRef(rs.getLong(1), rs.getString(2))).optional();
    }

    long count() {
        return jdbc.sql("select count(*) from encounter").query(Long.class).single();
    }

    static Encounter map(ResultSet rs, int n) throws SQLException {
        long attending = rs.getLong(8);
        boolean none = rs.wasNull();
        OffsetDateTime discharge = rs.getObject(7, OffsetDateTime.class);
        return new Encounter(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getObject(6, OffsetDateTime.class).toInstant(), discharge == null ? null : discharge.toInstant(),
                none ? null : attending, rs.getString(9), rs.getString(10), rs.getString(11), rs.getInt(12),
                rs.getObject(13, OffsetDateTime.class).toInstant());
    }
}
