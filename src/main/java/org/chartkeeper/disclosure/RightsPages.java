package org.chartkeeper.disclosure;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.function.Supplier;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.StaleVersionException;
import org.springframework.ui.Model;

/**
 * What the patient-rights pages (accounting requests, amendments, outgoing requests, letters) share: an action that
 * fails re-renders the page with 400 (409 when stale) and the message next to the field it names.
 */
final class RightsPages {

    private RightsPages() {}

    /** Runs {@code action}; on bad input or a stale version puts the error in the model and answers {@code page}. */
    static String act(Model model, HttpServletResponse response, Map<String, String> form, Supplier<String> action,
                      Supplier<String> page) {
        try {
            return action.get();
        } catch (InvalidRequestException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("errors", Map.of(e.field() == null ? "form" : e.field(), e.getMessage()));
        } catch (StaleVersionException e) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            model.addAttribute("errors", Map.of("version", e.getMessage() + "; reload the page and try again"));
        }
        model.addAttribute("form", form);
        return page.get();
    }

    static int version(Map<String, String> form) {
        try {
            return Integer.parseInt(form.getOrDefault("version", "").strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("version", "Reload the page and try again");
        }
    }

    static Long id(String field, String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(field, "Give a number");
        }
    }
}
