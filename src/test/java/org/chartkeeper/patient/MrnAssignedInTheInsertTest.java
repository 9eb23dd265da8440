package org.chartkeeper.patient;

import static org.assertj.core.api.Assertions.assertThat;

import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A single registration draws its MRN from the sequence inside the insert: the number is formatted in SQL exactly as
 * registration formats the numbers it draws for a batch (M and at least eight digits, a longer number never cut).
 */
@IntegrationTest
class MrnAssignedInTheInsertTest {

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    private String registered(String family) {
        var r = Api.as(port, "him").post("/api/patients", RegistrationApiTest.person(family, null));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JsonMapper.builder().build().readTree(r.body()).get("mrn").asString();
    }

    @Test
    void the_sql_format_of_a_number_is_the_batch_format_for_every_length() {
        for (long n : new long[] {1, 42, 10_000_001, 99_999_999, 100_000_000, 123_456_789, 9_876_543_210L}) {
            String sql = jdbc.sql("select " + PatientRepository.MRN_OF_NUMBER + " from (select cast(? as bigint) as n) s")
                    .param(n).query(String.class).single();
            assertThat(sql).as("MRN of %d", n).isEqualTo(String.format("M%08d", n));
        }
    }

    @Test
    void patients_registered_one_at_a_time_get_consecutive_numbers_of_the_sequence() {
        String a = registered(RegistrationApiTest.uniqueName());
        String b = registered(RegistrationApiTest.uniqueName());
        assertThat(a).matches("M\\d{8,}");
        assertThat(b).matches("M\\d{8,}");
        assertThat(Long.parseLong(b.substring(1))).isGreaterThan(Long.parseLong(a.substring(1)));
        long stored = jdbc.sql("select count(*) from patient where mrn in (?, ?)").params(a, b).query(Long.class).single();
        assertThat(stored).isEqualTo(2);
        // written with it (on PostgreSQL in the same statement): the MRN and the other identifiers, and the history
        long id = jdbc.sql("select id from patient where mrn = ?").param(b).query(Long.class).single();
        assertThat(jdbc.sql("select type_code || ':' || id_value from patient_identifier where patient_id = ?"
                + " and status = 'active' order by type_code").param(id).query(String.class).list())
                .containsExactly("MB:MB-" + jdbc.sql("select family_name from patient where id = ?").param(id)
                        .query(String.class).single(), "MR:" + b);
        assertThat(jdbc.sql("select new_value from patient_history where patient_id = ? and field = 'registered'")
                .param(id).query(String.class).list()).singleElement().asString().endsWith(" with MRN " + b);
    }
}
