package org.chartkeeper.interop.fhir;

import java.util.Locale;
import java.util.Map;

/** US state and territory names and their USPS codes (feeds such as Synthea give the name). */
final class UsStates {

    private static final Map<String, String> CODES = Map.ofEntries(
            Map.entry("alabama", "AL"), Map.entry("alaska", "AK"), Map.entry("arizona", "AZ"), Map.entry("arkansas", "AR"),
            Map.entry("california", "CA"), Map.entry("colorado", "CO"), Map.entry("connecticut", "CT"),
            Map.entry("delaware", "DE"), Map.entry("district of columbia", "DC"), Map.entry("florida", "FL"),
            Map.entry("georgia", "GA"), Map.entry("hawaii", "HI"), Map.entry("idaho", "ID"), Map.entry("illinois", "IL"),
            Map.entry("indiana", "IN"), Map.entry("iowa", "IA"), Map.entry("kansas", "KS"), Map.entry("kentucky", "KY"),
            Map.entry("louisiana", "LA"), Map.entry("maine", "ME"), Map.entry("maryland", "MD"),
            Map.entry("massachusetts", "MA"), Map.entry("michigan", "MI"), Map.entry("minnesota", "MN"),
            Map.entry("mississippi", "MS"), Map.entry("missouri", "MO"), Map.entry("montana", "MT"),
            Map.entry("nebraska", "NE"), Map.entry("nevada", "NV"), Map.entry("new hampshire", "NH"),
            Map.entry("new jersey", "NJ"), Map.entry("new mexico", "NM"), Map.entry("new york", "NY"),
            Map.entry("north carolina", "NC"), Map.entry("north dakota", "ND"), Map.entry("ohio", "OH"),
            Map.entry("oklahoma", "OK"), Map.entry("oregon", "OR"), Map.entry("pennsylvania", "PA"),
            Map.entry("rhode island", "RI"), Map.entry("south carolina", "SC"), Map.entry("south dakota", "SD"),
            Map.entry("tennessee", "TN"), Map.entry("texas", "TX"), Map.entry("utah", "UT"), Map.entry("vermont", "VT"),
            Map.entry("virginia", "VA"), Map.entry("washington", "WA"), Map.entry("west virginia", "WV"),
            Map.entry("wisconsin", "WI"), Map.entry("wyoming", "WY"), Map.entry("puerto rico", "PR"),
            Map.entry("guam", "GU"), Map.entry("virgin islands", "VI"), Map.entry("american samoa", "AS"),
            Map.entry("northern mariana islands", "MP"));

    private UsStates() {}

    /** The two-letter code for a state given by name or code; what is unknown is returned as given. */
    static String code(String state) {
        if (state == null) return null;
        String s = state.strip();
        return s.length() == 2 ? s : CODES.getOrDefault(s.toLowerCase(Locale.ROOT), s);
    }
}
