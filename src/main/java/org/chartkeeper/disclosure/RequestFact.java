package org.chartkeeper.disclosure;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.chartkeeper.InvalidRequestException;

/**
 * What the specialist verified on a request beyond the identity check, the HIPAA authorization and a court order or
 * satisfactory assurance: the facts the checks for law enforcement, government, workers' compensation, provider,
 * payer and research requests rest on. Stored as their codes with the request.
 */
public enum RequestFact {
    LEGAL_PROCESS("Court-ordered warrant, judicial subpoena or summons, or grand jury subpoena"),
    ADMINISTRATIVE_REQUEST("Written administrative request (administrative subpoena or summons, civil investigative demand)"),
    RELEVANT_AND_MATERIAL("The information is relevant and material to a legitimate law enforcement inquiry"),
    SPECIFIC_AND_LIMITED("The request is specific and limited in scope to the purpose"),
    DEIDENTIFIED_INSUFFICIENT("De-identified information could not reasonably be used"),
    LEGAL_AUTHORITY_STATED("Written statement of the legal authority for the request"),
    CLAIM_VERIFIED("Workers' compensation claim verified for this patient (claim number, date of injury, employer)"),
    STATE_LAW_PERMITS("The state's workers' compensation law permits the disclosure"),
    TREATING_RELATIONSHIP("The requesting provider treats the patient (referral, appointment or order on file)"),
    PAYMENT_PURPOSE("The request is for payment of the patient's care (the claim or encounter named)"),
    MEMBER_MATCH("The member identification matches the patient's coverage on file"),
    IRB_WAIVER("Documented waiver of authorization by an IRB or privacy board");

    private final String label;

    RequestFact(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Set<RequestFact> copy(Collection<RequestFact> facts) {
        if (facts == null || facts.isEmpty()) return Set.of();
        return Collections.unmodifiableSet(EnumSet.copyOf(facts));
    }

    static RequestFact parse(String field, String value) {
        String v = value == null ? "" : value.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        return Arrays.stream(values()).filter(f -> f.name().equals(v)).findFirst()
                .orElseThrow(() -> new InvalidRequestException(field, "Unknown fact '" + value + "'; one of "
                        + Arrays.stream(values()).map(RequestFact::code).toList()));
    }

    /** The stored form: codes, comma-separated (null when none). */
    static String codes(Set<RequestFact> facts) {
        return facts == null || facts.isEmpty() ? null
                : facts.stream().map(RequestFact::code).collect(Collectors.joining(","));
    }

    static Set<RequestFact> ofCodes(String codes) {
        if (codes == null || codes.isBlank()) return Set.of();
        return copy(Arrays.stream(codes.split(",")).filter(c -> !c.isBlank()).map(c -> parse("facts", c)).toList());
    }
}
