package org.chartkeeper.disclosure;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.web.NoPatientData;
import org.chartkeeper.web.PatientData;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The release-of-information pages: the queue with each request's clock, intake, a request, an accounting. */
@Controller
class RoiController {

    /** The further facts the checklist form offers (law enforcement, government, workers' comp, provider, payer, research). */
    @org.springframework.web.bind.annotation.ModelAttribute("requestFacts")
    java.util.List<RequestFact> requestFacts() {
        return java.util.List.of(RequestFact.values());
    }

    private final DisclosureService roi;
    private final LetterService letters;

    RoiController(DisclosureService roi, LetterService letters) {
        this.roi = roi;
        this.letters = letters;
    }

    @PatientData
    @GetMapping("/roi")
    String queue(Model model) {
        model.addAttribute("rows", roi.queue());
        model.addAttribute("stateDeadlineDays", roi.stateDeadlineDays());
        return "disclosure/queue";
    }

    @NoPatientData
    @GetMapping("/roi/requests/new")
    String intakeForm(Model model) {
        vocabulary(model);
        model.addAttribute("form", Map.of());
        return "disclosure/intake";
    }

    /** Finds the request's patient by MRN, or by name and date of birth with the index's likely matches. */
    @PatientData
    @PostMapping("/roi/requests/new/patients")
    String findPatients(@RequestParam Map<String, String> form, Model model, HttpServletResponse response) {
        vocabulary(model);
        model.addAttribute("form", form);
        try {
            model.addAttribute("candidates", roi.findPatients(form.get("mrn"), form.get("name"), form.get("birthDate")));
        } catch (InvalidRequestException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("error", e.getMessage());
            model.addAttribute("field", e.field());
        }
        return "disclosure/intake";
    }

    @PatientData
    @PostMapping("/roi/requests")
    String intake(@RequestParam Map<String, String> form, Model model, HttpServletResponse response,
                  RedirectAttributes redirect) {
        try {
            RoiRequest r = roi.intake(new NewRoiRequest(patientId(form.get("patientId")), form.get("receivedOn"),
                    form.get("channel"), form.get("requesterType"), form.get("requesterName"),
                    form.get("requesterAddress"), form.get("askedEncounters"), form.get("askedFrom"),
                    form.get("askedTo"), form.get("askedDocumentTypes"), form.get("purpose"), form.get("format"),
                    form.get("delivery"), authorization(form)));
            letters.pendedLetter(r);
            redirect.addFlashAttribute("flash", "Request " + r.requestNo() + " received"
                    + (r.status() == RoiStatus.PENDED ? " and pended: " + r.statusNote() : "."));
            return "redirect:/roi/requests/" + r.id();
        } catch (InvalidRequestException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            vocabulary(model);
            model.addAttribute("form", form);
            model.addAttribute("error", e.getMessage());
            model.addAttribute("field", e.field());
            return "disclosure/intake";
        }
    }

    @PatientData
    @GetMapping("/roi/requests/{requestId}")
    String request(@PathVariable long requestId, Model model) {
        model.addAttribute("view", roi.request(requestId));
        model.addAttribute("today", roi.today());
        return "disclosure/request";
    }

