package org.chartkeeper.workqueue;

/** What the current user may do with an item now; pages show exactly these buttons. */
public record NextActions(boolean claim, boolean complete, boolean release, boolean assign, boolean cancel) {

    public boolean any() {
        return claim || complete || release || assign || cancel;
    }
}
