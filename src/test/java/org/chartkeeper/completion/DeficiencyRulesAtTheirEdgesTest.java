package org.chartkeeper.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Each seeded rule at its edge: a minute inside the window is on time, a minute outside is late or missing. */
@IntegrationTest
class DeficiencyRulesAtTheirEdgesTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DeficiencyService deficiencies;

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);

    static Duration hm(int hours, int minutes) {
        return Duration.ofHours(hours).plusMinutes(minutes);
    }

    CompletionFixtures inpatient(Instant admit, Instant discharge) {
        return CompletionFixtures.stay(jdbc, "INPATIENT", admit, discharge);
    }

    void analyse(CompletionFixtures f) {
        deficiencies.analyzeEncounter(f.encounterId);
    }

    @Test
    void history_and_physical_at_23_59_after_admission_is_on_time_and_at_24_01_is_late() {
        Instant admit = NOW.minus(Duration.ofDays(10));
        CompletionFixtures onTime = inpatient(admit, null);
        onTime.document("history-physical", admit.plus(hm(23, 59)), admit.plus(hm(25, 0)), null);
        analyse(onTime);
        assertThat(onTime.deficiencies("hp-admission")).isEmpty();

        CompletionFixtures late = inpatient(admit, null);
        late.document("history-physical", admit.plus(hm(24, 1)), admit.plus(hm(25, 0)), null);
        analyse(late);
        assertThat(late.deficiencies("hp-admission")).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo("late");
            assertThat(d.status()).isEqualTo("resolved");
            assertThat(d.providerId()).isEqualTo(late.attendingId);
            assertThat(d.dueAt()).isEqualTo(admit.plus(Duration.ofHours(24)));
        });
    }

    @Test
    void history_and_physical_up_to_30_days_before_admission_counts_and_a_minute_more_does_not() {
        Instant admit = NOW.minus(Duration.ofDays(5));
        CompletionFixtures inside = inpatient(admit, null);
        inside.document("history-physical", admit.minus(Duration.ofDays(30)), admit.minus(Duration.ofDays(30)), null);
        analyse(inside);
        assertThat(inside.deficiencies("hp-admission")).isEmpty();

        CompletionFixtures outside = inpatient(admit, null);
        outside.document("history-physical", admit.minus(Duration.ofDays(30)).minusSeconds(60),
                admit.minus(Duration.ofDays(30)), null);
        analyse(outside);
        assertThat(outside.deficiencies("hp-admission")).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo("missing");
            assertThat(d.status()).isEqualTo("open");
        });
    }

    @Test
    void a_missing_history_and_physical_resolves_by_itself_when_it_arrives_and_reopens_if_entered_in_error() {
        Instant admit = NOW.minus(Duration.ofHours(3));
        CompletionFixtures f = inpatient(admit, null);
        analyse(f);
        assertThat(f.deficiencies("hp-admission")).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo("missing");
            assertThat(d.status()).isEqualTo("open");
        });
        long hp = f.document("history-physical", admit.plus(Duration.ofHours(2)), null, null);
        analyse(f);
        assertThat(f.deficiencies("hp-admission")).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo("resolved");
            assertThat(d.kind()).as("it came within the window").isEqualTo("missing");
        });
        jdbc.sql("update document set status = 'entered-in-error' where id = ?").param(hp).update();
        analyse(f);
        assertThat(f.deficiencies("hp-admission")).singleElement().extracting(CompletionFixtures.Row::status).isEqualTo("open");
    }

    @Test
    void history_and_physical_must_be_on_the_record_before_surgery() {
        Instant admit = NOW.minus(Duration.ofDays(3));
        CompletionFixtures f = inpatient(admit, null);
        f.surgicalCase(admit.plus(Duration.ofHours(5)), admit.plus(Duration.ofHours(7)));
        f.document("history-physical", admit.plus(Duration.ofHours(6)), admit.plus(Duration.ofHours(6)), null);
        f.document("operative-report", admit.plus(Duration.ofHours(8)), admit.plus(Duration.ofHours(8)), null);
        analyse(f);
        assertThat(f.deficiencies("hp-admission")).as("within 24 h of admission").isEmpty();
        assertThat(f.deficiencies("hp-surgery")).singleElement().extracting(CompletionFixtures.Row::kind).isEqualTo("late");
    }

    @Test
    void operative_report_within_24_hours_of_the_end_of_surgery() {
        Instant admit = NOW.minus(Duration.ofDays(4));
        Instant end = admit.plus(Duration.ofHours(4));
        CompletionFixtures onTime = inpatient(admit, null);
        onTime.surgicalCase(admit.plus(Duration.ofHours(2)), end);
        onTime.document("operative-report", end.plus(hm(23, 59)), end.plus(hm(24, 30)), null);
        analyse(onTime);
        assertThat(onTime.deficiencies("operative-report")).isEmpty();

        CompletionFixtures late = inpatient(admit, null);
        late.surgicalCase(admit.plus(Duration.ofHours(2)), end);
        late.document("operative-report", end.plus(hm(24, 1)), end.plus(hm(24, 30)), null);
        analyse(late);
        assertThat(late.deficiencies("operative-report")).singleElement().extracting(CompletionFixtures.Row::kind).isEqualTo("late");

        CompletionFixtures missing = inpatient(admit, null);
        long caseId = missing.surgicalCase(admit.plus(Duration.ofHours(2)), end);
        analyse(missing);
        assertThat(missing.deficiencies("operative-report")).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo("missing");
            assertThat(d.status()).isEqualTo("open");
            assertThat(d.dueAt()).isEqualTo(end.plus(Duration.ofHours(24)));
        });
        assertThat(jdbc.sql("select surgical_case_id from deficiency where encounter_id = ? and rule_code = 'operative-report'")
                .param(missing.encounterId).query(Long.class).single()).isEqualTo(caseId);
    }

    @Test
    void verbal_order_signed_at_47_59_is_on_time_at_48_01_late_and_unsigned_is_open() {
        Instant admit = NOW.minus(Duration.ofDays(6));
        Instant order = admit.plus(Duration.ofHours(2));
        CompletionFixtures f = inpatient(admit, null);
        long onTime = f.document("verbal-order", order, order.plus(hm(47, 59)), null);
        long late = f.document("verbal-order", order, order.plus(hm(48, 1)), null);
        long unsigned = f.document("verbal-order", order, null, null);
        analyse(f);
        var rows = f.deficiencies("verbal-order");
        assertThat(rows).extracting(CompletionFixtures.Row::documentId).containsExactly(late, unsigned);
        assertThat(rows.get(0).kind()).isEqualTo("late");
        assertThat(rows.get(1).kind()).isEqualTo("unsigned");
        assertThat(rows.get(1).status()).isEqualTo("open");
        assertThat(rows).extracting(CompletionFixtures.Row::documentId).doesNotContain(onTime);
    }

    @Test
    void a_discharge_summary_is_required_for_every_inpatient_stay_but_not_for_an_outpatient_visit() {
        Instant admit = NOW.minus(Duration.ofDays(4));
        CompletionFixtures stay = inpatient(admit, admit.plus(Duration.ofDays(2)));
        analyse(stay);
        assertThat(stay.deficiencies("discharge-summary")).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo("missing");
            assertThat(d.dueAt()).isEqualTo(admit.plus(Duration.ofDays(2)).plus(Duration.ofDays(14)));
        });
        CompletionFixtures visit = CompletionFixtures.stay(jdbc, "OUTPATIENT", admit, admit.plus(Duration.ofHours(1)));
        analyse(visit);
        assertThat(visit.deficiencies("discharge-summary")).isEmpty();
        assertThat(visit.deficiencies("hp-admission")).isEmpty();
    }

    @Test
    void a_residents_signed_note_needs_a_cosignature_from_the_attending() {
        Instant admit = NOW.minus(Duration.ofDays(2));
        CompletionFixtures f = inpatient(admit, null);
        long resident = CompletionFixtures.provider(jdbc, "Resident R", null);
        long note = f.document("progress-note", admit.plus(Duration.ofHours(20)), admit.plus(Duration.ofHours(21)), resident);
        jdbc.sql("update document set cosign_required = true where id = ?").param(note).update();
        analyse(f);
        assertThat(f.deficiencies("cosignature")).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo("unsigned");
            assertThat(d.providerId()).isEqualTo(f.attendingId);
        });
        jdbc.sql("update document set cosigned_at = ?, cosigner_provider_id = ? where id = ?")
                .params(CompletionFixtures.utc(admit.plus(Duration.ofHours(30))), f.attendingId, note).update();
        analyse(f);
        assertThat(f.deficiencies("cosignature")).singleElement().extracting(CompletionFixtures.Row::status).isEqualTo("resolved");
    }

    @Test
    void a_record_still_incomplete_30_days_after_discharge_is_delinquent_and_at_29_days_is_not() {
        Instant admit = NOW.minus(Duration.ofDays(40));
        CompletionFixtures delinquent = inpatient(admit, NOW.minus(Duration.ofDays(30)).minusSeconds(60));
        long note = delinquent.document("progress-note", admit.plus(Duration.ofHours(30)), null, null);
        delinquent.document("history-physical", admit.plus(Duration.ofHours(2)), admit.plus(Duration.ofHours(3)), null);
        delinquent.document("discharge-summary", admit.plus(Duration.ofDays(9)), admit.plus(Duration.ofDays(9)), null);
        analyse(delinquent);
        assertThat(delinquent.deficiencies("record-complete")).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo("open");
            assertThat(d.kind()).isEqualTo("late");
        });

        CompletionFixtures notYet = inpatient(admit, NOW.minus(Duration.ofDays(29)));
        notYet.document("progress-note", admit.plus(Duration.ofHours(30)), null, null);
        analyse(notYet);
        assertThat(notYet.deficiencies("record-complete")).isEmpty();

        // completing the last item resolves both; the record is then complete, late
        delinquent.sign(note, NOW.minusSeconds(30));
        analyse(delinquent);
        assertThat(delinquent.deficiencies("authentication")).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo("resolved");
            assertThat(d.kind()).isEqualTo("late");
        });
        assertThat(delinquent.deficiencies("record-complete")).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo("resolved");
            assertThat(d.kind()).isEqualTo("late");
        });
    }

    @Test
    void the_full_pass_is_idempotent() {
        CompletionFixtures f = inpatient(NOW.minus(Duration.ofDays(8)), NOW.minus(Duration.ofDays(3)));
        f.document("progress-note", NOW.minus(Duration.ofDays(7)), null, null);
        deficiencies.analyzeAll(org.chartkeeper.audit.Actor.system("test"));
        long before = jdbc.sql("select count(*) from deficiency").query(Long.class).single();
        assertThat(f.deficiencies("authentication")).hasSize(1);
        DeficiencyPassResult again = deficiencies.analyzeAll(org.chartkeeper.audit.Actor.system("test"));
        assertThat(again.opened()).isZero();
        assertThat(again.resolved()).isZero();
        assertThat(again.reopened()).isZero();
        assertThat(jdbc.sql("select count(*) from deficiency").query(Long.class).single()).isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from deficiency_finding").query(Long.class).single()).isZero();
    }
}
