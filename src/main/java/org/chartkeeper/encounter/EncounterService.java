package org.chartkeeper.encounter;

import java.util.List;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.audit.AccessGate;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.audit.PatientAccess;
import org.springframework.stereotype.Service;

/** Admissions and visits. Reads pass the {@link AccessGate} like every other read of patient information. */
@Service
public class EncounterService {

    private final EncounterRepository encounters;
    private final AccessGate gate;

    public EncounterService(EncounterRepository encounters, AccessGate gate) {
        this.encounters = encounters;
        this.gate = gate;
    }

    public List<Encounter> forPatient(long patientId) {
        gate.open(PatientAccess.view(DataCategory.ENCOUNTERS, patientId, "Encounter", "patient/" + patientId));
        return encounters.forPatient(patientId);
    }

    public Encounter get(long encounterId) {
        Encounter e = encounters.find(encounterId).orElseThrow(() -> new NotFoundException("No encounter with id " + encounterId));
        gate.open(PatientAccess.view(DataCategory.ENCOUNTERS, e.patientId(), "Encounter", encounterId));
        return e;
    }

    /**
     * A patient's encounters whose period overlaps [from, to], optionally of one status or class, newest first:
     * one audited view of the patient's encounters.
     */
    public List<Encounter> search(long patientId, java.time.OffsetDateTime from, java.time.OffsetDateTime to,
                                  String status, String encounterClass, int limit) {
        gate.open(PatientAccess.view(DataCategory.ENCOUNTERS, patientId, "Encounter", "patient/" + patientId));
        return encounters.search(patientId, from, to, status, encounterClass, Math.max(1, Math.min(limit, 1000)));
    }

    /**
     * The encounters of many patients for an export, each patient's access recorded as an export (all or none: a
     * patient the user may not see refuses the batch).
     */
    public List<Encounter> exportFor(List<Long> patientIds, java.time.OffsetDateTime changedSince) {
        if (patientIds.isEmpty()) return List.of();
        gate.openAll(patientIds.stream().map(id -> PatientAccess.of(org.chartkeeper.audit.AuditAction.EXPORT,
                DataCategory.ENCOUNTERS, id, "Encounter", "patient/" + id)).toList());
        return encounters.forPatients(patientIds, changedSince);
    }

    public long count() {
        return encounters.count();
    }
}
