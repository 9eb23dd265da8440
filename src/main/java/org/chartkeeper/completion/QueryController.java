package org.chartkeeper.completion;

import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.encounter.Encounter;
import org.chartkeeper.encounter.EncounterService;
import org.chartkeeper.record.Document;
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
 * Physician query pages: the worklist (CDI) and "my open queries" (providers), writing a query on an encounter,
 * a query with its answer form and CDI actions, the templates and the reports.
 */
@Controller
class QueryController {

    static final int INDICATOR_ROWS = 3;

    private final QueryService queries;
    private final EncounterService encounters;
    private final java.time.Clock clock;

    QueryController(QueryService queries, EncounterService encounters, java.time.Clock clock) {
        this.queries = queries;
        this.encounters = encounters;
        this.clock = clock;
    }

    @PatientData
    @GetMapping("/queries")
    String list(@RequestParam(required = false) String status, Model model) {
        QueryStatus s = status == null || status.isBlank() ? null : QueryStatus.of("status", status);
        boolean cdi = queries.canRead();
        if (queries.answersQueries()) model.addAttribute("mine", queries.mine());
        if (cdi) model.addAttribute("queries", queries.list(s, null, null));
        model.addAttribute("status", s);
        model.addAttribute("statuses", QueryStatus.values());
        model.addAttribute("now", clock.instant());
        return "completion/query-list";
    }

    /** From the worklist: start a query on the encounter with this account number. */
    @PatientData
    @PostMapping("/queries/new")
    String start(@RequestParam(required = false) String account, RedirectAttributes redirect) {
        try {
            long encounterId = queries.encounterByAccount(account);
            return "redirect:/encounters/" + encounterId + "/queries/new";
        } catch (InvalidRequestException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/queries";
        }
    }

