package org.chartkeeper.disclosure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.web.NoPatientData;
import org.chartkeeper.web.PatientData;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The fulfillment pages of a request: document selection and sensitive review, redaction of a page (drawn on the
 * page image), fee schedule, package build and download, secure link, delivery, invoice and payment.
 */
@Controller
class FulfillmentController {

    private final FulfillmentService fulfillment;

    FulfillmentController(FulfillmentService fulfillment) {
        this.fulfillment = fulfillment;
    }

    @PatientData
    @GetMapping("/roi/requests/{requestId}/fulfillment")
    String page(@PathVariable long requestId, Model model) {
        model.addAttribute("f", fulfillment.view(requestId));
        model.addAttribute("today", fulfillment.today());
        model.addAttribute("methods", new java.util.TreeSet<>(FulfillmentService.DELIVERY_METHODS));
        model.addAttribute("categories", SensitiveCategory.values());
        return "disclosure/fulfillment";
    }

    @PatientData
    @PostMapping("/roi/requests/{requestId}/fulfillment/selection")
    String select(@PathVariable long requestId, @RequestParam MultiValueMap<String, String> form,
                  RedirectAttributes redirect) {
        return act(requestId, "selection", redirect, () -> {
            List<Long> ids = new ArrayList<>();
            for (String v : form.getOrDefault("documentId", List.of())) ids.add(number("documentId", v));
            Fulfillment f = fulfillment.select(requestId, version(form.getFirst("version")), ids);
            return f.selected() + " document(s) selected" + (f.held() > 0 ? "; " + f.held()
                    + " held for sensitive-records review." : ".");
        });
    }

    @PatientData
    @PostMapping("/roi/requests/{requestId}/fulfillment/review")
    String review(@PathVariable long requestId, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        return act(requestId, "review", redirect, () -> {
            fulfillment.review(requestId, version(form.get("version")), number("documentId", form.get("documentId")),
                    form.get("decision"), form.get("note"));
            return "Review recorded.";
        });
    }

    @PatientData
    @PostMapping("/roi/requests/{requestId}/fulfillment/fee-schedule")
    String fee(@PathVariable long requestId, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        return act(requestId, "fee", redirect, () -> {
            fulfillment.chooseFeeSchedule(requestId, version(form.get("version")), form.get("code"));
            return "Fee schedule chosen; it applies when the package is built.";
        });
    }

    @PatientData
    @PostMapping("/roi/requests/{requestId}/fulfillment/package")
    String build(@PathVariable long requestId, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        return act(requestId, "package", redirect, () -> {
            ReleasePackage p = fulfillment.build(requestId, version(form.get("version")));
            return "Package " + p.packageNo() + " built: " + p.pageCount() + " pages, Bates " + p.batesFirst() + " to "
                    + p.batesLast() + ".";
        });
    }

    @PatientData
    @GetMapping("/roi/requests/{requestId}/package.pdf")
    ResponseEntity<byte[]> pdf(@PathVariable long requestId) {
        return FulfillmentApi.pdfResponse(fulfillment.packageFile(requestId));
    }

    @PatientData
    @PostMapping("/roi/requests/{requestId}/fulfillment/links")
    String link(@PathVariable long requestId, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        return act(requestId, "link", redirect, () -> {
            ReleaseLink.Issued issued = fulfillment.link(requestId, optionalNumber("days", form.get("days")),
                    optionalNumber("maxDownloads", form.get("maxDownloads")));
            redirect.addFlashAttribute("issuedLink", issued.path());
            return "Secure download link made; copy it now, it is shown only once.";
        });
    }

    @PatientData
    @PostMapping("/roi/requests/{requestId}/fulfillment/links/{linkId}/revoke")
    String revoke(@PathVariable long requestId, @PathVariable long linkId, RedirectAttributes redirect) {
        return act(requestId, "link", redirect, () -> {
            fulfillment.revokeLink(requestId, linkId);
            return "Link withdrawn.";
        });
    }

    @PatientData
    @PostMapping("/roi/requests/{requestId}/fulfillment/deliveries")
    String deliver(@PathVariable long requestId, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        return act(requestId, "delivery", redirect, () -> {
            Delivery d = fulfillment.deliver(requestId, version(form.get("version")), form.get("method"),
                    form.get("deliveredOn"), form.get("note"));
            return "Delivered by " + d.method() + " on " + d.deliveredOn()
                    + "; the disclosure is recorded for the accounting.";
        });
    }

    @PatientData
    @PostMapping("/roi/requests/{requestId}/fulfillment/invoice")
    String pay(@PathVariable long requestId, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        return act(requestId, "invoice", redirect, () -> "Invoice " + fulfillment.settle(requestId,
                version(form.get("version")), form.get("status"), form.get("paidOn"), form.get("note")).status() + ".");
    }

    @PatientData
    @GetMapping("/roi/requests/{requestId}/invoice")
    String invoice(@PathVariable long requestId, Model model) {
        model.addAttribute("f", fulfillment.view(requestId));
        model.addAttribute("invoice", fulfillment.invoice(requestId));
        return "disclosure/invoice";
    }

    // ------------------------------------------------------------------ redaction

