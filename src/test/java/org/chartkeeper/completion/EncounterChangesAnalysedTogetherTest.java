package org.chartkeeper.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.encounter.EncounterChanged;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Encounter changes that queue up while a pass runs are analysed together, in one pass scoped to all of them, and
 * that pass finds for each encounter exactly what a pass over it alone finds: nothing of one stay leaks into another.
 */
@IntegrationTest
class EncounterChangesAnalysedTogetherTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DeficiencyService deficiencies;

    @Autowired
    CompletionEventListener listener;

    @Autowired
    ApplicationEventPublisher events;

    private static final Instant ADMIT = Instant.parse("2026-03-02T08:00:00Z");
    private static final Instant DISCHARGE = Instant.parse("2026-03-05T15:00:00Z");

    @Test
    void a_pass_over_several_encounters_finds_for_each_what_a_pass_over_it_alone_finds() {
        // one stay with a signed discharge summary, one without, one outpatient visit (no summary rule)
        CompletionFixtures summarized = CompletionFixtures.stay(jdbc, "INPATIENT", ADMIT, DISCHARGE);
        summarized.document("discharge-summary", DISCHARGE.plusSeconds(3600), DISCHARGE.plusSeconds(7200), null);
        CompletionFixtures missing = CompletionFixtures.stay(jdbc, "INPATIENT", ADMIT, DISCHARGE);
        CompletionFixtures visit = CompletionFixtures.stay(jdbc, "OUTPATIENT", ADMIT, ADMIT.plusSeconds(1800));
        CompletionFixtures alone = CompletionFixtures.stay(jdbc, "INPATIENT", ADMIT, DISCHARGE);

        deficiencies.analyzeEncounters(List.of(summarized.encounterId, missing.encounterId, visit.encounterId));
        deficiencies.analyzeEncounter(alone.encounterId);

        assertThat(summarized.deficiencies("discharge-summary")).isEmpty();
        assertThat(missing.deficiencies("discharge-summary")).singleElement()
                .satisfies(d -> assertThat(d.status()).isEqualTo("open"));
        assertThat(visit.deficiencies("discharge-summary")).isEmpty();
        // the same stay analysed alone gives the same rows
        assertThat(rows(missing)).isEqualTo(rows(alone));

        // running the pass again over the set changes nothing
        DeficiencyPassResult again = deficiencies.analyzeEncounters(
                List.of(summarized.encounterId, missing.encounterId, visit.encounterId));
        assertThat(again.opened() + again.resolved() + again.reopened() + again.retired()).isZero();
    }

    @Test
    void a_burst_of_encounter_changes_is_analysed_after_commit_on_the_background_thread() throws Exception {
        List<CompletionFixtures> stays = new ArrayList<>();
        for (int i = 0; i < 30; i++) stays.add(CompletionFixtures.stay(jdbc, "INPATIENT", ADMIT, DISCHARGE));
        for (CompletionFixtures s : stays) {
            events.publishEvent(new EncounterChanged(s.encounterId, s.patientId, "discharged"));
            events.publishEvent(new EncounterChanged(s.encounterId, s.patientId, "updated")); // the same one again
        }
        listener.awaitQueued(Duration.ofSeconds(30));
        for (CompletionFixtures s : stays) {
            assertThat(s.deficiencies("discharge-summary")).as("encounter " + s.encounterId).singleElement()
                    .satisfies(d -> assertThat(d.status()).isEqualTo("open"));
        }
    }

    /** The stay's deficiencies as rule, kind, status and due time (ids and providers differ between stays). */
    private static List<String> rows(CompletionFixtures stay) {
        List<String> out = new ArrayList<>();
        for (String rule : List.of("hp-admission", "discharge-summary", "authentication", "record-complete")) {
            for (CompletionFixtures.Row r : stay.deficiencies(rule)) {
                out.add(r.rule() + "/" + r.kind() + "/" + r.status() + "/" + r.dueAt());
            }
        }
        return out;
    }
}
