package org.chartkeeper.disclosure;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.patient.Patient;
import org.chartkeeper.patient.PatientService;
import org.chartkeeper.web.PatientData;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A patient's consents on the release-of-information side: the list, recording one, revoking one. */
@Controller
class ConsentController {

    private final ConsentService consents;
    private final PatientService patients;

    ConsentController(ConsentService consents, PatientService patients) {
        this.consents = consents;
        this.patients = patients;
    }

    @PatientData
    @GetMapping("/roi/patients/{patientId}/consents")
    String list(@PathVariable long patientId, Model model) {
        return page(patientId, model, Map.of());
    }

    @PatientData
    @PostMapping("/roi/patients/{patientId}/consents")
    String create(@PathVariable long patientId, @RequestParam Map<String, String> form, Model model,
                  HttpServletResponse response, RedirectAttributes redirect) {
        try {
            Long documentId = null;
            String doc = form.get("documentId");
            if (doc != null && !doc.isBlank()) {
                try {
                    documentId = Long.parseLong(doc.strip());
                } catch (NumberFormatException e) {
                    throw new InvalidRequestException("documentId", "'" + doc + "' is not a document number");
                }
            }
            Consent c = consents.create(patientId, new NewConsent(form.get("category"), form.get("recipient"),
                    form.get("purpose"), form.get("periodStart"), form.get("periodEnd"), documentId));
            redirect.addFlashAttribute("flash", "Consent recorded (" + c.category() + ").");
            return "redirect:/roi/patients/" + patientId + "/consents";
        } catch (InvalidRequestException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("error", e.getMessage());
            model.addAttribute("field", e.field());
            return page(patientId, model, form);
        }
    }

    @PatientData
    @PostMapping("/roi/consents/{consentId}/revoke")
    String revoke(@PathVariable long consentId, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        Consent c = consents.get(consentId);
        try {
            int version;
            try {
                version = Integer.parseInt(form.getOrDefault("version", "").strip());
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("version", "Reload the page and try again");
            }
            consents.revoke(consentId, version, form.get("revokedOn"));
            redirect.addFlashAttribute("flash", "Consent revoked.");
        } catch (InvalidRequestException | StaleVersionException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            redirect.addFlashAttribute("field", "status");
        }
        return "redirect:/roi/patients/" + c.patientId() + "/consents";
    }

    private String page(long patientId, Model model, Map<String, String> form) {
        var list = consents.ofPatient(patientId);
        Patient p = patients.open(patientId);
        model.addAttribute("patient", new PatientCandidate(p.id(), p.mrn(), p.displayName(), p.birthDate(), null));
        model.addAttribute("consents", list);
        model.addAttribute("categories", new java.util.TreeSet<>(ConsentService.CATEGORIES));
        model.addAttribute("form", form);
        return "disclosure/consents";
    }
}
