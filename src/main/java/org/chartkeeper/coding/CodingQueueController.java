package org.chartkeeper.coding;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.web.PatientData;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The coding queue page: discharged encounters waiting for final coding, DNFB figures, filters and assignment. */
@Controller
class CodingQueueController {

    private final CodingQueueService queue;

    CodingQueueController(CodingQueueService queue) {
        this.queue = queue;
    }

    @PatientData
    @GetMapping("/coding/queue")
    String page(@RequestParam(required = false) String type, @RequestParam(required = false) String coder,
                @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                @RequestParam(required = false) String minDays, Model model, HttpServletResponse response) {
        model.addAttribute("type", type);
        model.addAttribute("coder", coder);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("minDays", minDays);
        model.addAttribute("coders", queue.coders());
        CodingQueueService.Filter filter;
        try {
            filter = CodingQueueApi.filter(type, coder, from, to, minDays(minDays));
            model.addAttribute("errors", Map.of());
        } catch (InvalidRequestException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("errors", Map.of(e.field(), e.getMessage()));
            filter = CodingQueueService.Filter.ALL;
        }
        model.addAttribute("queue", queue.queue(filter));
        return "coding/queue";
    }

    @PatientData
    @PostMapping("/coding/queue/{encounterId}/assignment")
    String assign(@PathVariable long encounterId, @RequestParam(required = false) String coder,
                  @RequestParam(required = false) Integer version, RedirectAttributes redirect) {
        try {
            queue.assign(encounterId, coder, version);
            redirect.addFlashAttribute("flash", coder == null || coder.isBlank() ? "Encounter " + encounterId + " unassigned."
                    : "Encounter " + encounterId + " assigned to " + coder + ".");
        } catch (InvalidRequestException e) {
            redirect.addFlashAttribute("error", "Not assigned: " + e.getMessage());
        }
        return "redirect:/coding/queue";
    }

    private static Integer minDays(String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("minDays", "A whole number of days");
        }
    }
}
