package org.chartkeeper.record;

import java.time.LocalDate;
import java.util.List;

/**
 * A document as its page shows it: the document, the current text (text documents, verified), its versions, the
 * original it changes and the addenda and amendments made to it, and what the current user may do.
 */
public record DocumentPage(Document document, String text, List<DocumentVersion> versions, Document original,
                           List<Document> changes, LocalDate keepUntil, Actions actions) {

    /** The buttons the page shows. */
    public record Actions(boolean edit, boolean sign, boolean cosign, boolean addendum, boolean enterInError,
                          boolean legalHold) {}
}
