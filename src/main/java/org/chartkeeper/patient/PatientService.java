package org.chartkeeper.patient;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.audit.AccessGate;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.audit.PatientAccess;
import org.chartkeeper.audit.PatientAccessPolicy;
import org.chartkeeper.audit.PatientNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The master patient index's use cases. Every read or change of a patient passes the {@link AccessGate}. */
@Service
public class PatientService implements PatientAccessPolicy {

    public static final int SEARCH_LIMIT = 50;

    private final PatientRepository patients;
    private final AccessGate gate;
    private final Clock clock;

    public PatientService(PatientRepository patients, @org.springframework.context.annotation.Lazy AccessGate gate,
                          Clock clock) {
        this.patients = patients;
        this.gate = gate;
        this.clock = clock;
    }

    public List<Patient> search(PatientSearch criteria) {
        if (criteria == null || criteria.isEmpty()) {
            throw new InvalidRequestException("name", "Enter a name, a date of birth or an MRN to search");
        }
        if (criteria.name() != null && criteria.name().strip().length() > 100) {
            throw new InvalidRequestException("name", "Name is too long (at most 100 characters)");
        }
        List<Patient> found = patients.search(criteria, SEARCH_LIMIT);
        gate.search(DataCategory.DEMOGRAPHICS, "Patient", criteria.describe(), found.size());
        return found;
    }

    /** Opens a patient's demographics (audited as a view). */
    public Patient open(long id) {
        gate.open(PatientAccess.view(DataCategory.DEMOGRAPHICS, id, "Patient", id));
        return patients.find(id).orElseThrow(() -> new PatientNotFoundException(id));
    }

    /**
     * Opens the chart's header, demographics and identifiers under one audited view, and says whether the user sees
     * it only through emergency (break-the-glass) access.
     */
    public PatientChart chart(long id) {
        AccessGate.Opened opened = gate.openChecked(PatientAccess.view(DataCategory.DEMOGRAPHICS, id, "Patient", id));
        Patient patient = patients.find(id).orElseThrow(() -> new PatientNotFoundException(id));
        return new PatientChart(patient, patients.identifiers(id), opened.emergency());
    }

    /** Changes address and contact details; refused with 409 if the patient changed since {@code expectedVersion}. */
    @Transactional
    public Patient updateContact(long id, int expectedVersion, ContactChange change) {
        change.validate();
        gate.open(PatientAccess.of(AuditAction.UPDATE, DataCategory.DEMOGRAPHICS, id, "Patient", id));
        int n = patients.updateContact(id, expectedVersion, blank(change.addressLine()), blank(change.city()),
                blank(change.state()), blank(change.postalCode()), blank(change.phone()), blank(change.email()),
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
        if (n == 0) throw new StaleVersionException("Patient " + id, expectedVersion);
        return patients.find(id).orElseThrow(() -> new PatientNotFoundException(id));
    }

    public record ContactChange(String addressLine, String city, String state, String postalCode, String phone,
                                String email) {
        void validate() {
            check("addressLine", addressLine, 200);
            check("city", city, 100);
            if (state != null && !state.isBlank() && !state.strip().matches("[A-Za-z]{2}")) {
                throw new InvalidRequestException("state", "State must be a two-letter code");
            }
            if (postalCode != null && !postalCode.isBlank() && !postalCode.strip().matches("\\d{5}(-\\d{4})?")) {
                throw new InvalidRequestException("postalCode", "ZIP code must be 5 digits or ZIP+4");
            }
            if (phone != null && !phone.isBlank() && phone.replaceAll("\\D", "").length() != 10) {
                throw new InvalidRequestException("phone", "Phone must have 10 digits");
            }
            if (email != null && !email.isBlank() && !email.strip().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                throw new InvalidRequestException("email", "Email address is not valid");
            }
            check("email", email, 200);
        }

        private static void check(String field, String value, int max) {
            if (value != null && value.length() > max) {
                throw new InvalidRequestException(field, field + " is too long (at most " + max + " characters)");
            }
        }
    }

    public long count() {
        return patients.count();
    }

    @Override
    public Optional<Boolean> restricted(long patientId) {
        return patients.restricted(patientId);
    }

    @Override
    public boolean inCareOf(long userId, long patientId) {
        return patients.inCareOf(userId, patientId);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
