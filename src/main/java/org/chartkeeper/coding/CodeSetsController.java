package org.chartkeeper.coding;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.web.NoPatientData;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Code-set administration ({@code codeset.manage}): the versions, uploading CMS files, and what changed. */
@Controller
@RequestMapping("/admin/code-sets")
class CodeSetsController {

    private final CodeSetService codes;

    CodeSetsController(CodeSetService codes) {
        this.codes = codes;
    }

    @NoPatientData
    @GetMapping
    String list(Model model) {
        return page(model);
    }

    @NoPatientData
    @PostMapping
    String upload(@RequestParam(name = "file", required = false) List<MultipartFile> files,
                  @RequestParam(required = false) String year, Model model, HttpServletResponse response,
                  RedirectAttributes redirect) throws IOException {
        try {
            List<CodeSetService.Upload> uploads = new ArrayList<>();
            if (files != null) {
                for (MultipartFile f : files) {
                    if (!f.isEmpty()) uploads.add(new CodeSetService.Upload(f.getOriginalFilename(), f.getBytes()));
                }
            }
            if (uploads.isEmpty()) throw new InvalidRequestException("file", "Choose a code-set file to upload");
            List<ImportResult> results = codes.importFiles(uploads, CodingParams.year(year), Actor.current());
            List<String> lines = new ArrayList<>();
            for (ImportResult r : results) {
                lines.add(r.imported()
                        ? "Imported " + r.version().label() + " from " + r.sourceName() + ": " + r.version().billableCount()
                        + " billable codes, " + r.version().headerCount() + " headers (" + r.millis() + " ms)."
                        : r.sourceName() + " is already imported as " + r.version().label() + "; nothing changed.");
            }
            redirect.addFlashAttribute("flash", String.join(" ", lines));
            return "redirect:/admin/code-sets";
        } catch (InvalidRequestException e) {
            model.addAttribute("errors", java.util.Map.of(e.field(), e.getMessage()));
            model.addAttribute("error", "Nothing was imported: " + e.getMessage());
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return page(model);
        }
    }

    @NoPatientData
    @GetMapping("/diff")
    String diff(@RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model,
                HttpServletResponse response) {
        try {
            model.addAttribute("diff", codes.diff(CodingParams.id("from", from), CodingParams.id("to", to), 1000));
            return "coding/code-set-diff";
        } catch (InvalidRequestException | NotFoundException e) {
            model.addAttribute("error", e.getMessage());
            response.setStatus(e instanceof NotFoundException ? 404 : 400);
            return page(model);
        }
    }

    private String page(Model model) {
        List<CodeSetVersion> versions = codes.versions();
        model.addAttribute("versions", versions);
        if (model.getAttribute("errors") == null) model.addAttribute("errors", java.util.Map.of());
        return "coding/code-sets";
    }
}
