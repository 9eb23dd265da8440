package org.chartkeeper.disclosure;

/** A disclosure entered by hand (a public health report, a court order answered outside a request); dates yyyy-MM-dd. */
public record NewDisclosure(String disclosedOn, String recipientName, String recipientAddress, String description,
                            String purpose, String category) {}
