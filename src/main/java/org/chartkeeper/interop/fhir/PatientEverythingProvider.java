package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.chartkeeper.coding.EncounterCodingService;
import org.chartkeeper.disclosure.ConsentService;
import org.chartkeeper.encounter.Encounter;
import org.chartkeeper.encounter.EncounterService;
import org.chartkeeper.encounter.ProviderService;
import org.chartkeeper.patient.PatientChart;
import org.chartkeeper.patient.PatientRecord;
import org.chartkeeper.patient.PatientService;
import org.chartkeeper.record.RecordService;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * {@code Patient/{id}/$everything}: the patient, their encounters and documents, the coded diagnoses (Condition) and
 * procedures (Procedure) of their encounters, their consents (Consent), the clinical data received from other systems (Observation, MedicationRequest, Claim,
 * ...), the practitioners who attended them, wrote their documents or are named in that data,
 * and the organization that holds the record, as one searchset Bundle. Each part is read through its
 * service, so each is an audited view of this patient through the access gate (a refusal refuses the whole answer).
 */
public class PatientEverythingProvider {

    private final PatientService patients;
    private final EncounterService encounters;
    private final ProviderService providers;
    private final RecordService records;
    private final EncounterCodingService coding;
    private final ConsentService consents;
    private final org.chartkeeper.record.OutsideDataService outside;

    PatientEverythingProvider(PatientService patients, EncounterService encounters, ProviderService providers,
                              RecordService records, EncounterCodingService coding, ConsentService consents,
                              org.chartkeeper.record.OutsideDataService outside) {
        this.outside = outside;
        this.records = records;
        this.coding = coding;
        this.consents = consents;
        this.patients = patients;
        this.encounters = encounters;
        this.providers = providers;
    }

    @Operation(name = "$everything", idempotent = true, typeName = "Patient")
    public Bundle everything(@IdParam IdType id, ca.uhn.fhir.rest.api.server.RequestDetails request) {
        String base = request.getFhirServerBase();
        if (!id.isIdPartValidLong()) throw new ResourceNotFoundException(id);
        long patientId = id.getIdPartAsLong();
        PatientChart chart = patients.chart(patientId);
        List<Encounter> list = encounters.forPatient(patientId);
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        add(bundle, base, FhirPatientMapping.toFhir(new PatientRecord(chart.patient(), chart.identifiers())));
        Set<Long> practitioners = new LinkedHashSet<>();
        for (Encounter e : list) {
            add(bundle, base, FhirResourceMapping.encounter(e));
            if (e.attendingProviderId() != null) practitioners.add(e.attendingProviderId());
        }
        for (var d : records.chart(patientId, org.chartkeeper.record.ChartFilter.ALL)) {
            add(bundle, base, DocumentReferenceProvider.map(d, base));
            if (d.authorProviderId() != null) practitioners.add(d.authorProviderId());
        }
        for (EncounterCodingService.CodedLine line : coding.codedLines(patientId)) {
            add(bundle, base, line.diagnosis() ? CodedDataProvider.condition(line) : CodedDataProvider.procedure(line));
        }
        for (var c : consents.ofPatient(patientId)) add(bundle, base, ConsentResourceProvider.map(c));
        var parser = FhirContextHolder.R4.newJsonParser();
        for (var r : outside.everything(patientId)) {
            OutsideResources.practitioners(r.content(), practitioners);
            add(bundle, base, OutsideResources.toFhir(r, parser));
        }
        providers.all(practitioners).forEach(p -> add(bundle, base, FhirResourceMapping.practitioner(p)));
        patients.facilities().stream().filter(f -> f.code().equals(chart.patient().facilityCode()))
                .forEach(f -> add(bundle, base, FhirResourceMapping.organization(f)));
        bundle.setTotal(bundle.getEntry().size());
        return bundle;
    }

    private static void add(Bundle bundle, String base, Resource r) {
        bundle.addEntry().setFullUrl(base + "/" + r.fhirType() + "/" + r.getIdElement().getIdPart()).setResource(r)
                .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
    }
}