    @PatientData
    @GetMapping("/roi/requests/{requestId}/documents/{documentId}/redact")
    String redactPage(@PathVariable long requestId, @PathVariable long documentId,
                      @RequestParam(defaultValue = "1") int page, Model model) {
        Fulfillment f = fulfillment.view(requestId);
        int pages = fulfillment.pages(requestId, documentId);
        int p = Math.max(1, Math.min(page, pages));
        model.addAttribute("f", f);
        model.addAttribute("document", f.candidates().stream().filter(c -> c.document().id() == documentId)
                .findFirst().map(ReleaseCandidate::document).orElse(null));
        model.addAttribute("documentId", documentId);
        model.addAttribute("pageNo", p);
        model.addAttribute("pages", pages);
        model.addAttribute("redactions", f.redactions().stream().filter(r -> r.documentId() == documentId).toList());
        return "disclosure/redact";
    }

    @PatientData
    @GetMapping("/roi/requests/{requestId}/documents/{documentId}/pages/{pageNo}.png")
    ResponseEntity<byte[]> pageImage(@PathVariable long requestId, @PathVariable long documentId,
                                     @PathVariable int pageNo) {
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(fulfillment.pageImage(requestId, documentId, pageNo));
    }

    @PatientData
    @PostMapping("/roi/requests/{requestId}/documents/{documentId}/redactions")
    String redact(@PathVariable long requestId, @PathVariable long documentId, @RequestParam Map<String, String> form,
                  RedirectAttributes redirect) {
        String back = "redirect:/roi/requests/" + requestId + "/documents/" + documentId + "/redact?page="
                + form.getOrDefault("pageNo", "1").replaceAll("\\D", "");
        try {
            boolean term = form.get("term") != null && !form.get("term").isBlank();
            fulfillment.redact(requestId, version(form.get("version")), documentId,
                    term ? null : optionalNumber("pageNo", form.get("pageNo")), term ? null : fraction("x", form.get("x")),
                    term ? null : fraction("y", form.get("y")), term ? null : fraction("w", form.get("w")),
                    term ? null : fraction("h", form.get("h")), form.get("term"), form.get("reason"));
            redirect.addFlashAttribute("flash", term ? "Term marked for redaction on every page of the document."
                    : "Region marked; it is burned into the page when the package is built.");
        } catch (InvalidRequestException | StaleVersionException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            redirect.addFlashAttribute("errorField", e instanceof InvalidRequestException i ? i.field() : "version");
        }
        return back;
    }

    @PatientData
    @PostMapping("/roi/requests/{requestId}/redactions/{redactionId}/delete")
    String unredact(@PathVariable long requestId, @PathVariable long redactionId, @RequestParam Map<String, String> form,
                    RedirectAttributes redirect) {
        return act(requestId, "redactions", redirect, () -> {
            fulfillment.removeRedaction(requestId, version(form.get("version")), redactionId);
            return "Redaction removed.";
        });
    }

    // ------------------------------------------------------------------ helpers

    /** The fee schedules; whoever has roi.manage edits them here. */
    @NoPatientData
    @GetMapping("/roi/fee-schedules")
    String feeSchedules(org.springframework.ui.Model model) {
        model.addAttribute("schedules", fulfillment.schedules());
        model.addAttribute("kinds", new java.util.TreeSet<>(FulfillmentService.SCHEDULE_KINDS));
        return "disclosure/fee-schedules";
    }

    @NoPatientData
    @PostMapping("/roi/fee-schedules/{code}")
    String saveFeeSchedule(@PathVariable String code, @RequestParam Map<String, String> form,
                           RedirectAttributes redirect) {
        try {
            FeeSchedule s = fulfillment.updateSchedule(code, version(form.get("version")), new FeeSchedule(code,
                    form.get("name"), form.get("kind"), money("flatAmount", form), (int) Math.max(-1, Math.min(100_001,
                    number("firstPages", form.getOrDefault("firstPages", "0")))), money("firstPageRate", form), money("pageRate", form),
                    money("suppliesPerPage", form), money("searchFee", form), money("postage", form),
                    form.containsKey("active"), 0));
            redirect.addFlashAttribute("flash", "Fee schedule " + s.name() + " saved.");
        } catch (InvalidRequestException | StaleVersionException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            redirect.addFlashAttribute("errorForm", code);
            redirect.addFlashAttribute("errorField", e instanceof InvalidRequestException i ? i.field() : "version");
        }
        return "redirect:/roi/fee-schedules";
    }

    private static java.math.BigDecimal money(String field, Map<String, String> form) {
        String v = form.get(field);
        if (v == null || v.isBlank()) return null;
        try {
            return new java.math.BigDecimal(v.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(field, "Give an amount such as 6.50");
        }
    }

    private String act(long requestId, String form, RedirectAttributes redirect, java.util.function.Supplier<String> action) {
        try {
            redirect.addFlashAttribute("flash", action.get());
        } catch (InvalidRequestException | StaleVersionException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            redirect.addFlashAttribute("errorForm", form);
            redirect.addFlashAttribute("errorField", e instanceof InvalidRequestException i ? i.field() : "version");
        }
        return "redirect:/roi/requests/" + requestId + "/fulfillment";
    }

    private static int version(String v) {
        try {
            return Integer.parseInt(v == null ? "" : v.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("version", "Reload the page and try again");
        }
    }

    private static long number(String field, String v) {
        try {
            return Long.parseLong(v == null ? "" : v.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(field, "'" + v + "' is not a number");
        }
    }

    private static Integer optionalNumber(String field, String v) {
        if (v == null || v.isBlank()) return null;
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(field, "'" + v + "' is not a whole number");
        }
    }

    private static Double fraction(String field, String v) {
        if (v == null || v.isBlank()) throw new InvalidRequestException(field, "Draw the region on the page first");
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(field, "'" + v + "' is not a number");
        }
    }
}
