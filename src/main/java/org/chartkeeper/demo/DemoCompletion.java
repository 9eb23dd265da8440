package org.chartkeeper.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.completion.DeficiencyPassResult;
import org.chartkeeper.completion.DeficiencyService;
import org.chartkeeper.completion.NoticeService;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Chart completion in the demo hospital: surgical cases for the operations whose reports the demo record holds (and a
 * few whose report was never dictated), a chief for each department, then the deficiency analysis and the notices
 * as the nightly run would make them. Deficiencies due more than {@link #TRACKED_DAYS} days ago are waived as
 * predating tracking, and those past the suspension stage too except for the three providers furthest behind, so
 * the queues show the recent weeks' work and only those three are on the suspension list.
 */
final class DemoCompletion {

    static final int TRACKED_DAYS = 40;
    static final int SUSPENSION_DAYS = 21;

    private final JdbcTemplate jdbc;
    private final Instant now;

    DemoCompletion(JdbcTemplate jdbc, Instant now) {
        this.jdbc = jdbc;
        this.now = now;
    }

    record Outcome(int cases, DeficiencyPassResult pass, int waived, int notices) {}

    Outcome create(DeficiencyService deficiencies, NoticeService notices, Actor system) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        // each operative report documents a case that ended about an hour before it was dictated
        int cases = jdbc.update("insert into surgical_case (patient_id, encounter_id, surgeon_provider_id, procedure_text,"
                + " operating_room, started_at, ended_at, created_at) select d.patient_id, d.encounter_id, d.author_provider_id,"
                + " substring(d.title from 19), 'OR ' || cast(mod(d.id, 8) + 1 as varchar(2)),"
                + " d.service_at - interval '150' minute, d.service_at - interval '60' minute, ?"
                + " from document d where d.type_code = 'operative-report' and d.encounter_id is not null", at);
        // one surgical inpatient stay in five without a report: the case happened, the report is missing
        cases += jdbc.update("insert into surgical_case (patient_id, encounter_id, surgeon_provider_id, procedure_text,"
                + " operating_room, started_at, ended_at, created_at) select e.patient_id, e.id, e.attending_provider_id,"
                + " 'Exploratory laparotomy', 'OR 3', e.admit_at + interval '6' hour, e.admit_at + interval '8' hour, ?"
                + " from encounter e where e.encounter_class = 'INPATIENT' and e.department in ('General Surgery', 'Orthopedics')"
                + " and mod(e.id, 5) = 0 and e.admit_at + interval '8' hour < ? and not exists (select 1 from document d"
                + " where d.encounter_id = e.id and d.type_code = 'operative-report')", at, at);
        jdbc.update("insert into department_chief (department, provider_id) select p.specialty, min(p.id) from provider p"
                + " where p.specialty is not null and not p.resident and p.user_id is null group by p.specialty");
        DeficiencyPassResult pass = deficiencies.analyzeAll(system);
        String reason = "Predates chart-completion tracking (go-live cut-over)";
        int waived = deficiencies.waiveBefore(now.minus(Duration.ofDays(TRACKED_DAYS)), reason, system);
        // most providers kept up: only the three furthest behind still have items past the suspension stage
        Set<Long> behind = new HashSet<>(jdbc.queryForList("select x.responsible_provider_id from deficiency x"
                + " join provider p on p.id = x.responsible_provider_id where x.status = 'open' and p.user_id is null"
                + " and x.due_at < ? group by x.responsible_provider_id order by count(*) desc, x.responsible_provider_id"
                + " limit 3", Long.class, at.minusDays(SUSPENSION_DAYS)));
        waived += deficiencies.waiveBefore(now.minus(Duration.ofDays(SUSPENSION_DAYS)), reason, behind, system);
        int made = notices.run(system);
        return new Outcome(cases, pass, waived, made);
    }
}
