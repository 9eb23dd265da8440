package org.chartkeeper.patient;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class PatientRepository {

    static final String COLUMNS = "id, facility_code, mrn, family_name, given_name, middle_name, birth_date, sex,"
            + " address_line, city, state, postal_code, phone, email, ssn_last4, restricted, created_at, updated_at, version";

    private final JdbcClient jdbc;

    PatientRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Patient> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from patient where id = ?").param(id).query(PatientRepository::map).optional();
    }

    List<PatientIdentifier> identifiers(long id) {
        return jdbc.sql("select p.mrn, f.code, f.name, f.assigning_authority from patient p"
                        + " join facility f on f.code = p.facility_code where p.id = ?")
                .param(id)
                .query((rs, n) -> new PatientIdentifier("MRN", rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4)))
                .list();
    }

    Optional<Boolean> restricted(long id) {
        return jdbc.sql("select restricted from patient where id = ?").param(id).query(Boolean.class).optional();
    }

    boolean inCareOf(long userId, long patientId) {
        return jdbc.sql("select count(*) from encounter e join provider p on p.id = e.attending_provider_id"
                        + " where e.patient_id = ? and p.user_id = ?")
                .params(patientId, userId).query(Long.class).single() > 0;
    }

    List<Patient> search(PatientSearch s, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from patient where 1=1");
        List<Object> params = new ArrayList<>();
        if (s.name() != null && !s.name().isBlank()) {
            String[] parts = s.name().strip().toUpperCase(Locale.ROOT).split("\\s*,\\s*|\\s+", 2);
            sql.append(" and upper(family_name) like ?");
            params.add(escape(parts[0]) + "%");
            if (parts.length > 1 && !parts[1].isBlank()) {
                sql.append(" and upper(given_name) like ?");
                params.add(escape(parts[1]) + "%");
            }
        }
        if (s.birthDate() != null) {
            sql.append(" and birth_date = ?");
            params.add(s.birthDate());
        }
        if (s.mrn() != null && !s.mrn().isBlank()) {
            sql.append(" and mrn = ?");
            params.add(s.mrn().strip().toUpperCase(Locale.ROOT));
        }
        sql.append(" order by family_name, given_name, birth_date, id limit ").append(limit);
        return jdbc.sql(sql.toString()).params(params).query(PatientRepository::map).list();
    }

    int updateContact(long id, int expectedVersion, String addressLine, String city, String state, String postalCode,
                      String phone, String email, OffsetDateTime now) {
        return jdbc.sql("update patient set address_line = ?, city = ?, state = ?, postal_code = ?, phone = ?, email = ?,"
                        + " updated_at = ?, version = version + 1 where id = ? and version = ?")
                .params(addressLine, city, state, postalCode, phone, email, now, id, expectedVersion).update();
    }

    long count() {
        return jdbc.sql("select count(*) from patient").query(Long.class).single();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    static Patient map(ResultSet rs, int n) throws SQLException {
        return new Patient(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getObject(7, LocalDate.class), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15),
                rs.getBoolean(16), rs.getObject(17, OffsetDateTime.class).toInstant(),
                rs.getObject(18, OffsetDateTime.class).toInstant(), rs.getInt(19));
    }
}
