package org.chartkeeper.coding;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.web.NoPatientData;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Code-set versions over JSON: the list and the differences between two ({@code code.search}); import of files as
 * CMS distributes them, multipart field {@code file}, repeatable ({@code codeset.manage}).
 */
@RestController
@RequestMapping("/api/code-sets")
class CodeSetsApi {

    private final CodeSetService codes;

    CodeSetsApi(CodeSetService codes) {
        this.codes = codes;
    }

    record Imported(List<ImportResult> results) {}

    @NoPatientData
    @GetMapping
    List<CodeSetVersion> versions() {
        return codes.versions();
    }

    @NoPatientData
    @GetMapping("/diff")
    CodeSetDiff diff(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                     @RequestParam(required = false) String limit) {
        return codes.diff(CodingParams.id("from", from), CodingParams.id("to", to), CodingParams.limit(limit, 1000));
    }

    @NoPatientData
    @GetMapping("/{id}")
    CodeSetVersion version(@PathVariable String id) {
        return codes.version(CodingParams.id("id", id));
    }

    /** 201 when at least one file made a new version; 200 when every file was already imported (nothing changed). */
    @NoPatientData
    @PostMapping(consumes = "multipart/form-data")
    ResponseEntity<Imported> importFiles(@RequestParam(name = "file", required = false) List<MultipartFile> files,
                                         @RequestParam(required = false) String year) throws IOException {
        if (files == null || files.isEmpty() || files.stream().allMatch(MultipartFile::isEmpty)) {
            throw new InvalidRequestException("file", "Attach a code-set file (multipart field 'file')");
        }
        List<CodeSetService.Upload> uploads = new ArrayList<>();
        for (MultipartFile f : files) {
            if (!f.isEmpty()) uploads.add(new CodeSetService.Upload(f.getOriginalFilename(), f.getBytes()));
        }
        List<ImportResult> results = codes.importFiles(uploads, CodingParams.year(year), Actor.current());
        boolean any = results.stream().anyMatch(ImportResult::imported);
        return ResponseEntity.status(any ? HttpStatus.CREATED : HttpStatus.OK).body(new Imported(results));
    }
}
