package org.chartkeeper.completion;

import java.time.Instant;

/** An operating-room procedure of an encounter: the surgeon, what was done, and when it started and ended. */
public record SurgicalCase(long id, long patientId, long encounterId, long surgeonProviderId, String surgeonName,
                           String procedure, String operatingRoom, Instant startedAt, Instant endedAt) {}
