package org.chartkeeper.disclosure;

/** A document ticked for release. review: none (not sensitive), held (awaiting review), approved, excluded. */
public record ReleaseSelection(long documentId, int position, SensitiveCategory category, String review,
                               String reviewNote) {

    public boolean released() {
        return review.equals("none") || review.equals("approved");
    }
}
