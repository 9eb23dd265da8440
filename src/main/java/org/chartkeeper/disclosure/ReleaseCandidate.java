package org.chartkeeper.disclosure;

import java.util.Set;
import org.chartkeeper.record.Document;

/**
 * A document of the patient's chart as the selection shows it: whether it is within what the request asked for,
 * its sensitive categories (its type's and every flag's; empty when none) and, when ticked, its selection.
 */
public record ReleaseCandidate(Document document, boolean inScope, Set<SensitiveCategory> categories,
                               ReleaseSelection selection) {

    public ReleaseCandidate {
        categories = SensitiveCategory.copy(categories);
    }

    /** The categories' labels, for pages ("" when none). */
    public String categoriesLabel() {
        return SensitiveCategory.labels(categories);
    }
}
