package org.chartkeeper.coding;

import jakarta.servlet.http.HttpServletResponse;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.web.NoPatientData;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The code search page with type-ahead (htmx), the hierarchy browser and the code page ({@code code.search}). */
@Controller
@RequestMapping("/codes")
class CodeSearchController {

    private final CodeSetService codes;

    CodeSearchController(CodeSetService codes) {
        this.codes = codes;
    }

    @NoPatientData
    @GetMapping
    String page(@RequestParam(required = false) String q, @RequestParam(required = false) String system,
                @RequestParam(required = false) String date, Model model, HttpServletResponse response) {
        results(q, system, date, model, response);
        model.addAttribute("systems", CodeSystem.values());
        return "coding/search";
    }

    /** The results fragment the type-ahead swaps in. */
    @NoPatientData
    @GetMapping("/search")
    String search(@RequestParam(required = false) String q, @RequestParam(required = false) String system,
                  @RequestParam(required = false) String date, Model model, HttpServletResponse response) {
        results(q, system, date, model, response);
        return "coding/search :: results";
    }

    private void results(String q, String system, String date, Model model, HttpServletResponse response) {
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("system", system == null ? "" : system);
        model.addAttribute("date", date == null ? "" : date);
        model.addAttribute("searched", q != null && !q.isBlank());
        if (q == null || q.isBlank()) return;
        try {
            model.addAttribute("result", codes.search(q, CodingParams.systemOrAll(system), CodingParams.date(date), 25));
        } catch (InvalidRequestException e) {
            model.addAttribute("searchError", e.getMessage());
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        }
    }

    @NoPatientData
    @GetMapping("/{system}")
    String chapters(@PathVariable String system, Model model) {
        CodeSystem s = pathSystem(system);
        model.addAttribute("codeSystem", s);
        model.addAttribute("chapters", codes.chapters(s));
        return "coding/chapters";
    }

    @NoPatientData
    @GetMapping("/{system}/chapters/{chapter}")
    String chapter(@PathVariable String system, @PathVariable String chapter, @RequestParam(required = false) String date,
                   Model model) {
        CodeSystem s = pathSystem(system);
        model.addAttribute("codeSystem", s);
        model.addAttribute("view", codes.chapter(s, chapter, pageDate(date)));
        return "coding/chapter";
    }

    @NoPatientData
    @GetMapping("/{system}/{code}")
    String code(@PathVariable String system, @PathVariable String code, @RequestParam(required = false) String date,
                Model model) {
        CodeSystem s = pathSystem(system);
        model.addAttribute("codeSystem", s);
        model.addAttribute("detail", codes.code(s, code, pageDate(date)));
        return "coding/code";
    }

    private static CodeSystem pathSystem(String system) {
        return CodeSystem.parse(system).orElseThrow(() -> new org.chartkeeper.NotFoundException(
                "No code system '" + system + "'; use ICD10CM, ICD10PCS, HCPCS or CPT"));
    }

    private static java.time.LocalDate pageDate(String date) {
        try {
            return CodingParams.date(date);
        } catch (InvalidRequestException e) {
            throw new org.chartkeeper.NotFoundException("'" + date + "' is not a date (YYYY-MM-DD)");
        }
    }
}
