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

    public long count() {
        return encounters.count();
    }
}
