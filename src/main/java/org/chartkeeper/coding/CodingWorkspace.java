package org.chartkeeper.coding;

import java.time.Instant;
import java.util.List;

/**
 * The coding workspace of an encounter: the abstract with its edits, the encounter's documents (the record beside
 * the code form), and the computer-assisted suggestions found in them.
 */
public record CodingWorkspace(EncounterCoding coding, List<DocumentRef> documents, List<CodingSuggestion> suggestions) {

    /** A document of the encounter, for the side panel. */
    public record DocumentRef(long id, String title, String typeName, Instant serviceAt, String kind, String status) {}

    /**
     * A document's text cut into parts, the evidence sentences of suggestions marked ({@code codes} names the codes a
     * part supports), so a page can highlight them without markup in the text.
     */
    public record DocumentText(long documentId, String title, String typeName, Instant serviceAt, List<Part> parts) {}

    public record Part(String text, List<String> codes) {
        public boolean evidence() {
            return !codes.isEmpty();
        }
    }
}
