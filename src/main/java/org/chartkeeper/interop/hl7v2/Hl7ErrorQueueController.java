package org.chartkeeper.interop.hl7v2;

import jakarta.servlet.http.HttpServletResponse;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.web.NoPatientData;
import org.chartkeeper.web.PatientData;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The HL7 interface's error queue: failed messages with their error, per-sender statistics, and for one message its
 * text to correct and reprocess, or discard with a reason. A message's text holds patient information, so it is opened
 * with a POST (kept out of URLs and history) and audited.
 */
@Controller
class Hl7ErrorQueueController {

    private final Hl7IntakeService intake;
    private final MllpListener listener;

    Hl7ErrorQueueController(Hl7IntakeService intake, MllpListener listener) {
        this.intake = intake;
        this.listener = listener;
    }

    /** The queue lists sender, control id, event, time and the error: no message text. */
    @NoPatientData
    @GetMapping("/interfaces/hl7")
    String queue(Model model) {
        model.addAttribute("failed", intake.failed(200));
        model.addAttribute("failedCount", intake.failedCount());
        model.addAttribute("senders", intake.statistics());
        model.addAttribute("port", listener.port());
        return "hl7v2/queue";
    }

    @PatientData
    @PostMapping("/interfaces/hl7/messages/{messageId}")
    String open(@PathVariable long messageId, Model model) {
        model.addAttribute("message", intake.open(messageId));
        return "hl7v2/message";
    }

    @PatientData
    @PostMapping("/interfaces/hl7/messages/{messageId}/reprocess")
    String reprocess(@PathVariable long messageId, @RequestParam int version, @RequestParam(required = false) String content,
                     Model model, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            Hl7Message m = intake.reprocess(messageId, version, content);
            if (!m.failed()) {
                redirect.addFlashAttribute("flash", "Message " + m.controlId() + " from " + m.sender() + " was processed.");
                return "redirect:/interfaces/hl7";
            }
            model.addAttribute("error", "It failed again: " + m.errorLocation() + ": " + m.errorText());
            model.addAttribute("message", m);
        } catch (InvalidRequestException | StaleVersionException e) {
            response.setStatus(e instanceof StaleVersionException ? HttpServletResponse.SC_CONFLICT : HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("error", e.getMessage());
            model.addAttribute("message", intake.open(messageId));
        }
        return "hl7v2/message";
    }

    @NoPatientData
    @PostMapping("/interfaces/hl7/messages/{messageId}/discard")
    String discard(@PathVariable long messageId, @RequestParam int version, @RequestParam(required = false) String reason,
                   RedirectAttributes redirect) {
        try {
            Hl7Message m = intake.discard(messageId, version, reason);
            redirect.addFlashAttribute("flash", "Message " + m.controlId() + " from " + m.sender() + " was discarded.");
        } catch (InvalidRequestException | StaleVersionException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/interfaces/hl7";
    }
}
