package org.chartkeeper.record;

import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.encounter.EncounterService;
import org.chartkeeper.patient.PatientService;
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
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The record's pages: a chart's documents (filters by type and date, full-text search POSTed), the chart page's
 * documents section, a document with its versions, addenda and actions, new notes and uploads.
 */
@Controller
class RecordController {

    private final RecordService record;
    private final PatientService patients;
    private final EncounterService encounters;

    RecordController(RecordService record, PatientService patients, EncounterService encounters) {
        this.record = record;
        this.patients = patients;
        this.encounters = encounters;
    }

    @PatientData
    @GetMapping("/patients/{id}/record")
    String chart(@PathVariable long id, @RequestParam(required = false) String type,
                 @RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model) {
        return chartView(id, type, from, to, null, model, false);
    }

    /** The search form POSTs, so the words looked for never land in a URL; htmx gets only the results. */
    @PatientData
    @PostMapping("/patients/{id}/record")
    String search(@PathVariable long id, @RequestParam(required = false) String type,
                  @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                  @RequestParam(required = false) String q, @RequestHeader(value = "HX-Request", required = false) String htmx,
                  Model model, HttpServletResponse response) {
        try {
            return chartView(id, type, from, to, q, model, htmx != null);
        } catch (InvalidRequestException e) {
            response.setStatus(400);
            model.addAttribute("error", e.getMessage());
            return chartView(id, null, null, null, null, model, htmx != null);
        }
    }

    private String chartView(long id, String type, String from, String to, String q, Model model, boolean fragment) {
        ChartFilter filter = ChartFilter.of(type, from, to, q);
        List<Document> docs = record.chart(id, filter);
        model.addAttribute("documents", docs);
        model.addAttribute("filter", filter);
        model.addAttribute("patientId", id);
        var list = encounters.forPatient(id);
        model.addAttribute("accounts", list.stream().collect(java.util.stream.Collectors.toMap(
                org.chartkeeper.encounter.Encounter::id, org.chartkeeper.encounter.Encounter::accountNumber)));
        if (fragment) return "record/chart :: results";
        model.addAttribute("patient", patients.open(id));
        model.addAttribute("types", record.types());
        model.addAttribute("encounters", list);
        return "record/chart";
    }

    /** The documents section of the patient chart page (loaded by htmx): the latest documents and a link to all. */
    @PatientData
    @GetMapping("/patients/{id}/record/summary")
    String summary(@PathVariable long id, Model model) {
        List<Document> docs = record.chart(id, ChartFilter.ALL);
        model.addAttribute("patientId", id);
        model.addAttribute("total", docs.size());
        model.addAttribute("documents", docs.subList(0, Math.min(8, docs.size())));
        model.addAttribute("unsigned", docs.stream().filter(d -> !d.authenticated() && !d.enteredInError()).count());
        return "record/summary";
    }

    @PatientData
    @GetMapping("/patients/{id}/record/new")
    String newNote(@PathVariable long id, @RequestParam(required = false) Long encounterId,
                   @RequestParam(required = false) String typeCode, Model model) {
        // a link from a deficiency queue names the encounter and the document type to dictate
        if (!model.containsAttribute("form") && (encounterId != null || typeCode != null)) {
            model.addAttribute("form", new NewTextDocument(encounterId, typeCode, null, null, null, null, null));
        }
        model.addAttribute("patient", patients.open(id));
        model.addAttribute("types", record.activeTypes());
        model.addAttribute("encounters", encounters.forPatient(id));
        model.addAttribute("authors", record.authors());
        return "record/new";
    }

