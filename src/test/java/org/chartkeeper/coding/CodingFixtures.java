package org.chartkeeper.coding;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Encounters to code in tests. */
final class CodingFixtures {

    private CodingFixtures() {}

    /** A woman born in 1980, admitted 2026-01-10 and discharged 2026-01-15 (or a visit of that class then). */
    static long encounter(JdbcClient jdbc, String encounterClass) {
        return encounter(jdbc, encounterClass, OffsetDateTime.of(2026, 1, 10, 9, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(2026, 1, 15, 12, 0, 0, 0, ZoneOffset.UTC));
    }

    /** As {@link #encounter(JdbcClient, String)}, admitted and discharged at the times given. */
    static long encounter(JdbcClient jdbc, String encounterClass, OffsetDateTime admit, OffsetDateTime discharge) {
        String mrn = "C" + UUID.randomUUID().toString().substring(0, 8);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("insert into patient (facility_code, mrn, family_name, given_name, birth_date, sex, restricted,"
                        + " created_at, updated_at) values ('CKGH', ?, 'Codingtest', 'Ada', ?, 'female', false, ?, ?)")
                .params(mrn, LocalDate.of(1980, 3, 1), now, now).update();
        long patient = jdbc.sql("select id from patient where mrn = ?").param(mrn).query(Long.class).single();
        jdbc.sql("insert into encounter (patient_id, account_number, encounter_class, status, admit_at, discharge_at)"
                        + " values (?, ?, ?, 'finished', ?, ?)")
                .params(patient, "A" + mrn, encounterClass, admit, discharge).update();
        return jdbc.sql("select id from encounter where account_number = ?").param("A" + mrn).query(Long.class).single();
    }
}
