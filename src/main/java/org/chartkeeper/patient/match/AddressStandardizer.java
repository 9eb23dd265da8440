package org.chartkeeper.patient.match;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Street addresses in USPS Publication 28 form: upper case, punctuation removed, street suffixes (Appendix C1),
 * directionals (Appendix B) and secondary unit designators (Appendix C2) abbreviated, "#" as a unit.
 * "123 North Main Street, Apartment 4" and "123 N. Main St Apt #4" standardize alike.
 */
public final class AddressStandardizer {

    private static final Pattern NOT_WORD = Pattern.compile("[^A-Z0-9# ]+");
    private static final Pattern SPACES = Pattern.compile(" {2,}");

    static final Map<String, String> SUFFIXES = Map.ofEntries(
            Map.entry("ALLEY", "ALY"), Map.entry("ALLEE", "ALY"), Map.entry("ALLY", "ALY"),
            Map.entry("ANNEX", "ANX"), Map.entry("ARCADE", "ARC"),
            Map.entry("AVENUE", "AVE"), Map.entry("AVEN", "AVE"), Map.entry("AVENU", "AVE"), Map.entry("AV", "AVE"),
            Map.entry("AVN", "AVE"), Map.entry("AVNUE", "AVE"),
            Map.entry("BAYOU", "BYU"), Map.entry("BEACH", "BCH"), Map.entry("BEND", "BND"), Map.entry("BLUFF", "BLF"),
            Map.entry("BOTTOM", "BTM"), Map.entry("BOULEVARD", "BLVD"), Map.entry("BOUL", "BLVD"),
            Map.entry("BOULV", "BLVD"), Map.entry("BRANCH", "BR"), Map.entry("BRIDGE", "BRG"), Map.entry("BROOK", "BRK"),
            Map.entry("BYPASS", "BYP"), Map.entry("CAMP", "CP"), Map.entry("CANYON", "CYN"), Map.entry("CAPE", "CPE"),
            Map.entry("CAUSEWAY", "CSWY"), Map.entry("CENTER", "CTR"), Map.entry("CENTRE", "CTR"),
            Map.entry("CIRCLE", "CIR"), Map.entry("CIRC", "CIR"), Map.entry("CLIFF", "CLF"), Map.entry("CLUB", "CLB"),
            Map.entry("COMMON", "CMN"), Map.entry("CORNER", "COR"), Map.entry("CORNERS", "CORS"),
            Map.entry("COURSE", "CRSE"), Map.entry("COURT", "CT"), Map.entry("COURTS", "CTS"), Map.entry("COVE", "CV"),
            Map.entry("CREEK", "CRK"), Map.entry("CRESCENT", "CRES"), Map.entry("CROSSING", "XING"),
            Map.entry("CROSSROAD", "XRD"), Map.entry("CURVE", "CURV"), Map.entry("DALE", "DL"), Map.entry("DAM", "DM"),
            Map.entry("DIVIDE", "DV"), Map.entry("DRIVE", "DR"), Map.entry("DRIV", "DR"), Map.entry("DRV", "DR"),
            Map.entry("DRIVES", "DRS"), Map.entry("ESTATE", "EST"), Map.entry("ESTATES", "ESTS"),
            Map.entry("EXPRESSWAY", "EXPY"), Map.entry("EXTENSION", "EXT"), Map.entry("FALLS", "FLS"),
            Map.entry("FERRY", "FRY"), Map.entry("FIELD", "FLD"), Map.entry("FIELDS", "FLDS"), Map.entry("FLAT", "FLT"),
            Map.entry("FORD", "FRD"), Map.entry("FOREST", "FRST"), Map.entry("FORGE", "FRG"), Map.entry("FORK", "FRK"),
            Map.entry("FORT", "FT"), Map.entry("FREEWAY", "FWY"), Map.entry("GARDEN", "GDN"),
            Map.entry("GARDENS", "GDNS"), Map.entry("GATEWAY", "GTWY"), Map.entry("GLEN", "GLN"),
            Map.entry("GREEN", "GRN"), Map.entry("GROVE", "GRV"), Map.entry("HARBOR", "HBR"), Map.entry("HAVEN", "HVN"),
            Map.entry("HEIGHTS", "HTS"), Map.entry("HIGHWAY", "HWY"), Map.entry("HIGHWY", "HWY"),
            Map.entry("HILL", "HL"), Map.entry("HILLS", "HLS"), Map.entry("HOLLOW", "HOLW"), Map.entry("INLET", "INLT"),
            Map.entry("ISLAND", "IS"), Map.entry("ISLANDS", "ISS"), Map.entry("JUNCTION", "JCT"), Map.entry("KEY", "KY"),
            Map.entry("KNOLL", "KNL"), Map.entry("KNOLLS", "KNLS"), Map.entry("LAKE", "LK"), Map.entry("LAKES", "LKS"),
            Map.entry("LANDING", "LNDG"), Map.entry("LANE", "LN"), Map.entry("LIGHT", "LGT"), Map.entry("LOCK", "LCK"),
            Map.entry("LODGE", "LDG"), Map.entry("LOOPS", "LOOP"), Map.entry("MANOR", "MNR"),
            Map.entry("MEADOW", "MDW"), Map.entry("MEADOWS", "MDWS"), Map.entry("MILL", "ML"), Map.entry("MILLS", "MLS"),
            Map.entry("MISSION", "MSN"), Map.entry("MOTORWAY", "MTWY"), Map.entry("MOUNT", "MT"),
            Map.entry("MOUNTAIN", "MTN"), Map.entry("NECK", "NCK"), Map.entry("ORCHARD", "ORCH"),
            Map.entry("OVERPASS", "OPAS"), Map.entry("PARKWAY", "PKWY"), Map.entry("PARKWY", "PKWY"),
            Map.entry("PKY", "PKWY"), Map.entry("PASSAGE", "PSGE"), Map.entry("PINE", "PNE"), Map.entry("PINES", "PNES"),
            Map.entry("PLACE", "PL"), Map.entry("PLAIN", "PLN"), Map.entry("PLAINS", "PLNS"), Map.entry("PLAZA", "PLZ"),
            Map.entry("POINT", "PT"), Map.entry("POINTS", "PTS"), Map.entry("PORT", "PRT"), Map.entry("PRAIRIE", "PR"),
            Map.entry("RADIAL", "RADL"), Map.entry("RANCH", "RNCH"), Map.entry("RAPIDS", "RPDS"), Map.entry("REST", "RST"),
            Map.entry("RIDGE", "RDG"), Map.entry("RIVER", "RIV"), Map.entry("ROAD", "RD"), Map.entry("ROADS", "RDS"),
            Map.entry("ROUTE", "RTE"), Map.entry("SHOAL", "SHL"), Map.entry("SHORE", "SHR"), Map.entry("SHORES", "SHRS"),
            Map.entry("SKYWAY", "SKWY"), Map.entry("SPRING", "SPG"), Map.entry("SPRINGS", "SPGS"),
            Map.entry("SQUARE", "SQ"), Map.entry("STATION", "STA"), Map.entry("STRAVENUE", "STRA"),
            Map.entry("STREAM", "STRM"), Map.entry("STREET", "ST"), Map.entry("STR", "ST"), Map.entry("STRT", "ST"),
            Map.entry("STREETS", "STS"), Map.entry("SUMMIT", "SMT"), Map.entry("TERRACE", "TER"),
            Map.entry("TRACE", "TRCE"), Map.entry("TRACK", "TRAK"), Map.entry("TRAIL", "TRL"), Map.entry("TRAILS", "TRL"),
            Map.entry("TRAILER", "TRLR"), Map.entry("TUNNEL", "TUNL"), Map.entry("TURNPIKE", "TPKE"),
            Map.entry("UNION", "UN"), Map.entry("VALLEY", "VLY"), Map.entry("VIADUCT", "VIA"), Map.entry("VIEW", "VW"),
            Map.entry("VILLAGE", "VLG"), Map.entry("VILLE", "VL"), Map.entry("VISTA", "VIS"), Map.entry("WELLS", "WLS"));

