package org.chartkeeper.audit;

import java.net.URI;
import org.chartkeeper.web.PatientData;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Emergency access over the API: {@code POST /api/break-glass {patientId, reason}} answers 201 with the grant. */
@RestController
class BreakGlassApi {

    private final BreakGlassService breakGlass;

    BreakGlassApi(BreakGlassService breakGlass) {
        this.breakGlass = breakGlass;
    }

    record Request(Long patientId, String reason) {}

    @PatientData
    @PostMapping("/api/break-glass")
    ResponseEntity<BreakGlassGrant> grant(@RequestBody Request request) {
        BreakGlassGrant grant = breakGlass.grant(request.patientId(), request.reason());
        return ResponseEntity.created(URI.create("/api/patients/" + grant.patientId())).body(grant);
    }
}
