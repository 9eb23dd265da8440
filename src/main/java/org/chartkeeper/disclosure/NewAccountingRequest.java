package org.chartkeeper.disclosure;

/**
 * A patient's request for an accounting of disclosures as taken in; dates yyyy-MM-dd. {@code periodFrom} when the
 * patient asks for less than the 6 years; {@code deliverTo} the address the letter goes to.
 */
public record NewAccountingRequest(Long patientId, String receivedOn, String periodFrom, String requestedBy,
                                   String deliverTo) {}
