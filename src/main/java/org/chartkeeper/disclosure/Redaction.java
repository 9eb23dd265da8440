package org.chartkeeper.disclosure;

/**
 * Content to black out of a document when the package is built: a region of one page (x, y, width, height as
 * fractions of the page from its top left corner) or a term wherever it appears (pageNo null).
 */
public record Redaction(long id, long documentId, Integer pageNo, Double x, Double y, Double w, Double h, String term,
                        String reason) {

    public boolean region() {
        return term == null;
    }
}
