package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.hl7.fhir.r4.model.StringType;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * FHIR Bulk Data Access (v2) over {@link BulkExportService}: kick-off with {@code $export} at system and Patient level
 * ({@code Prefer: respond-async}; {@code _type}, {@code _since}, {@code _outputFormat}), status polling and delete at
 * {@code $export-poll-status?_jobId=}, files at {@code $export-download?_jobId=&_type=} (application/fhir+ndjson,
 * bearer token required: {@code requiresAccessToken} is true).
 */
public class BulkExportProvider {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> FORMATS = List.of("application/fhir+ndjson", "application/ndjson", "ndjson");

    private final BulkExportService exports;

    BulkExportProvider(BulkExportService exports) {
        this.exports = exports;
    }

    @Operation(name = "$export", idempotent = true, manualResponse = true)
    public void systemExport(@OperationParam(name = "_outputFormat", max = 1) StringType format,
                             @OperationParam(name = "_type", max = 1) StringType type,
                             @OperationParam(name = "_since", max = 1) StringType since,
                             RequestDetails details, HttpServletRequest request, HttpServletResponse response) {
        kickOff("system", format, type, since, details, request, response);
    }

    @Operation(name = "$export", idempotent = true, manualResponse = true, typeName = "Patient")
    public void patientExport(@OperationParam(name = "_outputFormat", max = 1) StringType format,
                              @OperationParam(name = "_type", max = 1) StringType type,
                              @OperationParam(name = "_since", max = 1) StringType since,
                              RequestDetails details, HttpServletRequest request, HttpServletResponse response) {
        kickOff("patient", format, type, since, details, request, response);
    }

    private void kickOff(String level, StringType format, StringType type, StringType since, RequestDetails details,
                         HttpServletRequest request, HttpServletResponse response) {
        String prefer = request.getHeader("Prefer");
        if (prefer == null || !prefer.toLowerCase(java.util.Locale.ROOT).contains("respond-async")) {
            throw new InvalidRequestException("Prefer", "A bulk export runs asynchronously: send Prefer: respond-async");
        }
        if (format != null && format.getValue() != null && !FORMATS.contains(format.getValue())) {
            throw new InvalidRequestException("_outputFormat", "_outputFormat is application/fhir+ndjson");
        }
        List<String> types = new ArrayList<>();
        if (type != null && type.getValue() != null) {
            Arrays.stream(type.getValue().split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(types::add);
        }
        OffsetDateTime from = null;
        if (since != null && since.getValue() != null) {
            try {
                from = OffsetDateTime.parse(since.getValue());
            } catch (DateTimeParseException e) {
                throw new InvalidRequestException("_since", "_since is a FHIR instant such as 2026-01-31T08:00:00Z");
            }
        }
        String url = details.getCompleteUrl();
        String id = exports.start(level, types, from, url);
        response.setStatus(202);
        response.setHeader("Content-Location", details.getFhirServerBase() + "/$export-poll-status?_jobId=" + id);
    }

    /** Status (202 with X-Progress while running, 200 with the manifest when complete); DELETE cancels. */
    @Operation(name = "$export-poll-status", idempotent = true, manualResponse = true, deleteEnabled = true)
    public void status(@OperationParam(name = "_jobId", min = 1, max = 1) StringType jobId, RequestDetails details,
                       HttpServletRequest request, HttpServletResponse response) throws IOException {
        String id = jobId == null ? null : jobId.getValue();
        if ("DELETE".equals(request.getMethod())) {
            exports.delete(id);
            response.setStatus(202);
            return;
        }
        BulkExportService.Status s = exports.status(id);
        if (s.running()) {
            response.setStatus(202);
            response.setHeader("X-Progress", s.progress() == null ? "accepted" : s.progress());
            response.setHeader("Retry-After", "2");
            return;
        }
        if (!s.complete()) {
            String message = "Export " + s.state() + (s.error() == null ? "" : ": " + s.error());
            response.setStatus("failed".equals(s.state()) ? 500 : 404);
            response.setContentType("application/fhir+json");
            response.getWriter().write(FhirContextHolder.json(FhirErrors.outcome(
                    org.hl7.fhir.r4.model.OperationOutcome.IssueType.PROCESSING, message, null)));
            return;
        }
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("transactionTime", s.transactionTime().toInstant().toString());
        manifest.put("request", s.requestUrl());
        manifest.put("requiresAccessToken", true);
        ArrayNode output = manifest.putArray("output");
        ArrayNode errors = manifest.putArray("error");
        for (BulkExportService.Output o : s.output()) {
            ObjectNode f = (BulkExportService.ERRORS.equals(o.type()) ? errors : output).addObject();
            f.put("type", o.type());
            f.put("url", details.getFhirServerBase() + "/$export-download?_jobId=" + s.id() + "&_type=" + o.type());
            f.put("count", o.count());
        }
        response.setStatus(200);
        response.setContentType("application/json");
        response.getWriter().write(JSON.writeValueAsString(manifest));
    }

    @Operation(name = "$export-download", idempotent = true, manualResponse = true)
    public void download(@OperationParam(name = "_jobId", min = 1, max = 1) StringType jobId,
                         @OperationParam(name = "_type", min = 1, max = 1) StringType type,
                         HttpServletResponse response) throws IOException {
        var path = exports.file(jobId == null ? null : jobId.getValue(), type == null ? null : type.getValue());
        response.setStatus(200);
        response.setContentType("application/fhir+ndjson");
        response.setContentLengthLong(Files.size(path));
        try (OutputStream out = response.getOutputStream()) {
            Files.copy(path, out);
        }
    }
}
