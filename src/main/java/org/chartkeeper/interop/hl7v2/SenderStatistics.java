package org.chartkeeper.interop.hl7v2;

import java.time.Instant;

/** Per sending application and facility: messages received, processed, failed and discarded, and the last one's time. */
public record SenderStatistics(String sender, long received, long processed, long failed, long discarded,
                               Instant lastReceivedAt) {}
