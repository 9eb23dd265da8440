package org.chartkeeper.disclosure;

import java.util.List;

/**
 * A request's fulfillment as its page shows it: the chart's documents as candidates, whether minimum necessary
 * applies, redactions, the fee schedule, the current package with its links, deliveries and invoice.
 */
public record Fulfillment(RoiRequest request, PatientCandidate patient, boolean minimumNecessary,
                          String minimumNecessaryNote, List<ReleaseCandidate> candidates, List<Redaction> redactions,
                          FeeSchedule feeSchedule, List<FeeSchedule> schedules, ReleasePackage currentPackage,
                          List<ReleaseLink> links, List<Delivery> deliveries, Invoice invoice,
                          boolean part2ConsentOnFile, String stage, int version) {

    public long held() {
        return candidates.stream().filter(c -> c.selection() != null && c.selection().review().equals("held")).count();
    }

    public long selected() {
        return candidates.stream().filter(c -> c.selection() != null).count();
    }
}