    @PatientData
    @GetMapping("/encounters/{encounterId}/queries/new")
    String newQuery(@PathVariable long encounterId, @RequestParam(required = false) Long templateId, Model model) {
        Encounter e = encounters.get(encounterId);
        List<QueryTemplate> templates = queries.activeTemplates();
        if (templates.isEmpty()) {
            throw new InvalidRequestException("templateId", "No query template is active; an editor of query templates"
                    + " (query.templates) activates one on the Templates page");
        }
        QueryTemplate chosen = templateId == null ? templates.getFirst() : queries.template(templateId);
        model.addAttribute("encounter", e);
        model.addAttribute("templates", templates);
        model.addAttribute("template", chosen);
        model.addAttribute("providers", queries.providers());
        List<Document> docs = queries.citableDocuments(encounterId);
        model.addAttribute("documents", docs);
        Map<Long, String> texts = new LinkedHashMap<>();
        for (Document d : docs.subList(0, Math.min(docs.size(), 12))) {
            if (!d.isFile()) texts.put(d.id(), queries.documentText(d.id()));
        }
        model.addAttribute("texts", texts);
        model.addAttribute("rows", INDICATOR_ROWS);
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new Form(e.attendingProviderId(), chosen.question(), chosen.optionsText(),
                    new ArrayList<>(), new ArrayList<>()));
        }
        return "completion/query-new";
    }

    public record Form(Long providerId, String question, String options, List<Long> documentIds, List<String> excerpts) {

        public Long documentId(int i) {
            return i < documentIds.size() ? documentIds.get(i) : null;
        }

        public String excerpt(int i) {
            return i < excerpts.size() ? excerpts.get(i) : null;
        }
    }

    @PatientData
    @PostMapping("/encounters/{encounterId}/queries")
    String create(@PathVariable long encounterId, @RequestParam(required = false) Long templateId,
                  @RequestParam(required = false) Long providerId, @RequestParam(required = false) String question,
                  @RequestParam(required = false) String options,
                  @RequestParam(name = "documentId", required = false) List<String> documentIds,
                  @RequestParam(name = "excerpt", required = false) List<String> excerpts,
                  @RequestParam(required = false) String action, Model model, HttpServletResponse response,
                  RedirectAttributes redirect) {
        List<Long> ids = new ArrayList<>();
        List<NewPhysicianQuery.Indicator> indicators = new ArrayList<>();
        int n = Math.max(documentIds == null ? 0 : documentIds.size(), excerpts == null ? 0 : excerpts.size());
        for (int i = 0; i < n; i++) {
            String raw = documentIds != null && i < documentIds.size() ? documentIds.get(i) : null;
            Long id = raw == null || raw.isBlank() ? null : parseId(raw);
            ids.add(id);
            indicators.add(new NewPhysicianQuery.Indicator(id, excerpts != null && i < excerpts.size() ? excerpts.get(i) : null));
        }
        List<String> optionList = options == null ? null : Arrays.stream(options.split("\\R")).toList();
        try {
            PhysicianQuery q = queries.create(new NewPhysicianQuery(encounterId, providerId, templateId, question,
                    optionList, indicators, "send".equals(action)));
            redirect.addFlashAttribute("flash", q.status() == QueryStatus.SENT
                    ? "Query sent to " + q.providerName() + "." : "Query saved as a draft.");
            return "redirect:/queries/" + q.id();
        } catch (InvalidRequestException e) {
            response.setStatus(400);
            model.addAttribute("error", e.getMessage());
            model.addAttribute("field", e.field());
            model.addAttribute("form", new Form(providerId, question, options, ids,
                    excerpts == null ? new ArrayList<>() : excerpts));
            return newQuery(encounterId, templateId, model);
        }
    }

    @PatientData
    @GetMapping("/queries/{queryId}")
    String view(@PathVariable long queryId, Model model) {
        PhysicianQuery q = queries.get(queryId);
        model.addAttribute("q", q);
        model.addAttribute("now", clock.instant());
        model.addAttribute("canAnswer", q.status().open() && queries.isAddressee(q));
        model.addAttribute("canWrite", queries.canWrite());
        model.addAttribute("outcomes", QueryOutcome.values());
        return "completion/query-view";
    }

    @PatientData
    @PostMapping("/queries/{queryId}/answer")
    String answer(@PathVariable long queryId, @RequestParam(required = false) Integer version,
                  @RequestParam(required = false) String option, @RequestParam(required = false) String text,
                  Model model, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            PhysicianQuery q = queries.answer(queryId, QueryApi.version(version), option, text);
            redirect.addFlashAttribute("flash", "Answer filed in the record as document " + q.answerDocumentId() + ".");
            return "redirect:/queries/" + queryId;
        } catch (InvalidRequestException e) {
            response.setStatus(400);
            model.addAttribute("error", e.getMessage());
            model.addAttribute("field", e.field());
            model.addAttribute("answerText", text);
            return view(queryId, model);
        }
    }

    @PatientData
    @PostMapping("/queries/{queryId}/send")
    String send(@PathVariable long queryId, @RequestParam(required = false) Integer version, RedirectAttributes redirect) {
        return act(queryId, redirect, () -> queries.send(queryId, QueryApi.version(version)), "Query sent.");
    }

    @PatientData
    @PostMapping("/queries/{queryId}/close")
    String close(@PathVariable long queryId, @RequestParam(required = false) Integer version,
                 @RequestParam(required = false) String outcome, @RequestParam(required = false) String note,
                 RedirectAttributes redirect) {
        return act(queryId, redirect, () -> queries.close(queryId, QueryApi.version(version), outcome, note), "Query closed.");
    }

    @PatientData
    @PostMapping("/queries/{queryId}/withdraw")
    String withdraw(@PathVariable long queryId, @RequestParam(required = false) Integer version,
                    @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        return act(queryId, redirect, () -> queries.withdraw(queryId, QueryApi.version(version), reason), "Query withdrawn.");
    }

    private String act(long queryId, RedirectAttributes redirect, Runnable action, String done) {
        try {
            action.run();
            redirect.addFlashAttribute("flash", done);
        } catch (InvalidRequestException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/queries/" + queryId;
    }

    // ------------------------------------------------------------------ templates and reports

    @NoPatientData
    @GetMapping("/queries/templates")
    String templates(@RequestParam(required = false) Long edit, Model model) {
        model.addAttribute("templates", queries.templates());
        model.addAttribute("purposes", QueryCompliance.YES_NO_PURPOSES);
        model.addAttribute("kinds", QueryKind.values());
        model.addAttribute("canEdit", queries.canEditTemplates());
        if (!model.containsAttribute("editing")) {
            model.addAttribute("editing", edit == null ? null : queries.template(edit));
        }
        return "completion/query-templates";
    }

    @NoPatientData
    @PostMapping("/queries/templates")
    String saveTemplate(@RequestParam(required = false) Long id, @RequestParam(required = false) Integer version,
                        @RequestParam(required = false) String code, @RequestParam(required = false) String name,
                        @RequestParam(required = false) String kind, @RequestParam(required = false) String yesNoPurpose,
                        @RequestParam(required = false) String question, @RequestParam(required = false) String options,
                        @RequestParam(required = false) String active, Model model, HttpServletResponse response,
                        RedirectAttributes redirect) {
        QueryTemplate t = null;
        try {
            t = new QueryTemplate(id, code, name, kind == null || kind.isBlank() ? null : QueryKind.of("kind", kind),
                    yesNoPurpose, question, options == null ? List.of() : Arrays.stream(options.split("\\R")).toList(),
                    active != null, version == null ? 0 : version);
            QueryTemplate saved = queries.saveTemplate(t, id == null ? null : version == null ? 0 : version);
            redirect.addFlashAttribute("flash", "Template '" + saved.name() + "' saved.");
            return "redirect:/queries/templates";
        } catch (InvalidRequestException e) {
            response.setStatus(400);
            model.addAttribute("error", e.getMessage());
            model.addAttribute("field", e.field());
            model.addAttribute("editing", t != null ? t : new QueryTemplate(id, code, name, null, yesNoPurpose, question,
                    options == null ? List.of() : Arrays.stream(options.split("\\R")).toList(), active != null,
                    version == null ? 0 : version));
            return templates(null, model);
        }
    }

    @NoPatientData
    @GetMapping("/queries/report")
    String report(@RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model,
                  HttpServletResponse response) {
        QueryReport report;
        try {
            report = queries.report(date("from", from), date("to", to));
        } catch (InvalidRequestException e) {
            response.setStatus(400);
            model.addAttribute("error", e.getMessage());
            model.addAttribute("field", e.field());
            report = queries.report(null, null);
        }
        model.addAttribute("report", report);
        model.addAttribute("sections", List.of(new Section("Overall", "overall", List.of(report.overall())),
                new Section("By provider", "by-provider", report.byProvider()),
                new Section("By CDI author", "by-author", report.byAuthor()),
                new Section("By month", "by-month", report.byMonth())));
        return "completion/query-report";
    }

    public record Section(String title, String id, List<QueryReport.Row> rows) {}

    static LocalDate date(String field, String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return LocalDate.parse(value.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidRequestException(field, "'" + value + "' is not a date (yyyy-MM-dd)");
        }
    }

    private static Long parseId(String raw) {
        try {
            return Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            return -1L; // refused by the service as "No document -1"
        }
    }
}
