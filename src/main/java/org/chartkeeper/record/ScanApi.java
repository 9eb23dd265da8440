package org.chartkeeper.record;

import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.web.NoPatientData;
import org.chartkeeper.web.PatientData;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Scanned batches over JSON: upload, indexing, split, merge and filing (needs document.index). */
@RestController
class ScanApi {

    private final ScanService scans;

    ScanApi(ScanService scans) {
        this.scans = scans;
    }

    record IndexBody(String mrn, Long patientId, String accountNumber, Long encounterId, String typeCode,
                     LocalDate serviceDate) {}

    @NoPatientData
    @PostMapping(path = "/api/scan-batches/uploads", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<ScanBatch> upload(@RequestParam(required = false) String name,
                                     @RequestParam(required = false) List<MultipartFile> files) {
        List<ScanFile> received = new ArrayList<>();
        if (files != null) {
            for (MultipartFile f : files) {
                if (!f.isEmpty()) received.add(new ScanFile(f.getOriginalFilename(), RecordApi.bytes(f)));
            }
        }
        if (received.isEmpty()) throw new InvalidRequestException("files", "Attach the scanned files as 'files'");
        ScanBatch b = scans.upload(name, received);
        return ResponseEntity.created(URI.create("/api/scan-batches/" + b.id())).body(b);
    }

    @NoPatientData
    @GetMapping("/api/scan-batches")
    List<ScanBatch> open() {
        return scans.batches(true);
    }

    @PatientData
    @GetMapping("/api/scan-batches/{batchId}")
    ScanBatchView batch(@PathVariable long batchId) {
        return scans.batch(batchId);
    }

    @PatientData
    @PutMapping("/api/scan-batches/{batchId}/documents/{docNo}")
    ScanBatchView index(@PathVariable long batchId, @PathVariable int docNo, @RequestBody IndexBody body) {
        scans.index(batchId, docNo, new ScanService.Assignment(body.mrn(), body.patientId(), body.accountNumber(),
                body.encounterId(), body.typeCode(), body.serviceDate()));
        return scans.batch(batchId);
    }

    @PatientData
    @PostMapping("/api/scan-batches/{batchId}/pages/{pageNo}/split")
    ScanBatchView split(@PathVariable long batchId, @PathVariable int pageNo) {
        scans.split(batchId, pageNo);
        return scans.batch(batchId);
    }

    @PatientData
    @PostMapping("/api/scan-batches/{batchId}/pages/{pageNo}/merge")
    ScanBatchView merge(@PathVariable long batchId, @PathVariable int pageNo) {
        scans.merge(batchId, pageNo);
        return scans.batch(batchId);
    }

    record FileBody(Integer version) {}

    @PatientData
    @PostMapping("/api/scan-batches/{batchId}/file")
    List<DocumentJson> file(@PathVariable long batchId, @RequestBody FileBody body) {
        List<DocumentJson> filed = scans.file(batchId, RecordApi.version(body.version())).stream()
                .map(DocumentJson::of).toList();
        scans.closeWorkItem(batchId);
        return filed;
    }
}
