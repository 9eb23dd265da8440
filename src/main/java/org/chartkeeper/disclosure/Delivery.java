package org.chartkeeper.disclosure;

import java.time.Instant;
import java.time.LocalDate;

/** How and when a package reached the requester (secure-download, mail, fax, in-person). */
public record Delivery(long id, long requestId, long packageId, String method, LocalDate deliveredOn, String note,
                       Instant recordedAt) {}
