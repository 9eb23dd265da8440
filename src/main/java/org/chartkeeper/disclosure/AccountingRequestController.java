package org.chartkeeper.disclosure;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.chartkeeper.web.PatientData;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Pages for patients' requests for an accounting of disclosures: the list with clocks, intake, one request. */
@Controller
class AccountingRequestController {

    private final AccountingRequestService requests;
    private final LetterService letters;

    AccountingRequestController(AccountingRequestService requests, LetterService letters) {
        this.requests = requests;
        this.letters = letters;
    }

    @PatientData
    @GetMapping("/roi/accounting-requests")
    String list(@RequestParam(required = false) String patientId, Model model) {
        model.addAttribute("form", patientId == null ? Map.of() : Map.of("patientId", patientId));
        return listPage(model);
    }

    @PatientData
    @PostMapping("/roi/accounting-requests")
    String intake(@RequestParam Map<String, String> form, Model model, HttpServletResponse response,
                  RedirectAttributes redirect) {
        return RightsPages.act(model, response, form, () -> {
            AccountingRequest r = requests.intake(new NewAccountingRequest(RightsPages.id("patientId", form.get("patientId")),
                    form.get("receivedOn"), form.get("periodFrom"), form.get("requestedBy"), form.get("deliverTo")));
            redirect.addFlashAttribute("flash", "Accounting request taken in; due " + r.dueOn()
                    + (r.free() ? " (free: the first in 12 months)." : ". A fee of " + AccountingRequestService.money(r.fee())
                    + " applies: tell the patient before preparing it."));
            return "redirect:/roi/accounting-requests/" + r.id();
        }, () -> listPage(model));
    }

    @PatientData
    @GetMapping("/roi/accounting-requests/{accountingRequestId}")
    String get(@PathVariable long accountingRequestId, Model model) {
        model.addAttribute("form", Map.of());
        return page(accountingRequestId, model);
    }

    @PatientData
    @PostMapping("/roi/accounting-requests/{accountingRequestId}/{action}")
    String act(@PathVariable long accountingRequestId, @PathVariable String action,
               @RequestParam Map<String, String> form, Model model, HttpServletResponse response,
               RedirectAttributes redirect) {
        return RightsPages.act(model, response, form, () -> {
            int v = RightsPages.version(form);
            String done = switch (action) {
                case "fee-agreement" -> {
                    requests.agreeFee(accountingRequestId, v, form.get("noticeSentOn"), form.get("agreedOn"));
                    yield "Fee agreed; the accounting can be prepared.";
                }
                case "extension" -> "Extended; now due " + requests.extend(accountingRequestId, v,
                        form.get("noticeSentOn"), form.get("reason")).dueOn() + ". The notice letter is below.";
                case "delivery" -> {
                    requests.deliver(accountingRequestId, v);
                    yield "Accounting delivered; the letter is below.";
                }
                case "withdrawal" -> {
                    requests.withdraw(accountingRequestId, v);
                    yield "Request withdrawn.";
                }
                default -> throw new org.chartkeeper.NotFoundException("No action " + action);
            };
            redirect.addFlashAttribute("flash", done);
            return "redirect:/roi/accounting-requests/" + accountingRequestId;
        }, () -> page(accountingRequestId, model));
    }

    private String listPage(Model model) {
        model.addAttribute("rows", requests.list());
        model.addAttribute("today", requests.today());
        model.addAttribute("fee", AccountingRequestService.money(requests.configuredFee()));
        return "disclosure/accounting-requests";
    }

    private String page(long id, Model model) {
        model.addAttribute("r", requests.get(id));
        model.addAttribute("letters", letters.ofSubject(Letter.ACCOUNTING_REQUEST, id));
        model.addAttribute("today", requests.today());
        return "disclosure/accounting-request";
    }
}
