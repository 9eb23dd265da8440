package org.chartkeeper.disclosure;

/** One check of a request's validation checklist: met or not, and what is missing when it is not. */
public record ChecklistItem(String code, String label, boolean met, String missing) {

    static ChecklistItem of(String code, String label, boolean met, String missing) {
        return new ChecklistItem(code, label, met, met ? null : missing);
    }
}
