package org.chartkeeper.interop.hl7v2;

/**
 * Where in a message something is: segment, which occurrence of it (1-based), field, repetition, component and
 * subcomponent (0 when not narrowed down). Shown as "PID-7" or "PID-3.4"; written into ERR-2 (and ERR-1 for 2.3/2.4).
 */
record Hl7Location(String segment, int occurrence, int field, int repetition, int component, int subcomponent) {

    static Hl7Location of(String segment, int field) {
        return new Hl7Location(segment, 1, field, 0, 0, 0);
    }

    static Hl7Location of(String segment, int field, int component) {
        return new Hl7Location(segment, 1, field, 0, component, 0);
    }

    Hl7Location occurrence(int n) {
        return new Hl7Location(segment, n, field, repetition, component, subcomponent);
    }

    Hl7Location repetition(int n) {
        return new Hl7Location(segment, occurrence, field, n, component, subcomponent);
    }

    Hl7Location component(int n) {
        return new Hl7Location(segment, occurrence, field, repetition, n, subcomponent);
    }

    /** ERR-2 (ERL): segment^sequence^field^repetition^component^subcomponent. */
    String erl() {
        StringBuilder b = new StringBuilder(segment).append('^').append(occurrence);
        if (field > 0) {
            b.append('^').append(field).append('^').append(Math.max(1, repetition));
            if (component > 0) {
                b.append('^').append(component);
                if (subcomponent > 0) b.append('^').append(subcomponent);
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        String s = field > 0 ? segment + "-" + field : segment;
        if (field > 0 && component > 0) s += "." + component;
        if (field > 0 && component > 0 && subcomponent > 0) s += "." + subcomponent;
        return occurrence > 1 ? s + " (segment " + occurrence + ")" : s;
    }
}