    @PatientData
    @PostMapping("/patients/{id}/record/new")
    String create(@PathVariable long id, @RequestParam(required = false) Long encounterId,
                  @RequestParam(required = false) String typeCode, @RequestParam(required = false) String title,
                  @RequestParam(required = false) String serviceAt, @RequestParam(required = false) String body,
                  @RequestParam(required = false) String source, @RequestParam(required = false) Long authorProviderId,
                  Model model, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            Document d = record.createText(id, new NewTextDocument(encounterId, typeCode, title,
                    RecordApi.instant(serviceAt), body, source, authorProviderId));
            redirect.addFlashAttribute("flash", "Draft saved. Sign it when it is complete.");
            return "redirect:/patients/" + id + "/record/" + d.id();
        } catch (InvalidRequestException e) {
            response.setStatus(400);
            model.addAttribute("error", e.getMessage());
            model.addAttribute("field", e.field());
            model.addAttribute("form", new NewTextDocument(encounterId, typeCode, title, null, body, source, authorProviderId));
            return newNote(id, null, null, model);
        }
    }

    @PatientData
    @PostMapping("/patients/{id}/record/uploads")
    String upload(@PathVariable long id, @RequestParam(required = false) MultipartFile file,
                  @RequestParam(required = false) String typeCode, @RequestParam(required = false) Long encounterId,
                  @RequestParam(required = false) String title, @RequestParam(required = false) String serviceDate,
                  RedirectAttributes redirect) {
        try {
            if (file == null || file.isEmpty()) throw new InvalidRequestException("file", "Choose a file to upload");
            Document d = record.upload(id, new NewFileDocument(encounterId, typeCode, title,
                    RecordApi.instant(serviceDate), file.getOriginalFilename(), RecordApi.bytes(file)));
            redirect.addFlashAttribute("flash", "Filed " + d.fileName() + " (" + d.pageCount() + " page(s)).");
            return "redirect:/patients/" + id + "/record/" + d.id();
        } catch (InvalidRequestException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/patients/" + id + "/record";
        }
    }

    @PatientData
    @GetMapping("/patients/{id}/record/{documentId}")
    String document(@PathVariable long id, @PathVariable long documentId, Model model) {
        DocumentPage page = record.page(documentId);
        if (page.document().patientId() != id) throw new NotFoundException("No document " + documentId + " in this chart");
        model.addAttribute("page", page);
        model.addAttribute("d", page.document());
        model.addAttribute("patient", patients.open(id));
        return "record/document";
    }

    @PatientData
    @GetMapping("/patients/{id}/record/{documentId}/content")
    ResponseEntity<byte[]> content(@PathVariable long id, @PathVariable long documentId,
                                   @RequestParam(required = false) Integer version) {
        DocumentContent c = record.content(documentId, version);
        if (c.document().patientId() != id) throw new NotFoundException("No document " + documentId + " in this chart");
        return contentResponse(c);
    }

    @PatientData
    @PostMapping("/patients/{id}/record/{documentId}/edit")
    String edit(@PathVariable long id, @PathVariable long documentId, @RequestParam int version,
                @RequestParam(required = false) String title, @RequestParam(required = false) String body,
                RedirectAttributes redirect) {
        return act(id, documentId, redirect, "Draft saved (a new version).",
                () -> record.updateDraft(checked(id, documentId), version, title, null, body));
    }

    @PatientData
    @PostMapping("/patients/{id}/record/{documentId}/sign")
    String sign(@PathVariable long id, @PathVariable long documentId, @RequestParam int version,
                RedirectAttributes redirect) {
        return act(id, documentId, redirect, "Signed. The document is now locked.",
                () -> record.sign(checked(id, documentId), version));
    }

    @PatientData
    @PostMapping("/patients/{id}/record/{documentId}/cosign")
    String cosign(@PathVariable long id, @PathVariable long documentId, @RequestParam int version,
                  RedirectAttributes redirect) {
        return act(id, documentId, redirect, "Co-signed.", () -> record.cosign(checked(id, documentId), version));
    }

    @PatientData
    @PostMapping("/patients/{id}/record/{documentId}/changes")
    String change(@PathVariable long id, @PathVariable long documentId, @RequestParam(required = false) String relation,
                  @RequestParam(required = false) String body, RedirectAttributes redirect) {
        try {
            Document d = record.change(checked(id, documentId), relation, null, body);
            redirect.addFlashAttribute("flash", "The " + d.relation() + " is saved as a draft; sign it to complete it.");
            return "redirect:/patients/" + id + "/record/" + d.id();
        } catch (InvalidRequestException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/patients/" + id + "/record/" + documentId;
        }
    }

    @PatientData
    @PostMapping("/patients/{id}/record/{documentId}/error")
    String enteredInError(@PathVariable long id, @PathVariable long documentId, @RequestParam int version,
                          @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        return act(id, documentId, redirect, "Marked entered in error.",
                () -> record.enterInError(checked(id, documentId), version, reason));
    }

    @PatientData
    @PostMapping("/patients/{id}/record/{documentId}/hold")
    String hold(@PathVariable long id, @PathVariable long documentId, @RequestParam int version,
                @RequestParam boolean hold, RedirectAttributes redirect) {
        return act(id, documentId, redirect, hold ? "Legal hold placed." : "Legal hold lifted.",
                () -> record.legalHold(checked(id, documentId), version, hold));
    }

    private String act(long id, long documentId, RedirectAttributes redirect, String done, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("flash", done);
        } catch (InvalidRequestException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/patients/" + id + "/record/" + documentId;
    }

    /** The document must be in this chart (the service's own checks and audit follow). */
    private long checked(long patientId, long documentId) {
        if (record.find(documentId).patientId() != patientId) {
            throw new NotFoundException("No document " + documentId + " in this chart");
        }
        return documentId;
    }

    static ResponseEntity<byte[]> contentResponse(DocumentContent c) {
        boolean text = c.bytes() == null;
        byte[] body = text ? c.text().getBytes(StandardCharsets.UTF_8) : c.bytes();
        String name = c.fileName() != null ? c.fileName() : "document-" + c.document().id() + ".txt";
        return ResponseEntity.ok()
                .contentType(text ? new MediaType("text", "plain", StandardCharsets.UTF_8) : MediaType.parseMediaType(c.mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(name, StandardCharsets.UTF_8)
                        .build().toString())
                .header("X-Content-SHA256", c.sha256())
                .header("X-Content-Type-Options", "nosniff")
                .body(body);
    }
}
