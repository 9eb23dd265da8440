package org.chartkeeper.completion;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The delinquency report: records still incomplete past the window after discharge, the delinquency rate over the
 * average monthly discharges (an alert at or above the threshold), by provider and as a trend over months.
 */
public record DelinquencyReport(Instant asOf, long delinquentRecords, double averageMonthlyDischarges, double ratePercent,
                                int alertPercent, boolean alert, List<Record> records, List<ByProvider> byProvider,
                                List<Month> trend) {

    /** A delinquent record: the encounter, its attending, the discharge, and what is still open. */
    public record Record(long encounterId, long patientId, String mrn, String patientName, String accountNumber,
                         String department, String attendingName, Instant dischargeAt, Instant delinquentSince,
                         long openItems) {}

    /** A provider's share: delinquent records they have open items in, and how many items. */
    public record ByProvider(long providerId, String providerName, long records, long items) {}

    /** One month: records delinquent at its end, discharges in it, and the rate. */
    public record Month(LocalDate month, long delinquent, long discharges, double ratePercent) {}
}
