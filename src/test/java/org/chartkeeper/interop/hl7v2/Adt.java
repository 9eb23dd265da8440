package org.chartkeeper.interop.hl7v2;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** ADT messages built in tests: a realistic A01 whose segments and fields each test changes. */
final class Adt {

    static final String SYSTEM = "2.16.840.1.999.42";
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    final Map<String, String> segments = new LinkedHashMap<>();
    String event;

    static String unique() {
        return Long.toString(IDS.incrementAndGet(), 36).toUpperCase();
    }

    /** A patient with a fresh MRN of the sending system and a fresh account number. */
    static Adt a01(String mrn, String account) {
        Adt a = new Adt();
        a.event = "A01";
        a.segments.put("MSH", "MSH|^~\\&|REGADT|MERCY^" + SYSTEM + "^ISO|CHARTKEEPER|CK|20260110101500||ADT^A01^ADT_A01|"
                + "C" + unique() + "|P|2.5.1");
        a.segments.put("EVN", "EVN|A01|20260110101500");
        a.segments.put("PID", "PID|1||" + mrn + "^^^MERCY&" + SYSTEM + "&ISO^MR||Quixby^Harriet^M||19720314|F|||"
                + "12 Orchard Ln^^Columbus^OH^43215^USA^H||^PRN^PH^^^614^5550142|||||" + account);
        a.segments.put("PV1", "PV1|1|I|4E^412^B^MERCY");
        a.field("PV1", 7, "1234567893^Okafor^Ngozi^^^^^^NPI").field("PV1", 10, "MED").field("PV1", 19, account)
                .field("PV1", 44, "20260110100000");
        return a;
    }

    Adt event(String e) {
        event = e;
        String msh = segments.get("MSH");
        segments.put("MSH", msh.replaceFirst("ADT\\^A\\d\\d\\^ADT_A\\d\\d", "ADT^" + e + "^ADT_" + e));
        segments.computeIfPresent("EVN", (k, v) -> v.replaceFirst("EVN\\|A\\d\\d", "EVN|" + e));
        return this;
    }

    Adt controlId(String id) {
        String[] f = segments.get("MSH").split("\\|", -1);
        f[9] = id;
        segments.put("MSH", String.join("|", f));
        return this;
    }

    Adt version(String v) {
        String[] f = segments.get("MSH").split("\\|", -1);
        f[11] = v;
        segments.put("MSH", String.join("|", f));
        return this;
    }

    /** Sets field n of a segment (1-based; MSH counts its separator as field 1). */
    Adt field(String segment, int n, String value) {
        String[] f = segments.get(segment).split("\\|", -1);
        int i = segment.equals("MSH") ? n - 1 : n;
        if (i >= f.length) {
            String[] g = new String[i + 1];
            java.util.Arrays.fill(g, "");
            System.arraycopy(f, 0, g, 0, f.length);
            f = g;
        }
        f[i] = value;
        segments.put(segment, String.join("|", f));
        return this;
    }

    /** Someone else: another name, birth date and sex, no address or phone, so the matcher links nobody to them. */
    Adt someoneElse() {
        return field("PID", 5, "Vantongeren^Lucius").field("PID", 7, "19500101").field("PID", 8, "M")
                .field("PID", 11, "").field("PID", 13, "");
    }

    Adt segment(String name, String text) {
        segments.put(name, text);
        return this;
    }

    Adt without(String name) {
        segments.remove(name);
        return this;
    }

    String text() {
        return String.join("\r", segments.values()) + "\r";
    }

    String controlIdValue() {
        return segments.get("MSH").split("\\|", -1)[9];
    }
}
