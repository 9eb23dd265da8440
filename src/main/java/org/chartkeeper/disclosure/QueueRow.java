package org.chartkeeper.disclosure;

/** One open request on the queue page, with its clock. */
public record QueueRow(RoiRequest request, String patientName, String mrn, long daysLeft, String clock) {

    public boolean overdue() {
        return daysLeft < 0;
    }
}
