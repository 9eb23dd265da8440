package org.chartkeeper.record;

import java.time.LocalDate;
import java.util.List;

/** A batch as the indexing page shows it: its documents in page order, each with its pages and indexing. */
public record ScanBatchView(ScanBatch batch, List<Doc> documents, List<DocumentType> types) {

    /** One document of the batch: its pages and what the technician assigned so far. */
    public record Doc(int docNo, List<Page> pages, Long patientId, String patientLabel, Long encounterId,
                      String accountNumber, String typeCode, LocalDate serviceDate, Long documentId) {

        public boolean complete() {
            return patientId != null && typeCode != null && serviceDate != null;
        }

        public int firstPage() {
            return pages.getFirst().pageNo();
        }
    }

    public record Page(int pageNo, int docNo, String mediaType, String sourceName, boolean hasText) {}

    public boolean readyToFile() {
        return batch.open() && !documents.isEmpty() && documents.stream().allMatch(Doc::complete);
    }
}
