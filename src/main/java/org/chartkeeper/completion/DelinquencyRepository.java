package org.chartkeeper.completion;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The delinquency figures. A record is delinquent while its record-complete deficiency (or one of a rule of that kind)
 * is open; at a past time T it was delinquent if that deficiency was due by T and neither resolved nor waived by T.
 */
@Repository
class DelinquencyRepository {

    private static final String COMPLETE_RULES = "(select code from deficiency_rule where check_type = 'RECORD_COMPLETE')";

    private final JdbcClient jdbc;

    DelinquencyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<DelinquencyReport.Record> records(int limit) {
        return jdbc.sql("select e.id, e.patient_id, p.mrn, p.family_name || ', ' || p.given_name, e.account_number,"
                        + " e.department, pr.name, e.discharge_at, x.due_at,"
                        + " (select count(*) from deficiency o where o.encounter_id = e.id and o.status = 'open'"
                        + " and o.rule_code not in " + COMPLETE_RULES + ")"
                        + " from deficiency x join encounter e on e.id = x.encounter_id join patient p on p.id = e.patient_id"
                        + " left join provider pr on pr.id = e.attending_provider_id"
                        + " where x.status = 'open' and x.rule_code in " + COMPLETE_RULES
                        + " order by x.due_at, e.id limit ?")
                .param(limit)
                .query((rs, n) -> new DelinquencyReport.Record(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        DeficiencyRepository.instant(rs, 8), DeficiencyRepository.instant(rs, 9), rs.getLong(10)))
                .list();
    }

    long delinquentAt(Instant t) {
        var at = DeficiencyRepository.utc(t);
        return jdbc.sql("select count(*) from deficiency x where x.rule_code in " + COMPLETE_RULES
                        + " and x.due_at <= ? and (x.resolved_at is null or x.resolved_at > ?)"
                        + " and (x.waived_at is null or x.waived_at > ?)")
                .params(at, at, at).query(Long.class).single();
    }

    /** Discharges in [from, to) of the encounter classes the record-complete rules apply to. */
    long discharges(Instant from, Instant to) {
        return jdbc.sql("select count(*) from encounter e where e.discharge_at >= ? and e.discharge_at < ?"
                        + " and e.status <> 'cancelled' and exists (select 1 from deficiency_rule r where r.check_type = 'RECORD_COMPLETE'"
                        + " and r.active and (r.encounter_class is null or r.encounter_class = e.encounter_class))")
                .params(DeficiencyRepository.utc(from), DeficiencyRepository.utc(to)).query(Long.class).single();
    }

    List<DelinquencyReport.ByProvider> byProvider() {
        return jdbc.sql("select pr.id, pr.name, count(distinct o.encounter_id), count(*) from deficiency o"
                        + " join provider pr on pr.id = o.responsible_provider_id"
                        + " where o.status = 'open' and o.rule_code not in " + COMPLETE_RULES
                        + " and o.encounter_id in (select x.encounter_id from deficiency x where x.status = 'open'"
                        + " and x.rule_code in " + COMPLETE_RULES + ")"
                        + " group by pr.id, pr.name order by count(distinct o.encounter_id) desc, pr.name")
                .query((rs, n) -> new DelinquencyReport.ByProvider(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4)))
                .list();
    }
}