    @PatientData
    @GetMapping("/roi/requests/{requestId}/pend-letter.pdf")
    ResponseEntity<byte[]> pendLetter(@PathVariable long requestId) {
        RequestView view = roi.request(requestId);
        byte[] pdf = letters.pendPreview(requestId);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename(view.request().requestNo() + "-pend-letter.pdf").build().toString())
                .body(pdf);
    }

    @PatientData
    @PostMapping("/roi/requests/{requestId}/validation")
    String validation(@PathVariable long requestId, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        return act(requestId, redirect, () -> {
            boolean wasPended = roi.request(requestId).request().status() == RoiStatus.PENDED;
            RoiRequest r = roi.updateValidation(requestId, version(form), authorization(form));
            if (!wasPended) letters.pendedLetter(r);
            return r.status() == RoiStatus.PENDED ? "Checklist saved; still pended: " + r.statusNote()
                    : "Checklist saved; the request passes.";
        });
    }

    @PatientData
    @PostMapping("/roi/requests/{requestId}/start")
    String start(@PathVariable long requestId, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        return act(requestId, redirect, () -> "Work started on " + roi.start(requestId, version(form)).requestNo() + ".");
    }

    @PatientData
    @PostMapping("/roi/requests/{requestId}/deny")
    String deny(@PathVariable long requestId, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        return act(requestId, redirect, () -> "Denied " + roi.deny(requestId, version(form), form.get("reason")).requestNo() + ".");
    }

    @PatientData
    @PostMapping("/roi/requests/{requestId}/cancel")
    String cancel(@PathVariable long requestId, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        return act(requestId, redirect, () -> "Cancelled " + roi.cancel(requestId, version(form), form.get("reason")).requestNo() + ".");
    }

    @PatientData
    @PostMapping("/roi/requests/{requestId}/extension")
    String extend(@PathVariable long requestId, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        return act(requestId, redirect, () -> "Extended; now due " + roi.extend(requestId, version(form),
                form.get("noticeSentOn"), form.get("reason")).dueOn() + ".");
    }

    @PatientData
    @GetMapping("/roi/accounting/{patientId}")
    String accounting(@PathVariable long patientId, @RequestParam(required = false) String from, Model model,
                      HttpServletResponse response) {
        try {
            model.addAttribute("accounting", roi.accounting(patientId, from));
        } catch (InvalidRequestException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("error", e.getMessage());
            model.addAttribute("accounting", roi.accounting(patientId, null));
        }
        model.addAttribute("patientId", patientId);
        model.addAttribute("categories", DisclosureCategory.values());
        return "disclosure/accounting";
    }

    @PatientData
    @PostMapping("/roi/accounting/{patientId}/disclosures")
    String recordDisclosure(@PathVariable long patientId, @RequestParam Map<String, String> form,
                            RedirectAttributes redirect) {
        try {
            roi.recordDisclosure(patientId, new NewDisclosure(form.get("disclosedOn"), form.get("recipientName"),
                    form.get("recipientAddress"), form.get("description"), form.get("purpose"), form.get("category")));
            redirect.addFlashAttribute("flash", "Disclosure recorded.");
        } catch (InvalidRequestException e) {
            redirect.addFlashAttribute("error", e.field() + ": " + e.getMessage());
        }
        return "redirect:/roi/accounting/" + patientId;
    }

    @PatientData
    @PostMapping("/roi/accounting/{patientId}/suspensions")
    String suspend(@PathVariable long patientId, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        try {
            roi.suspend(patientId, new NewSuspension(form.get("agency"), form.get("statement"), form.get("suspendedUntil")));
            redirect.addFlashAttribute("flash", "Suspension recorded.");
        } catch (InvalidRequestException e) {
            redirect.addFlashAttribute("error", e.field() + ": " + e.getMessage());
        }
        return "redirect:/roi/accounting/" + patientId;
    }

    // ------------------------------------------------------------------ helpers

    private String act(long requestId, RedirectAttributes redirect, java.util.function.Supplier<String> action) {
        try {
            redirect.addFlashAttribute("flash", action.get());
        } catch (InvalidRequestException | StaleVersionException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/roi/requests/" + requestId;
    }

    private static void vocabulary(Model model) {
        model.addAttribute("requesterTypes", RequesterType.values());
        model.addAttribute("channels", new java.util.TreeSet<>(DisclosureService.CHANNELS));
        model.addAttribute("formats", new java.util.TreeSet<>(DisclosureService.FORMATS));
        model.addAttribute("deliveries", new java.util.TreeSet<>(DisclosureService.DELIVERIES));
    }

    private static Long patientId(String v) {
        if (v == null || v.isBlank()) return null;
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("patientId", "Choose the patient from the matches");
        }
    }

    private static int version(Map<String, String> form) {
        try {
            return Integer.parseInt(form.getOrDefault("version", "").strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("version", "Reload the page and try again");
        }
    }

    static final List<String> CHECKS = Arrays.asList("identityVerified", "present", "describesInformation",
            "namesDiscloser", "namesRecipient", "statesPurpose", "signedByRepresentative", "revocationStatement",
            "conditioningStatement", "redisclosureStatement", "courtOrder", "satisfactoryAssurance");

    private static AuthorizationForm authorization(Map<String, String> f) {
        return new AuthorizationForm(on(f, "identityVerified"), on(f, "present"), on(f, "describesInformation"),
                on(f, "namesDiscloser"), on(f, "namesRecipient"), on(f, "statesPurpose"), f.get("expiresOn"),
                f.get("expiryEvent"), f.get("signedOn"), on(f, "signedByRepresentative"),
                f.get("representativeAuthority"), on(f, "revocationStatement"), on(f, "conditioningStatement"),
                on(f, "redisclosureStatement"), f.get("revokedOn"), on(f, "courtOrder"), on(f, "satisfactoryAssurance"),
                java.util.Arrays.stream(RequestFact.values()).map(RequestFact::code).filter(c -> on(f, "fact-" + c))
                        .toList());
    }

    private static boolean on(Map<String, String> f, String name) {
        String v = f.get(name);
        return v != null && (v.equals("true") || v.equals("on"));
    }
}
