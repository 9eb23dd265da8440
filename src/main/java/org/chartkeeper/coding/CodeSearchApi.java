package org.chartkeeper.coding;

import java.util.List;
import org.chartkeeper.web.NoPatientData;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Code search, look-up and the hierarchy over JSON ({@code code.search}). Code sets are not patient data. */
@RestController
@RequestMapping("/api/codes")
class CodeSearchApi {

    private final CodeSetService codes;

    CodeSearchApi(CodeSetService codes) {
        this.codes = codes;
    }

    /** {@code q}: a code with or without the dot, or words of the title; {@code system} optional; {@code date} optional. */
    @NoPatientData
    @GetMapping("/search")
    CodeSearchResult search(@RequestParam(required = false) String q, @RequestParam(required = false) String system,
                            @RequestParam(required = false) String date, @RequestParam(required = false) String limit) {
        return codes.search(q, CodingParams.systemOrAll(system), CodingParams.date(date), CodingParams.limit(limit, 20));
    }

    @NoPatientData
    @GetMapping("/{system}/chapters")
    List<Chapter> chapters(@PathVariable String system) {
        return codes.chapters(CodingParams.system(system));
    }

    @NoPatientData
    @GetMapping("/{system}/chapters/{chapter}")
    ChapterView chapter(@PathVariable String system, @PathVariable String chapter,
                        @RequestParam(required = false) String date) {
        return codes.chapter(CodingParams.system(system), chapter, CodingParams.date(date));
    }

    /** One code in the version for the date: titles, billable, valid on that date, its parents and children. */
    @NoPatientData
    @GetMapping("/{system}/{code}")
    CodeDetail code(@PathVariable String system, @PathVariable String code, @RequestParam(required = false) String date) {
        return codes.code(CodingParams.system(system), code, CodingParams.date(date));
    }

    /** Whether a code may be reported for a date (a discharge date), against the version in effect then. */
    @NoPatientData
    @GetMapping("/{system}/{code}/validity")
    CodeValidity validity(@PathVariable String system, @PathVariable String code, @RequestParam(required = false) String date) {
        java.time.LocalDate on = CodingParams.date(date);
        if (on == null) throw new org.chartkeeper.InvalidRequestException("date", "Give the date (YYYY-MM-DD) to judge validity on");
        return codes.validity(CodingParams.system(system), code, on);
    }
}
