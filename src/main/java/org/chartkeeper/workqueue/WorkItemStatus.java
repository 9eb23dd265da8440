package org.chartkeeper.workqueue;

/** OPEN: in a pool, nobody has it. IN_PROGRESS: assigned to one user. DONE and CANCELLED are final. */
public enum WorkItemStatus {
    OPEN, IN_PROGRESS, DONE, CANCELLED;

    public boolean active() {
        return this == OPEN || this == IN_PROGRESS;
    }

    public String label() {
        return switch (this) {
            case OPEN -> "Open";
            case IN_PROGRESS -> "In progress";
            case DONE -> "Done";
            case CANCELLED -> "Cancelled";
        };
    }
}
