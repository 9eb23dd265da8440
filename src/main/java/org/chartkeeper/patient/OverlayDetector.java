package org.chartkeeper.patient;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.workqueue.NewWorkItem;
import org.chartkeeper.workqueue.WorkItem;
import org.chartkeeper.workqueue.WorkQueueService;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Overlay detection: a record whose name changed together with its date of birth or its sex probably now describes
 * another person (someone registered over an existing chart). Such a record is flagged ({@code overlay_flag}) and an
 * overlay-review work item goes to the HIM pool.
 *
 * <p>Call {@link #check(long, Demographics, Demographics)} after every change of a patient's demographics, in the
 * changing transaction, with the demographics before and after.
 */
@Component
public class OverlayDetector {

    public static final String ITEM_TYPE = "overlay-review";
    /** Names at least this similar (Jaro-Winkler, after standardizing) count as the same name: a corrected typo. */
    static final double SAME_NAME = 0.85;
    private static final JaroWinklerSimilarity JARO_WINKLER = new JaroWinklerSimilarity();

    private final MergeRepository repository;
    private final WorkQueueService queues;
    private final Clock clock;

    OverlayDetector(MergeRepository repository, WorkQueueService queues, Clock clock) {
        this.repository = repository;
        this.queues = queues;
        this.clock = clock;
    }

    /**
     * Flags the patient and opens an overlay review when the change looks like another person; returns whether it
     * did. A patient already flagged gets no second item.
     */
    @Transactional
    public boolean check(long patientId, Demographics before, Demographics after) {
        if (!looksLikeAnotherPerson(before, after)) return false;
        var state = repository.state(patientId).orElse(null);
        if (state == null || state.overlay()) return false;
        repository.flagOverlay(patientId);
        Instant now = clock.instant();
        Actor actor = Actor.current();
        repository.history(patientId, now, actor.username(), "overlay", null,
                "flagged as a possible overlay: " + what(before, after) + " changed together");
        WorkItem item = queues.create(NewWorkItem.of(ITEM_TYPE, "Patient", patientId, patientId,
                "Possible overlay: name and " + what(before, after).replace("name and ", "") + " changed",
                "The record's name changed together with its " + what(before, after).replace("name and ", "")
                        + ", so it may now describe another person. Compare the demographic history with the"
                        + " documents on the chart; correct the record, or confirm it is the same person.")
                .withPriority(2), actor);
        return item != null;
    }

    /** The rule: the name changed, and the date of birth or the sex changed too. */
    public static boolean looksLikeAnotherPerson(Demographics before, Demographics after) {
        if (before == null || after == null) return false;
        return nameChanged(before, after) && (birthChanged(before, after) || sexChanged(before, after));
    }

    static boolean nameChanged(Demographics before, Demographics after) {
        return differentName(before.familyName(), after.familyName()) || differentName(before.givenName(), after.givenName());
    }

    private static boolean differentName(String a, String b) {
        String x = Comparison.norm(a);
        String y = Comparison.norm(b);
        if (Objects.equals(x, y)) return false;
        if (x == null || y == null) return true;
        return JARO_WINKLER.apply(x, y) < SAME_NAME;
    }

    private static boolean birthChanged(Demographics before, Demographics after) {
        return before.birthDate() != null && after.birthDate() != null && !before.birthDate().equals(after.birthDate());
    }

    private static boolean sexChanged(Demographics before, Demographics after) {
        String a = Comparison.norm(before.sex());
        String b = Comparison.norm(after.sex());
        return a != null && b != null && !a.equals(b);
    }

    private static String what(Demographics before, Demographics after) {
        boolean birth = birthChanged(before, after);
        boolean sex = sexChanged(before, after);
        return "name and " + (birth && sex ? "date of birth and sex" : birth ? "date of birth" : "sex");
    }
}
