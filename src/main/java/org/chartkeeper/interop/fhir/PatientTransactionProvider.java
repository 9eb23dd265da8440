package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.patient.InvalidRegistrationException;
import org.chartkeeper.patient.NewPatient;
import org.chartkeeper.patient.PatientIdentifier;
import org.chartkeeper.patient.PatientRecord;
import org.chartkeeper.patient.PatientService;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;

/**
 * {@code POST /fhir} with a transaction Bundle of Patient creations: all registered in one database transaction with
 * batch inserts, or none. A refused entry is named ({@code Bundle.entry[i]...}) in the OperationOutcome. The answer
 * gives each new patient's location; with {@code Prefer: return=representation} also the Patient (with its MRN).
 */
public class PatientTransactionProvider {

    /** Entries of one Bundle other than a bulk registration. */
    static final int MAX_ENTRIES = 100_000;
    private final PatientService patients;
    private final FhirImportService imports;

    PatientTransactionProvider(PatientService patients, FhirImportService imports) {
        this.patients = patients;
        this.imports = imports;
    }

    @Transaction
    public Bundle transaction(@TransactionParam Bundle bundle, ca.uhn.fhir.rest.api.server.RequestDetails request) {
        if (bundle.getType() != Bundle.BundleType.TRANSACTION && bundle.getType() != Bundle.BundleType.BATCH) {
            throw new InvalidRequestException("Bundle.type", "Send a transaction or a batch Bundle");
        }
        // a JSON transaction's clinical data kept as received was taken out before HAPI parsed the rest
        ReceivedBundle received = request instanceof ca.uhn.fhir.rest.server.servlet.ServletRequestDetails servlet
                && bundle.getType() == Bundle.BundleType.TRANSACTION
                ? (ReceivedBundle) servlet.getServletRequest().getAttribute(ReceivedBundle.ATTRIBUTE) : null;
        int size = received == null ? bundle.getEntry().size() : received.size();
        if (size == 0) throw new InvalidRequestException("Bundle.entry", "The Bundle has no entries");
        boolean onlyPatients = received == null && bundle.getEntry().stream().allMatch(e -> e.getResource() instanceof Patient);
        // patients are registered 5,000 at most at once; a clinical record carries far more entries, mostly not kept
        int max = onlyPatients ? PatientService.MAX_BULK : MAX_ENTRIES;
        if (size > max) {
            throw new InvalidRequestException("Bundle.entry", "At most " + max + " entries in one Bundle");
        }
        if (bundle.getType() == Bundle.BundleType.BATCH) return batch(bundle, request);
        if (!onlyPatients) {
            for (int i = 0; i < bundle.getEntry().size(); i++) {
                Bundle.BundleEntryComponent e = bundle.getEntry().get(i);
                if (e.getRequest().getMethod() != Bundle.HTTPVerb.POST && e.getRequest().getMethod() != Bundle.HTTPVerb.PUT) {
                    throw new InvalidRequestException("Bundle.entry[" + (received == null ? i : received.received(i))
                            + "].request.method",
                            "Only POST (create) and PUT entries are supported");
                }
            }
            return imports.importTransaction(bundle, received);
        }
        List<NewPatient> batch = new ArrayList<>(bundle.getEntry().size());
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            Bundle.BundleEntryComponent e = bundle.getEntry().get(i);
            String at = "Bundle.entry[" + i + "]";
            if (e.getRequest().getMethod() != Bundle.HTTPVerb.POST) {
                throw new InvalidRequestException(at + ".request.method", "Only POST (create) entries are supported");
            }
            String url = e.getRequest().getUrl();
            if (url == null || !(url.equals("Patient") || url.equals("Patient/"))) {
                throw new InvalidRequestException(at + ".request.url", "Only Patient creations are supported (url = Patient)");
            }
            if (!(e.getResource() instanceof Patient p)) {
                throw new InvalidRequestException(at + ".resource", "The entry's resource must be a Patient");
            }
            try {
                batch.add(new NewPatient(FhirPatientMapping.demographics(p), FhirPatientMapping.details(p, "FHIR transaction")));
            } catch (InvalidRequestException bad) {
                throw new InvalidRequestException(at + ".resource" + FhirPatientMapping.path(bad.field()).substring("Patient".length()),
                        bad.getMessage());
            }
        }
        List<org.chartkeeper.patient.Patient> registered;
        try {
            registered = patients.registerAll(batch);
        } catch (InvalidRegistrationException bad) {
            throw new InvalidRequestException("Bundle.entry[" + bad.index() + "].resource"
                    + FhirPatientMapping.path(bad.field()).substring("Patient".length()), bad.getMessage());
        }
        Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        String prefer = request.getHeader("Prefer");
        boolean representation = prefer != null && prefer.contains("return=representation");
        Map<Long, List<PatientIdentifier>> identifiers = representation ? patients.identifiersOfRegistered(registered) : Map.of();
        for (org.chartkeeper.patient.Patient p : registered) {
            Bundle.BundleEntryComponent e = response.addEntry();
            e.getResponse().setStatus("201 Created").setLocation("Patient/" + p.id() + "/_history/" + p.version())
                    .setEtag("W/\"" + p.version() + "\"").setLastModified(java.util.Date.from(p.updatedAt()));
            if (representation) {
                e.setResource(FhirPatientMapping.toFhir(new PatientRecord(p, identifiers.getOrDefault(p.id(), List.of()))));
            }
        }
        return response;
    }

    /** A batch: each entry on its own (its own transaction), refusals answered in the entry. */
    private Bundle batch(Bundle bundle, ca.uhn.fhir.rest.api.server.RequestDetails request) {
        Bundle response = new Bundle().setType(Bundle.BundleType.BATCHRESPONSE);
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            Bundle one = new Bundle().setType(Bundle.BundleType.TRANSACTION);
            one.addEntry(bundle.getEntry().get(i));
            try {
                response.addEntry(transaction(one, request).getEntryFirstRep());
            } catch (InvalidRequestException bad) {
                String path = bad.field() == null ? "Bundle.entry[" + i + "]"
                        : bad.field().replaceFirst("^Bundle\\.entry\\[0\\]", "Bundle.entry[" + i + "]");
                Bundle.BundleEntryComponent e = response.addEntry();
                e.getResponse().setStatus("400 Bad Request").setOutcome(FhirErrors.outcome(
                        org.hl7.fhir.r4.model.OperationOutcome.IssueType.INVALID, path + ": " + bad.getMessage(), path));
            } catch (org.springframework.security.access.AccessDeniedException denied) {
                Bundle.BundleEntryComponent e = response.addEntry();
                e.getResponse().setStatus("403 Forbidden").setOutcome(FhirErrors.outcome(
                        org.hl7.fhir.r4.model.OperationOutcome.IssueType.FORBIDDEN, denied.getMessage(), null));
            }
        }
        return response;
    }
}
