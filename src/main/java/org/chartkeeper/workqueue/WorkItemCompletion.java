package org.chartkeeper.workqueue;

import java.util.List;

/**
 * Implemented by a capability whose queue needs a decision when an item is completed (for example a break-the-glass
 * review: "appropriate" or "refer for investigation"). The engine asks for one of {@link #outcomes()} and calls
 * {@link #completed} inside the completing transaction; throwing refuses the completion.
 */
public interface WorkItemCompletion {

    /** The work item type this applies to. */
    String itemType();

    /** The decisions a completion must choose from. */
    List<Outcome> outcomes();

    /** Checks the completing user may decide this, before anything is written. */
    default void checkAllowed(WorkItem item) {}

    /** Called after the item is marked done (same transaction). */
    void completed(WorkItem item, Outcome outcome, String note);

    record Outcome(String code, String label) {}
}
