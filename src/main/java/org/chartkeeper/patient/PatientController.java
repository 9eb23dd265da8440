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

    record SearchForm(String name, String birthDate, String mrn, String identifier, String phone, String address) {
        static SearchForm empty() {
            return new SearchForm("", "", "", "", "", "");
        }
    }

    /** The registration form: demographics, USCDI details, one optional external identifier. */
    record RegistrationForm(String facilityCode, String familyName, String givenName, String middleName,
                            String birthDate, String sex, String addressLine, String city, String state,
                            String postalCode, String phone, String email, String ssn, String language,
                            List<String> race, String ethnicity, String identifierSystem, String identifierValue,
                            String identifierType, Boolean confirmNewPatient) {
        static RegistrationForm empty() {
            return new RegistrationForm(null, "", "", "", "", "", "", "", "", "", "", "", "", "en", List.of(), "",
                    "", "", "PI", false);
        }

        Demographics demographics() {
            List<Demographics.Identifier> ids = identifierValue == null || identifierValue.isBlank()
                    ? List.of() : List.of(new Demographics.Identifier(identifierSystem, identifierValue, identifierType));
            return new Demographics(familyName, givenName, middleName, RegistrationRules.parseDate("birthDate", birthDate),
                    sex, addressLine, city, state, postalCode, phone, email, ssn, ids);
        }

        RegistrationDetails details() {
            return new RegistrationDetails(facilityCode, language, race == null ? null : String.join(",", race),
                    ethnicity, "the registration page");
        }

        /** The form field an identifier error belongs to. */
        static String field(String f) {
            return f.startsWith("identifiers[") && f.endsWith(".system") ? "identifierSystem"
                    : f.startsWith("identifiers") ? "identifierValue" : f;
        }
    }

    /** Languages offered on the registration form (BCP 47 codes); the most common in US registration first. */
    static final List<String[]> LANGUAGES = List.of(new String[] {"en", "English"}, new String[] {"es", "Spanish"},
            new String[] {"zh", "Chinese"}, new String[] {"vi", "Vietnamese"}, new String[] {"tl", "Tagalog"},
            new String[] {"ar", "Arabic"}, new String[] {"fr", "French"}, new String[] {"ko", "Korean"},
            new String[] {"ru", "Russian"}, new String[] {"ht", "Haitian Creole"}, new String[] {"pt", "Portuguese"},
            new String[] {"de", "German"}, new String[] {"pl", "Polish"}, new String[] {"it", "Italian"},
            new String[] {"hi", "Hindi"}, new String[] {"ja", "Japanese"}, new String[] {"fa", "Persian"},
            new String[] {"so", "Somali"}, new String[] {"ase", "American Sign Language"});

    @NoPatientData
    @GetMapping("/patients/new")
    String registrationPage(Model model) {
        return registrationView(model, RegistrationForm.empty(), Map.of(), List.of());
    }

    /**
     * Checks the form, then looks for existing patients who may be this person: if there are any, shows them and
     * registers only once the user confirms a new person. Redirects to the new chart.
     */
    @PatientData
    @PostMapping("/patients/new")
    String register(@ModelAttribute("form") RegistrationForm form, Model model, HttpServletResponse response,
                    RedirectAttributes redirect) {
        try {
            PatientService.RegistrationOutcome outcome = patients.registerUnlessKnown(form.demographics(),
                    form.details(), Boolean.TRUE.equals(form.confirmNewPatient()));
            if (!outcome.created()) {
                model.addAttribute("error", null);
                return registrationView(model, form, Map.of(), outcome.likelyMatches());
            }
            Patient p = outcome.registered();
            redirect.addFlashAttribute("flash", "Registered " + p.displayName() + " with MRN " + p.mrn() + ".");
            return "redirect:/patients/" + p.id();
        } catch (InvalidRequestException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("error", "Please correct the marked field.");
            return registrationView(model, form, Map.of(RegistrationForm.field(e.field()), e.getMessage()), List.of());
        }
    }

    private String registrationView(Model model, RegistrationForm form, Map<String, String> fieldErrors,
                                    List<LikelyMatch> candidates) {
        model.addAttribute("form", form);
        model.addAttribute("fieldErrors", fieldErrors);
        model.addAttribute("candidates", candidates);
        model.addAttribute("facilities", patients.facilities());
        model.addAttribute("languages", LANGUAGES);
        model.addAttribute("races", Race.values());
        model.addAttribute("ethnicities", Ethnicity.values());
        return "patient/register";
    }

    @PatientData
    @GetMapping("/patients/{id}/history")
    String history(@PathVariable long id, Model model) {
        model.addAttribute("history", patients.history(id));
        model.addAttribute("patient", patients.open(id));
        return "patient/history";
    }

    record ContactForm(Integer version, String addressLine, String city, String state, String postalCode, String phone,
                       String email) {
        static ContactForm of(Patient p) {
            return new ContactForm(p.version(), p.addressLine(), p.city(), p.state(), p.postalCode(), p.phone(),
                    p.email());
        }
    }

    record CorrectionForm(Integer version, String familyName, String givenName, String middleName, String birthDate,
                          String sex, String reason) {
        static CorrectionForm of(Patient p) {
            return new CorrectionForm(p.version(), p.familyName(), p.givenName(), p.middleName(),
                    p.birthDate() == null ? null : p.birthDate().toString(), p.sex(), null);
        }

        PatientService.DemographicCorrection correction() {
            return new PatientService.DemographicCorrection(familyName, givenName, middleName,
                    RegistrationRules.parseDate("birthDate", birthDate), sex, reason);
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
            List<Patient> found = patients.search(PatientSearch.of(form.name(), form.birthDate(), form.mrn(),
                    form.identifier(), form.phone(), form.address()));
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
        return saveDemographicsForm(id, form.version(), version -> patients.updateContact(id, version,
                        new PatientService.ContactChange(form.addressLine(), form.city(), form.state(),
                                form.postalCode(), form.phone(), form.email())),
                "Contact details updated.", "patient/contact", model, response, redirect);
    }

    /**
     * A form that changes a patient's demographics: saved and redirected to the chart with {@code flash}, or shown
     * again with the field named (400) or the stale version explained (409).
     */
    private String saveDemographicsForm(long id, Integer version, java.util.function.IntConsumer save, String flash,
                                        String view, Model model, HttpServletResponse response,
                                        RedirectAttributes redirect) {
        try {
            if (version == null) {
                throw new InvalidRequestException("version", "The form is missing its version; reload it");
            }
            save.accept(version);
            redirect.addFlashAttribute("flash", flash);
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
        return view;
    }

    @PatientData
    @GetMapping("/patients/{id}/demographics")
    String correctionForm(@PathVariable long id, Model model) {
        Patient patient = patients.open(id);
        model.addAttribute("patient", patient);
        model.addAttribute("form", CorrectionForm.of(patient));
        model.addAttribute("fieldErrors", Map.of());
        return "patient/demographics";
    }

    @PatientData
    @PostMapping("/patients/{id}/demographics")
    String correctDemographics(@PathVariable long id, @ModelAttribute("form") CorrectionForm form, Model model,
                               HttpServletResponse response, RedirectAttributes redirect) {
        return saveDemographicsForm(id, form.version(),
                version -> patients.correctDemographics(id, version, form.correction()),
                "Demographics corrected; the change is in the patient's history.", "patient/demographics", model,
                response, redirect);
    }
}
