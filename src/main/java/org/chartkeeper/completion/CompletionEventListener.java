package org.chartkeeper.completion;

import java.util.List;
import org.chartkeeper.GatheredBatches;
import org.chartkeeper.encounter.EncounterChanged;
import org.chartkeeper.record.RecordChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Analyses an encounter again once a change to it or its record has committed: a document added, signed, co-signed
 * or entered in error, a discharge or its cancel. The change itself stands whatever happens here; a failure is
 * logged and the nightly pass catches up.
 */
@Component
class CompletionEventListener {

    private static final Logger log = LoggerFactory.getLogger(CompletionEventListener.class);

    private final DeficiencyService deficiencies;
    private final DeficiencyAnalysisRepository analysis;

    private final GatheredBatches encounters = new GatheredBatches("completion-encounter-analysis", GATHER_MILLIS, BATCH,
            this::analyseTogether);

    CompletionEventListener(DeficiencyService deficiencies, DeficiencyAnalysisRepository analysis) {
        this.deficiencies = deficiencies;
        this.analysis = analysis;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void recordChanged(RecordChanged change) {
        if (change.encounterId() != null) {
            analyse(change.encounterId(), change.change());
        } else {
            // a document outside any encounter (an H&P from a pre-admission visit) counts for the patient's stays
            for (long encounterId : analysis.encountersOf(change.patientId())) analyse(encounterId, change.change());
        }
    }

    /**
     * Encounter changes (admissions, transfers, discharges) mostly arrive from the HL7 interface, whose
     * acknowledgement must not wait for chart analysis: they are analysed on one background thread, each encounter
     * once however many changes queue up for it: a pass starts {@value #GATHER_MILLIS} ms after the first change that
     * finds the thread idle, and takes every encounter that changed meanwhile (up to {@value #BATCH} per pass), so
     * that a feed of admissions, transfers and discharges costs one pass per moment, not one per message. A change
     * lost in a shutdown is caught up by the nightly pass.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void encounterChanged(EncounterChanged change) {
        encounters.add(List.of(change.encounterId()));
    }

    static final int BATCH = 500;
    static final long GATHER_MILLIS = 300;

    private void analyseTogether(List<Long> batch) {
        try {
            deficiencies.analyzeEncounters(batch);
        } catch (RuntimeException batchFailed) {
            // one encounter's failure must not hold back the others
            for (long id : batch) analyse(id, "encounter change");
        }
    }

    /** Waits until the encounter changes queued so far are analysed (tests, and an orderly shutdown). */
    void awaitQueued(java.time.Duration max) throws InterruptedException {
        encounters.await(max);
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        encounters.stop();
    }

    private void analyse(long encounterId, String why) {
        try {
            deficiencies.analyzeEncounter(encounterId);
        } catch (RuntimeException e) {
            log.warn("Deficiency analysis of encounter {} after '{}' failed ({}); the nightly pass will catch up",
                    encounterId, why, e.getClass().getSimpleName());
        }
    }
}
