package org.chartkeeper.record;

import java.time.Instant;

/** A batch of scanned pages: {@code open} while it waits for indexing, {@code filed} once its documents are filed. */
public record ScanBatch(long id, String name, String status, int pageCount, Instant createdAt, String createdByName,
                        Instant filedAt, Long workItemId, int documents, int indexed, int version) {

    public boolean open() {
        return "open".equals(status);
    }
}
