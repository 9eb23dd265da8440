package org.chartkeeper.disclosure;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The release-of-information desk's report for a period: turnaround (received to released, calendar days) overall
 * and by requester type, the open backlog by age, requests by type and by requester type, and revenue. Counts only,
 * no patient.
 */
public record RoiReport(LocalDate from, LocalDate to, LocalDate asOf, Turnaround overall, List<Turnaround> turnaroundByRequesterType,
                        List<Bucket> backlog, int overdue, List<Count> requestsByType, List<Count> requestsByRequesterType,
                        Revenue revenue) {

    /** Received-to-released days of the requests released in the period. */
    public record Turnaround(String key, String label, int released, Double medianDays, Double p90Days, Integer maxDays) {}

    /** Open requests whose age (days since receipt) falls in [{@code fromDays}, {@code toDays}] ({@code toDays} null: and older). */
    public record Bucket(String label, int fromDays, Integer toDays, int open) {}

    public record Count(String key, String label, int count) {}

    /**
     * Fees charged in the period: accounting-of-disclosures fees (this branch's own table). Release fees come from
     * the invoices of the fulfillment work once merged ({@code source} says which were counted).
     */
    public record Revenue(BigDecimal total, List<Month> byMonth, String source) {}

    public record Month(String month, BigDecimal amount) {}
}
