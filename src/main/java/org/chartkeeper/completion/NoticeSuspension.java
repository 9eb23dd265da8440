package org.chartkeeper.completion;

import java.time.Instant;

/** A provider on the suspension list: their open deficiencies that reached the suspension stage. */
public record NoticeSuspension(long providerId, String providerName, String specialty, long openDeficiencies,
                               Instant oldestDue, Instant listedAt) {}
