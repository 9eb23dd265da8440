package org.chartkeeper.patient;

import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.encounter.EncounterService;
import org.chartkeeper.web.NoPatientData;
import org.chartkeeper.web.PatientData;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Patient search and the patient chart. Searches are POSTed so that names and dates of birth never land in a URL;
 * htmx swaps in only the results, a plain form post renders the whole page.
 */
@Controller
class PatientController {

    private final PatientService patients;
    private final EncounterService encounters;
    private final java.time.Clock clock;

    PatientController(PatientService patients, EncounterService encounters, java.time.Clock clock) {
        this.patients = patients;
        this.encounters = encounters;
        this.clock = clock;
    }

    record SearchForm(String name, String birthDate, String mrn) {
        static SearchForm empty() {
            return new SearchForm("", "", "");
        }
    }

    record ContactForm(Integer version, String addressLine, String city, String state, String postalCode, String phone,
                       String email) {
        static ContactForm of(Patient p) {
            return new ContactForm(p.version(), p.addressLine(), p.city(), p.state(), p.postalCode(), p.phone(),
                    p.email());
        }
    }

    @NoPatientData
    @GetMapping("/patients")
    String searchPage(Model model) {
        model.addAttribute("form", SearchForm.empty());
        model.addAttribute("searched", false);
        return "patient/search";
    }

    @PatientData
    @PostMapping("/patients/search")
    String search(@ModelAttribute("form") SearchForm form, Model model, HttpServletResponse response,
                  @RequestHeader(name = "HX-Request", required = false) String htmx) {
        boolean fragment = "true".equals(htmx);
        model.addAttribute("searched", true);
        try {
            List<Patient> found = patients.search(PatientSearch.of(form.name(), form.birthDate(), form.mrn()));
            model.addAttribute("results", found);
            model.addAttribute("limited", found.size() >= PatientService.SEARCH_LIMIT);
        } catch (InvalidRequestException e) {
            model.addAttribute("results", List.of());
            model.addAttribute("fieldErrors", Map.of(e.field(), e.getMessage()));
            model.addAttribute("searchError", e.getMessage());
            // htmx swaps only 2xx answers; the full page says 400 like any refused form.
            if (!fragment) response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        }
        return fragment ? "patient/search :: results" : "patient/search";
    }

    @PatientData
    @GetMapping("/patients/{id}")
    String chart(@PathVariable long id, Model model) {
        PatientChart chart = patients.chart(id);
        model.addAttribute("chart", chart);
        model.addAttribute("patient", chart.patient());
        model.addAttribute("age", chart.patient().ageOn(LocalDate.now(clock.withZone(ZoneOffset.UTC))));
        model.addAttribute("encounters", encounters.forPatient(id));
        return "patient/chart";
    }

    @PatientData
    @GetMapping("/patients/{id}/contact")
    String contactForm(@PathVariable long id, Model model) {
        Patient patient = patients.open(id);
        model.addAttribute("patient", patient);
        model.addAttribute("form", ContactForm.of(patient));
        model.addAttribute("fieldErrors", Map.of());
        return "patient/contact";
    }

    @PatientData
    @PostMapping("/patients/{id}/contact")
    String updateContact(@PathVariable long id, @ModelAttribute("form") ContactForm form, Model model,
                         HttpServletResponse response, RedirectAttributes redirect) {
        try {
            if (form.version() == null) {
                throw new InvalidRequestException("version", "The form is missing its version; reload it");
            }
            patients.updateContact(id, form.version(), new PatientService.ContactChange(form.addressLine(),
                    form.city(), form.state(), form.postalCode(), form.phone(), form.email()));
            redirect.addFlashAttribute("flash", "Contact details updated.");
            return "redirect:/patients/" + id;
        } catch (InvalidRequestException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("fieldErrors", Map.of(e.field(), e.getMessage()));
            model.addAttribute("error", "Please correct the marked field.");
        } catch (StaleVersionException e) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            model.addAttribute("fieldErrors", Map.of());
            model.addAttribute("error", e.getMessage());
            model.addAttribute("stale", true);
        }
        model.addAttribute("patient", patients.open(id));
        return "patient/contact";
    }
}