    static final Map<String, String> DIRECTIONALS = Map.of("NORTH", "N", "SOUTH", "S", "EAST", "E", "WEST", "W",
            "NORTHEAST", "NE", "NORTHWEST", "NW", "SOUTHEAST", "SE", "SOUTHWEST", "SW");

    static final Map<String, String> UNITS = Map.ofEntries(Map.entry("APARTMENT", "APT"), Map.entry("BUILDING", "BLDG"),
            Map.entry("BASEMENT", "BSMT"), Map.entry("DEPARTMENT", "DEPT"), Map.entry("FLOOR", "FL"),
            Map.entry("FRONT", "FRNT"), Map.entry("HANGAR", "HNGR"), Map.entry("LOBBY", "LBBY"), Map.entry("LOWER", "LOWR"),
            Map.entry("OFFICE", "OFC"), Map.entry("PENTHOUSE", "PH"), Map.entry("ROOM", "RM"), Map.entry("SPACE", "SPC"),
            Map.entry("SUITE", "STE"), Map.entry("TRAILER", "TRLR"), Map.entry("UPPER", "UPPR"), Map.entry("#", "APT"),
            Map.entry("NO", "APT"), Map.entry("NUMBER", "APT"), Map.entry("UNIT", "UNIT"));

    private static final Map<String, String> ORDINALS = Map.of("FIRST", "1ST", "SECOND", "2ND", "THIRD", "3RD",
            "FOURTH", "4TH", "FIFTH", "5TH", "SIXTH", "6TH", "SEVENTH", "7TH", "EIGHTH", "8TH", "NINTH", "9TH",
            "TENTH", "10TH");

