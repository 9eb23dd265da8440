package org.chartkeeper.completion;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.record.RecordService;
import org.chartkeeper.web.NoPatientData;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The HIM director's page for deficiency rules and notice stages. */
@Controller
class DeficiencyRulesController {

    private final DeficiencyService deficiencies;
    private final NoticeService notices;
    private final RecordService record;

    DeficiencyRulesController(DeficiencyService deficiencies, NoticeService notices, RecordService record) {
        this.deficiencies = deficiencies;
        this.notices = notices;
        this.record = record;
    }

    @NoPatientData
    @GetMapping("/completion/rules")
    String rules(Model model) {
        model.addAttribute("rules", deficiencies.rules());
        model.addAttribute("stages", notices.stages());
        model.addAttribute("types", record.types());
        return "completion/deficiency-rules";
    }

    @NoPatientData
    @PostMapping("/completion/rules/{code}")
    String save(@PathVariable String code, @RequestParam(required = false) Integer version,
                @RequestParam(required = false) String description, @RequestParam(required = false) String encounterClass,
                @RequestParam(required = false) String windowHours, @RequestParam(required = false) String lookbackDays,
                @RequestParam(defaultValue = "false") boolean active, @RequestParam(required = false) String source,
                @RequestParam(required = false) List<String> documentTypes, Model model, HttpServletResponse response,
                RedirectAttributes redirect) {
        try {
            DeficiencyRule old = deficiencies.rule(code);
            int window = minutes("windowHours", windowHours, 60);
            int lookback = minutes("lookbackDays", lookbackDays, 1440);
            deficiencies.updateRule(new DeficiencyRule(code, description, old.checkType(), encounterClass, old.anchor(),
                    window, lookback, old.responsible(), active, source, old.sortOrder(),
                    documentTypes == null ? List.of() : documentTypes, 0), version);
            redirect.addFlashAttribute("flash", "Saved rule " + code + ". The next analysis applies it.");
            return "redirect:/completion/rules";
        } catch (InvalidRequestException | StaleVersionException e) {
            return refused(e, "errorRule", code, model, response);
        }
    }

    @NoPatientData
    @PostMapping("/completion/rules/stages/{code}")
    String saveStage(@PathVariable String code, @RequestParam(required = false) Integer version,
                     @RequestParam(required = false) Integer daysOverdue, @RequestParam(defaultValue = "false") boolean active,
                     Model model, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            notices.updateStage(code, daysOverdue, active, version);
            redirect.addFlashAttribute("flash", "Saved notice stage " + code + ".");
            return "redirect:/completion/rules";
        } catch (InvalidRequestException | StaleVersionException e) {
            return refused(e, "errorStage", code, model, response);
        }
    }

    /** The rules page again with the refusal: a bad field (400, named next to its rule or stage) or a stale edit (409). */
    private String refused(RuntimeException e, String errorKey, String code, Model model, HttpServletResponse response) {
        model.addAttribute("error", e.getMessage());
        if (e instanceof InvalidRequestException bad) {
            response.setStatus(400);
            model.addAttribute(errorKey, code);
            model.addAttribute("field", bad.field());
        } else {
            response.setStatus(409);
        }
        return rules(model);
    }

    /** Hours or days as typed (decimals allowed) to whole minutes. */
    static int minutes(String field, String value, int unit) {
        if (value == null || value.isBlank()) throw new InvalidRequestException(field, "Give a number");
        try {
            double v = Double.parseDouble(value.strip());
            if (v < 0 || Double.isNaN(v) || v * unit > 525_600) throw new InvalidRequestException(field, "Between 0 and one year");
            return (int) Math.round(v * unit);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(field, "'" + value + "' is not a number");
        }
    }
}
