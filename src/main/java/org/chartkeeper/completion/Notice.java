package org.chartkeeper.completion;

import java.time.Instant;

/** One notice: a provider's deficiencies that reached one stage together, addressed to its recipient. */
public record Notice(long id, String stageCode, String stageName, String audience, long providerId, String providerName,
                     Long recipientProviderId, String recipientText, String department, int itemCount,
                     Instant createdAt, Instant readAt) {}