    private AddressStandardizer() {}

    /** The address line in Publication 28 form, or null if empty. */
    public static String standardize(String line) {
        if (line == null) return null;
        String s = line.toUpperCase(Locale.ROOT).replace(".", "").replace("#", " # ");
        s = NOT_WORD.matcher(s).replaceAll(" ");
        s = SPACES.matcher(s).replaceAll(" ").strip();
        if (s.isEmpty()) return null;
        String[] words = s.split(" ");
        StringBuilder b = new StringBuilder();
        boolean unitNext = false;
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            String out;
            if (unitNext) {
                out = w;
                unitNext = false;
            } else if ((UNITS.containsKey(w) || UNITS.containsValue(w)) && i > 0) {
                out = UNITS.getOrDefault(w, w);
                unitNext = true;
                // "APT # 4": one designator
                if (i + 1 < words.length && words[i + 1].equals("#")) i++;
            } else if (DIRECTIONALS.containsKey(w) && directional(words, i)) {
                out = DIRECTIONALS.get(w);
            } else if (SUFFIXES.containsKey(w) && i > 1) {
                out = SUFFIXES.get(w);
            } else {
                out = ORDINALS.getOrDefault(w, w);
            }
            if (!b.isEmpty()) b.append(' ');
            b.append(out);
        }
        return b.toString();
    }

    /**
     * A pre-directional (right after the house number, with a street name after it) or a post-directional (last, or
     * before a unit designator). "123 North Street" keeps NORTH: there it is the street's name.
     */
    private static boolean directional(String[] words, int i) {
        if (i == 1) return words.length - i > 2;
        if (i < 2) return false;
        return i == words.length - 1 || UNITS.containsKey(words[i + 1]);
    }

    /** The house number (the first token when it starts with a digit), or null. */
    public static String houseNumber(String standardized) {
        if (standardized == null) return null;
        int sp = standardized.indexOf(' ');
        String first = sp < 0 ? standardized : standardized.substring(0, sp);
        return !first.isEmpty() && Character.isDigit(first.charAt(0)) ? first : null;
    }

    /** Five-digit ZIP code, or null. */
    public static String zip5(String postalCode) {
        if (postalCode == null) return null;
        String d = postalCode.replaceAll("\\D", "");
        return d.length() >= 5 ? d.substring(0, 5) : null;
    }
}
