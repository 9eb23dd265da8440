package org.chartkeeper.audit;

import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.web.NoPatientData;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Audit settings over JSON ({@code audit.settings}). */
@RestController
@RequestMapping("/api/audit/settings")
class AuditSettingsApi {

    private final AuditSettingsService settings;

    AuditSettingsApi(AuditSettingsService settings) {
        this.settings = settings;
    }

    record Change(String key, String value, Integer version) {}

    @NoPatientData
    @GetMapping
    List<AuditSetting> all() {
        return settings.all();
    }

    @NoPatientData
    @PutMapping
    AuditSetting update(@RequestBody Change body) {
        if (body.version() == null) throw new InvalidRequestException("version", "Give the version you last read");
        return settings.update(body.key(), body.value(), body.version());
    }
}
