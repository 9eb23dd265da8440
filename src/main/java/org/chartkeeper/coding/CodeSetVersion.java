package org.chartkeeper.coding;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One imported code set: a code system for one fiscal (ICD-10) or calendar (HCPCS, CPT) year, with the file it came
 * from. A demo version (the demo hospital's small seed) serves any date while no imported version of its system
 * exists.
 */
public record CodeSetVersion(long id, CodeSystem system, String label, int year, LocalDate effectiveFrom,
                             LocalDate effectiveTo, String sourceName, String sha256, boolean demo, int billableCount,
                             int headerCount, Instant importedAt, String importedBy) {

    public boolean covers(LocalDate date) {
        return !date.isBefore(effectiveFrom) && !date.isAfter(effectiveTo);
    }

    public int codeCount() {
        return billableCount + headerCount;
    }
}
