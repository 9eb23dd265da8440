package org.chartkeeper.patient;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chartkeeper.security.SecretCipher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Bulk loading of synthetic patients for benchmarks ({@code bench mpi-scan}): multi-row inserts straight into the
 * patient table of facility {@code SYNTH}, bypassing registration. Not for real patients.
 */
@Service
public class SyntheticPatientService {

    public static final String FACILITY = "SYNTH";
    private static final int ROWS_PER_INSERT = 500;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final SecretCipher cipher;

    public SyntheticPatientService(JdbcTemplate jdbc, TransactionTemplate tx, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.cipher = cipher;
    }

    /** Inserts the people in order, MRNs S000000001...; returns patient id by position in the list. */
    public long[] load(List<Demographics> people, java.util.function.LongConsumer progress) {
        jdbc.update("insert into facility (code, name, assigning_authority) select ?, 'Synthetic population',"
                + " '2.16.840.1.113883.3.9999.99' where not exists (select 1 from facility where code = ?)", FACILITY, FACILITY);
        long offset = jdbc.queryForObject("select count(*) from patient where facility_code = ?", Long.class, FACILITY);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String columns = "(facility_code, mrn, family_name, given_name, middle_name, birth_date, sex, address_line, city,"
                + " state, postal_code, phone, email, ssn_encrypted, ssn_last4, restricted, created_at, updated_at)";
        String one = "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,false,?,?)";
        for (int start = 0; start < people.size(); start += ROWS_PER_INSERT * 20) {
            int from = start;
            tx.executeWithoutResult(s -> {
                for (int b = from; b < Math.min(people.size(), from + ROWS_PER_INSERT * 20); b += ROWS_PER_INSERT) {
                    int end = Math.min(people.size(), b + ROWS_PER_INSERT);
                    StringBuilder sql = new StringBuilder("insert into patient ").append(columns).append(" values ");
                    List<Object> args = new ArrayList<>((end - b) * 17);
                    for (int i = b; i < end; i++) {
                        Demographics d = people.get(i);
                        if (i > b) sql.append(',');
                        sql.append(one);
                        String ssn = d.ssn() == null ? null : d.ssn().replaceAll("\\D", "");
                        args.add(FACILITY);
                        args.add(String.format("S%09d", offset + i + 1));
                        args.add(cut(d.familyName(), 100));
                        args.add(cut(d.givenName(), 100));
                        args.add(cut(d.middleName(), 100));
                        args.add(d.birthDate());
                        args.add(d.sex() == null ? "unknown" : d.sex());
                        args.add(cut(d.addressLine(), 200));
                        args.add(cut(d.city(), 100));
                        args.add(d.state());
                        args.add(d.postalCode());
                        args.add(d.phone());
                        args.add(cut(d.email(), 200));
                        args.add(ssn == null ? null : cipher.encrypt(ssn));
                        args.add(ssn == null || ssn.length() < 4 ? null : ssn.substring(ssn.length() - 4));
                        args.add(now);
                        args.add(now);
                    }
                    jdbc.update(sql.toString(), args.toArray());
                }
            });
            progress.accept(Math.min(people.size(), start + ROWS_PER_INSERT * 20));
        }
        Map<String, Long> byMrn = new HashMap<>();
        jdbc.query("select mrn, id from patient where facility_code = ?", rs -> {
            byMrn.put(rs.getString(1), rs.getLong(2));
        }, FACILITY);
        long[] ids = new long[people.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = byMrn.get(String.format("S%09d", offset + i + 1));
        return ids;
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
