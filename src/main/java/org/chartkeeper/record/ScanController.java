package org.chartkeeper.record;

import java.util.ArrayList;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.web.NoPatientData;
import org.chartkeeper.web.PatientData;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Scanning pages: batches waiting for indexing, the indexing page (page by page), split, merge and filing. */
@Controller
class ScanController {

    private final ScanService scans;

    ScanController(ScanService scans) {
        this.scans = scans;
    }

    @NoPatientData
    @GetMapping("/record/scans")
    String batches(Model model) {
        model.addAttribute("batches", scans.batches(true));
        model.addAttribute("filed", scans.batches(false));
        return "record/scans";
    }

    @NoPatientData
    @PostMapping("/record/scans/uploads")
    String upload(@RequestParam(required = false) String name,
                  @RequestParam(required = false) List<MultipartFile> files, RedirectAttributes redirect) {
        try {
            List<ScanFile> received = new ArrayList<>();
            if (files != null) {
                for (MultipartFile f : files) {
                    if (!f.isEmpty()) received.add(new ScanFile(f.getOriginalFilename(), RecordApi.bytes(f)));
                }
            }
            if (received.isEmpty()) throw new InvalidRequestException("files", "Choose the scanned files");
            ScanBatch b = scans.upload(name, received);
            redirect.addFlashAttribute("flash", "Batch received: " + b.pageCount() + " page(s) waiting for indexing.");
            return "redirect:/record/scans/" + b.id();
        } catch (InvalidRequestException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/record/scans";
        }
    }

    @PatientData
    @GetMapping("/record/scans/{batchId}")
    String batch(@PathVariable long batchId, Model model) {
        model.addAttribute("view", scans.batch(batchId));
        return "record/batch";
    }

    @PatientData
    @GetMapping("/record/scans/{batchId}/pages/{pageNo}/preview")
    ResponseEntity<byte[]> preview(@PathVariable long batchId, @PathVariable int pageNo,
                                   @RequestParam(defaultValue = "360") int width) {
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(CacheControl.noStore())
                .body(scans.preview(batchId, pageNo, width));
    }

    @PatientData
    @PostMapping("/record/scans/{batchId}/documents/{docNo}")
    String index(@PathVariable long batchId, @PathVariable int docNo, @RequestParam(required = false) String mrn,
                 @RequestParam(required = false) String accountNumber, @RequestParam(required = false) String typeCode,
                 @RequestParam(required = false) String serviceDate, RedirectAttributes redirect) {
        return act(batchId, redirect, "Document " + docNo + " indexed.", () -> scans.index(batchId, docNo,
                new ScanService.Assignment(mrn, null, accountNumber, null, typeCode,
                        ChartFilter.date("serviceDate", serviceDate))));
    }

    @PatientData
    @PostMapping("/record/scans/{batchId}/pages/{pageNo}/split")
    String split(@PathVariable long batchId, @PathVariable int pageNo, RedirectAttributes redirect) {
        return act(batchId, redirect, "A new document starts at page " + pageNo + ".", () -> scans.split(batchId, pageNo));
    }

    @PatientData
    @PostMapping("/record/scans/{batchId}/pages/{pageNo}/merge")
    String merge(@PathVariable long batchId, @PathVariable int pageNo, RedirectAttributes redirect) {
        return act(batchId, redirect, "Page " + pageNo + " joined the document before it.", () -> scans.merge(batchId, pageNo));
    }

    @PatientData
    @PostMapping("/record/scans/{batchId}/file")
    String file(@PathVariable long batchId, @RequestParam int version, RedirectAttributes redirect) {
        try {
            int n = scans.file(batchId, version).size();
            scans.closeWorkItem(batchId);
            redirect.addFlashAttribute("flash", "Batch " + batchId + " filed: " + n + " document(s) added to their charts.");
            return "redirect:/record/scans/" + batchId;
        } catch (InvalidRequestException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/record/scans/" + batchId;
        }
    }

    private static String act(long batchId, RedirectAttributes redirect, String done, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("flash", done);
        } catch (InvalidRequestException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/record/scans/" + batchId;
    }
}
