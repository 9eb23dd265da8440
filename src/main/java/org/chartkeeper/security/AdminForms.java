package org.chartkeeper.security;

import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chartkeeper.InvalidRequestException;
import org.springframework.ui.Model;

/** What the administration page controllers share: form errors shown beside the field, and checkbox lists. */
final class AdminForms {

    private AdminForms() {}

    /** Puts the error beside its field ({@code errors.<field>}) and answers 400, so the page is shown again. */
    static void rejected(InvalidRequestException e, Model model, HttpServletResponse response) {
        model.addAttribute("errors", Map.of(e.field() == null ? "form" : e.field(), e.getMessage()));
        model.addAttribute("error", "Nothing was changed: " + e.getMessage());
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    }

    static Set<String> checked(List<String> values) {
        return values == null ? Set.of() : new LinkedHashSet<>(values);
    }

    /** A form's number field: blank means "not given". */
    static Integer number(String field, String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(field, "Enter a whole number");
        }
    }
}
