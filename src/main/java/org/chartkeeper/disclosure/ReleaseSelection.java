package org.chartkeeper.disclosure;

import java.util.Set;

/**
 * A document ticked for release, with every sensitive category it falls in (its type's and all its flags; empty when
 * none). review: none (not sensitive), held (awaiting review), approved, excluded.
 */
public record ReleaseSelection(long documentId, int position, Set<SensitiveCategory> categories, String review,
                               String reviewNote) {

    public ReleaseSelection {
        categories = SensitiveCategory.copy(categories);
    }

    public boolean released() {
        return review.equals("none") || review.equals("approved");
    }

    public boolean sensitive() {
        return !categories.isEmpty();
    }

    /** The categories' labels, for pages and messages ("" when none). */
    public String categoriesLabel() {
        return SensitiveCategory.labels(categories);
    }
}
