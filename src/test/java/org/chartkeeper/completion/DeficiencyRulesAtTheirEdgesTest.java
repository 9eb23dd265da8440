package org.chartkeeper.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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

    /** One deficiency of the rule, resolved as late (completed after its due time), due at {@code due}. */
    static void resolvedLate(List<CompletionFixtures.Row> rows, Instant due) {
        assertThat(rows).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo("resolved");
            assertThat(d.kind()).isEqualTo("late");
            assertThat(d.dueAt()).isEqualTo(due);
        });
    }

    // ------------------------------------------------------------------ hp-admission

    @Test
    void history_and_physical_signed_at_23_59_after_admission_is_on_time_and_at_24_01_is_late() {
        Instant admit = NOW.minus(Duration.ofDays(10));
        CompletionFixtures onTime = inpatient(admit, null);
        onTime.document("history-physical", admit.plus(Duration.ofHours(1)), admit.plus(hm(23, 59)), null);
        analyse(onTime);
        assertThat(onTime.deficiencies("hp-admission")).isEmpty();

        CompletionFixtures late = inpatient(admit, null);
        late.document("history-physical", admit.plus(Duration.ofHours(1)), admit.plus(hm(24, 1)), null);
        analyse(late);
        resolvedLate(late.deficiencies("hp-admission"), admit.plus(Duration.ofHours(24)));
        assertThat(late.deficiencies("hp-admission").get(0).providerId()).isEqualTo(late.attendingId);
    }

    @Test
    void a_history_and_physical_counts_from_its_signature_not_from_the_service_time_written_on_it() {
        Instant admit = NOW.minus(Duration.ofDays(10));
        CompletionFixtures f = inpatient(admit, null);
        // written (or backdated) to an hour after admission, signed on day 3
        f.document("history-physical", admit.plus(Duration.ofHours(1)), admit.plus(Duration.ofDays(3)), null);
        analyse(f);
        resolvedLate(f.deficiencies("hp-admission"), admit.plus(Duration.ofHours(24)));
    }

    @Test
    void history_and_physical_signed_29_days_23_59_before_admission_counts_and_30_days_00_01_before_does_not() {
        Instant admit = NOW.minus(Duration.ofDays(5));
        Instant edge = admit.minus(Duration.ofDays(30));
        CompletionFixtures inside = inpatient(admit, null);
        long visit = inside.visit(edge.minus(Duration.ofHours(2)));
        inside.document(visit, "history-physical", edge.minus(Duration.ofHours(1)), edge.plusSeconds(60), null);
        analyse(inside);
        assertThat(inside.deficiencies("hp-admission")).isEmpty();

        CompletionFixtures outside = inpatient(admit, null);
        long earlier = outside.visit(edge.minus(Duration.ofHours(2)));
        outside.document(earlier, "history-physical", edge.minus(Duration.ofHours(1)), edge.minusSeconds(60), null);
        analyse(outside);
        assertThat(outside.deficiencies("hp-admission")).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo("missing");
            assertThat(d.status()).isEqualTo("open");
            assertThat(d.documentId()).isNull();
            assertThat(d.dueAt()).isEqualTo(admit.plus(Duration.ofHours(24)));
        });
    }

    @Test
    void an_unsigned_history_and_physical_is_open_as_unsigned_and_signing_it_late_resolves_it_as_late() {
        Instant admit = NOW.minus(Duration.ofDays(3));
        CompletionFixtures f = inpatient(admit, null);
        long draft = f.document("history-physical", admit.plus(Duration.ofHours(2)), null, null);
        analyse(f);
        assertThat(f.deficiencies("hp-admission")).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo("unsigned");
            assertThat(d.status()).isEqualTo("open");
            assertThat(d.documentId()).isEqualTo(draft);
        });
        f.sign(draft, admit.plus(hm(24, 1)));
        analyse(f);
        resolvedLate(f.deficiencies("hp-admission"), admit.plus(Duration.ofHours(24)));
    }

    @Test
    void an_unsigned_history_and_physical_is_its_authors_to_sign_and_a_missing_one_the_attendings_to_dictate() {
        Instant admit = NOW.minus(Duration.ofDays(2));
        CompletionFixtures f = inpatient(admit, null);
        long attending = jdbc.sql("select attending_provider_id from encounter where id = ?").param(f.encounterId)
                .query(Long.class).single();
        long resident = jdbc.sql("select min(id) from provider where id <> ?").param(attending).query(Long.class).single();
        long draft = f.document("history-physical", admit.plus(Duration.ofHours(3)), null, resident);
        analyse(f);
        assertThat(f.deficiencies("hp-admission")).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo("unsigned");
            assertThat(d.providerId()).as("the draft's author signs it").isEqualTo(resident);
        });
        jdbc.sql("update document set status = 'entered-in-error' where id = ?").param(draft).update();
        analyse(f);
        assertThat(f.deficiencies("hp-admission")).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo("missing");
            assertThat(d.providerId()).as("the attending dictates a missing one").isEqualTo(attending);
        });
    }

    @Test
    void a_missing_history_and_physical_becomes_unsigned_as_a_draft_resolves_when_signed_and_reopens_if_entered_in_error() {
        Instant admit = NOW.minus(Duration.ofHours(3));
        CompletionFixtures f = inpatient(admit, null);
        analyse(f);
        assertThat(f.deficiencies("hp-admission")).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo("missing");
            assertThat(d.status()).isEqualTo("open");
            assertThat(d.documentId()).isNull();
        });
        long hp = f.document("history-physical", admit.plus(Duration.ofHours(2)), null, null);
        analyse(f);
        assertThat(f.deficiencies("hp-admission")).singleElement().satisfies(d -> {
            assertThat(d.status()).as("a draft does not complete it").isEqualTo("open");
            assertThat(d.kind()).isEqualTo("unsigned");
            assertThat(d.documentId()).isEqualTo(hp);
        });
        f.sign(hp, admit.plus(Duration.ofHours(2)).plusSeconds(600));
        analyse(f);
        assertThat(f.deficiencies("hp-admission")).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo("resolved");
            assertThat(d.kind()).as("signed within the window").isEqualTo("unsigned");
        });
        jdbc.sql("update document set status = 'entered-in-error' where id = ?").param(hp).update();
        analyse(f);
        assertThat(f.deficiencies("hp-admission")).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo("open");
            assertThat(d.kind()).isEqualTo("missing");
            assertThat(d.documentId()).isNull();
        });
    }

    @Test
    void an_uploaded_history_and_physical_counts_from_the_time_it_was_filed_final() {
        Instant admit = NOW.minus(Duration.ofDays(4));
        CompletionFixtures onTime = inpatient(admit, null);
        long scan = onTime.document("history-physical", admit.plus(Duration.ofHours(1)), null, null);
        jdbc.sql("update document set status = 'final', created_at = ? where id = ?")
                .params(CompletionFixtures.utc(admit.plus(hm(23, 59))), scan).update();
        analyse(onTime);
        assertThat(onTime.deficiencies("hp-admission")).isEmpty();

        CompletionFixtures late = inpatient(admit, null);
        long lateScan = late.document("history-physical", admit.plus(Duration.ofHours(1)), null, null);
        jdbc.sql("update document set status = 'final', created_at = ? where id = ?")
                .params(CompletionFixtures.utc(admit.plus(hm(24, 1))), lateScan).update();
        analyse(late);
        resolvedLate(late.deficiencies("hp-admission"), admit.plus(Duration.ofHours(24)));
    }

    // ------------------------------------------------------------------ hp-surgery

    @Test
    void history_and_physical_signed_a_minute_before_surgery_is_on_time_and_a_minute_after_is_late() {
        Instant admit = NOW.minus(Duration.ofDays(3));
        Instant start = admit.plus(Duration.ofHours(5));
        CompletionFixtures onTime = inpatient(admit, null);
        onTime.surgicalCase(start, start.plus(Duration.ofHours(2)));
        onTime.document("history-physical", admit.plus(Duration.ofHours(1)), start.minusSeconds(60), null);
        analyse(onTime);
        assertThat(onTime.deficiencies("hp-surgery")).isEmpty();
        assertThat(onTime.deficiencies("hp-admission")).isEmpty();

        CompletionFixtures late = inpatient(admit, null);
        late.surgicalCase(start, start.plus(Duration.ofHours(2)));
        late.document("history-physical", admit.plus(Duration.ofHours(1)), start.plusSeconds(60), null);
        analyse(late);
        resolvedLate(late.deficiencies("hp-surgery"), start);
        assertThat(late.deficiencies("hp-admission")).as("within 24 h of admission").isEmpty();
    }

    // ------------------------------------------------------------------ operative-report

    @Test
    void operative_report_signed_at_23_59_after_surgery_is_on_time_and_at_24_01_is_late() {
        Instant admit = NOW.minus(Duration.ofDays(4));
        Instant end = admit.plus(Duration.ofHours(4));
        CompletionFixtures onTime = inpatient(admit, null);
        onTime.surgicalCase(admit.plus(Duration.ofHours(2)), end);
        onTime.document("operative-report", end.plus(Duration.ofHours(1)), end.plus(hm(23, 59)), null);
        analyse(onTime);
        assertThat(onTime.deficiencies("operative-report")).isEmpty();

        CompletionFixtures late = inpatient(admit, null);
        late.surgicalCase(admit.plus(Duration.ofHours(2)), end);
        late.document("operative-report", end.plus(Duration.ofHours(1)), end.plus(hm(24, 1)), null);
        analyse(late);
        resolvedLate(late.deficiencies("operative-report"), end.plus(Duration.ofHours(24)));

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

    // ------------------------------------------------------------------ discharge-summary

    @Test
    void discharge_summary_signed_13_days_23_59_after_discharge_is_on_time_and_14_days_00_01_is_late() {
        Instant admit = NOW.minus(Duration.ofDays(25));
        Instant discharge = admit.plus(Duration.ofDays(3));
        Instant due = discharge.plus(Duration.ofDays(14));
        CompletionFixtures onTime = inpatient(admit, discharge);
        onTime.document("discharge-summary", discharge, due.minusSeconds(60), null);
        analyse(onTime);
        assertThat(onTime.deficiencies("discharge-summary")).isEmpty();

        CompletionFixtures late = inpatient(admit, discharge);
        late.document("discharge-summary", discharge, due.plusSeconds(60), null);
        analyse(late);
        resolvedLate(late.deficiencies("discharge-summary"), due);
    }

    @Test
    void a_discharge_summary_is_required_for_every_inpatient_stay_but_not_for_an_outpatient_visit() {
        Instant admit = NOW.minus(Duration.ofDays(4));
        CompletionFixtures stay = inpatient(admit, admit.plus(Duration.ofDays(2)));
        analyse(stay);
        assertThat(stay.deficiencies("discharge-summary")).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo("missing");
            assertThat(d.status()).isEqualTo("open");
            assertThat(d.dueAt()).isEqualTo(admit.plus(Duration.ofDays(2)).plus(Duration.ofDays(14)));
        });
        CompletionFixtures visit = CompletionFixtures.stay(jdbc, "OUTPATIENT", admit, admit.plus(Duration.ofHours(1)));
        analyse(visit);
        assertThat(visit.deficiencies("discharge-summary")).isEmpty();
        assertThat(visit.deficiencies("hp-admission")).isEmpty();
    }

    // ------------------------------------------------------------------ authentication

    @Test
    void an_entry_signed_71_59_after_its_service_time_is_on_time_and_72_01_is_late_and_unsigned_is_open() {
        Instant admit = NOW.minus(Duration.ofDays(6));
        Instant service = admit.plus(Duration.ofHours(3));
        CompletionFixtures f = inpatient(admit, null);
        f.document("history-physical", admit.plus(Duration.ofHours(1)), admit.plus(Duration.ofHours(2)), null);
        long onTime = f.document("progress-note", service, service.plus(hm(71, 59)), null);
        long late = f.document("progress-note", service, service.plus(hm(72, 1)), null);
        long unsigned = f.document("progress-note", service, null, null);
        analyse(f);
        var rows = f.deficiencies("authentication");
        assertThat(rows).extracting(CompletionFixtures.Row::documentId).containsExactly(late, unsigned)
                .doesNotContain(onTime);
        assertThat(rows.get(0).kind()).isEqualTo("late");
        assertThat(rows.get(0).status()).isEqualTo("resolved");
        assertThat(rows.get(0).dueAt()).isEqualTo(service.plus(Duration.ofHours(72)));
        assertThat(rows.get(1).kind()).isEqualTo("unsigned");
        assertThat(rows.get(1).status()).isEqualTo("open");
        assertThat(rows.get(1).providerId()).isEqualTo(f.attendingId);
    }

    @Test
    void a_newly_configured_type_that_requires_a_signature_is_checked_by_the_authentication_rule() {
        String tag = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String signed = "wound-note-" + tag;
        String unsignedType = "photo-log-" + tag;
        jdbc.sql("insert into document_type (code, name, category, signature_required) values (?, 'Wound care note',"
                + " 'clinical note', true)").param(signed).update();
        jdbc.sql("insert into document_type (code, name, category, signature_required) values (?, 'Wound photo log',"
                + " 'clinical note', false)").param(unsignedType).update();
        Instant admit = NOW.minus(Duration.ofDays(6));
        Instant service = admit.plus(Duration.ofHours(3));
        CompletionFixtures f = inpatient(admit, null);
        long wound = f.document(signed, service, null, null);
        long lateWound = f.document(signed, service, service.plus(hm(72, 1)), null);
        long onTimeWound = f.document(signed, service, service.plus(hm(71, 59)), null);
        long photos = f.document(unsignedType, service, null, null);
        long verbal = f.document("verbal-order", service, null, null);
        analyse(f);
        var rows = f.deficiencies("authentication");
        assertThat(rows).extracting(CompletionFixtures.Row::documentId).as("not the type without a signature,"
                + " not the verbal order (its own rule)").containsExactly(wound, lateWound)
                .doesNotContain(onTimeWound, photos, verbal);
        assertThat(rows.get(0).kind()).isEqualTo("unsigned");
        assertThat(rows.get(0).status()).isEqualTo("open");
        assertThat(rows.get(1).kind()).isEqualTo("late");
        assertThat(rows.get(1).status()).isEqualTo("resolved");
        assertThat(f.deficiencies("verbal-order")).extracting(CompletionFixtures.Row::documentId).containsExactly(verbal);
    }

    // ------------------------------------------------------------------ cosignature

    @Test
    void a_residents_note_cosigned_71_59_after_the_signature_is_on_time_and_72_01_is_late() {
        Instant admit = NOW.minus(Duration.ofDays(8));
        Instant signed = admit.plus(Duration.ofHours(21));
        CompletionFixtures f = inpatient(admit, null);
        long resident = CompletionFixtures.provider(jdbc, "Resident R", null);
        long onTime = f.document("progress-note", admit.plus(Duration.ofHours(20)), signed, resident);
        long late = f.document("progress-note", admit.plus(Duration.ofHours(20)), signed, resident);
        jdbc.sql("update document set cosign_required = true, cosigner_provider_id = ?, cosigned_at = ? where id = ?")
                .params(f.attendingId, CompletionFixtures.utc(signed.plus(hm(71, 59))), onTime).update();
        jdbc.sql("update document set cosign_required = true, cosigner_provider_id = ?, cosigned_at = ? where id = ?")
                .params(f.attendingId, CompletionFixtures.utc(signed.plus(hm(72, 1))), late).update();
        analyse(f);
        var rows = f.deficiencies("cosignature");
        assertThat(rows).extracting(CompletionFixtures.Row::documentId).containsExactly(late);
        resolvedLate(rows, signed.plus(Duration.ofHours(72)));
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
            assertThat(d.status()).isEqualTo("open");
            assertThat(d.providerId()).isEqualTo(f.attendingId);
        });
        jdbc.sql("update document set cosigned_at = ?, cosigner_provider_id = ? where id = ?")
                .params(CompletionFixtures.utc(admit.plus(Duration.ofHours(30))), f.attendingId, note).update();
        analyse(f);
        assertThat(f.deficiencies("cosignature")).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo("resolved");
            assertThat(d.kind()).as("co-signed within 72 hours").isEqualTo("unsigned");
        });
    }

    // ------------------------------------------------------------------ verbal-order

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
        assertThat(rows.get(0).status()).isEqualTo("resolved");
        assertThat(rows.get(0).dueAt()).isEqualTo(order.plus(Duration.ofHours(48)));
        assertThat(rows.get(1).kind()).isEqualTo("unsigned");
        assertThat(rows.get(1).status()).isEqualTo("open");
        assertThat(rows).extracting(CompletionFixtures.Row::documentId).doesNotContain(onTime);
    }

    // ------------------------------------------------------------------ record-complete

    /** An inpatient stay discharged {@code discharge}, with its H&P and discharge summary signed on time. */
    CompletionFixtures completedStay(Instant admit, Instant discharge) {
        CompletionFixtures f = inpatient(admit, discharge);
        f.document("history-physical", admit.plus(Duration.ofHours(2)), admit.plus(Duration.ofHours(3)), null);
        f.document("discharge-summary", discharge, discharge.plus(Duration.ofDays(1)), null);
        return f;
    }

    @Test
    void a_record_completed_29_days_23_59_after_discharge_is_on_time_and_30_days_00_01_is_delinquent() {
        Instant admit = NOW.minus(Duration.ofDays(45));
        Instant discharge = admit.plus(Duration.ofDays(3));
        Instant due = discharge.plus(Duration.ofDays(30));
        CompletionFixtures onTime = completedStay(admit, discharge);
        onTime.document("progress-note", admit.plus(Duration.ofHours(30)), due.minusSeconds(60), null);
        analyse(onTime);
        assertThat(onTime.deficiencies("authentication")).as("the note itself was late").singleElement()
                .extracting(CompletionFixtures.Row::kind).isEqualTo("late");
        assertThat(onTime.deficiencies("record-complete")).isEmpty();

        CompletionFixtures late = completedStay(admit, discharge);
        late.document("progress-note", admit.plus(Duration.ofHours(30)), due.plusSeconds(60), null);
        analyse(late);
        resolvedLate(late.deficiencies("record-complete"), due);
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
