package org.chartkeeper.interop.hl7v2;

import java.util.ArrayList;
import java.util.List;

/**
 * An HL7 v2 message in ER7 (pipe) encoding read as text: segments, fields, repetitions, components and
 * subcomponents with the message's own delimiters, escapes undone. Tolerates what real feeds send: a byte-order
 * mark, \n or \r\n between segments, trailing blanks. Every value is addressed by an {@link Hl7Location}, so an error
 * can name exactly where it is.
 */
final class Hl7Text {

    private final List<String[]> segments = new ArrayList<>();
    private final char field;
    private final char component;
    private final char repetition;
    private final char escape;
    private final char subcomponent;

    private Hl7Text(String text) {
        if (!text.startsWith("MSH") || text.length() < 8) {
            throw new Hl7Problem(Hl7Location.of("MSH", 0), Hl7Problem.REQUIRED_FIELD_MISSING, "AR",
                    "The message does not begin with an MSH segment");
        }
        field = text.charAt(3);
        String enc = text.substring(4, text.indexOf(field, 4) < 0 ? 4 : text.indexOf(field, 4));
        if (enc.length() < 3) {
            throw new Hl7Problem(Hl7Location.of("MSH", 2), Hl7Problem.REQUIRED_FIELD_MISSING, "AR",
                    "MSH-2 must give the encoding characters (^~\\&)");
        }
        component = enc.charAt(0);
        repetition = enc.charAt(1);
        escape = enc.charAt(2);
        subcomponent = enc.length() > 3 ? enc.charAt(3) : '&';
        for (String line : text.split("\r")) {
            String s = line.strip();
            if (s.isEmpty()) continue;
            segments.add(split(s, field));
        }
    }

    /** The text with its byte-order mark dropped and every segment ending in \r, as HL7 wants. */
    static String normalize(String received) {
        String s = received;
        while (!s.isEmpty() && (s.charAt(0) == '\uFEFF' || s.charAt(0) == '\u000B' || Character.isWhitespace(s.charAt(0)))) {
            s = s.substring(1);
        }
        if (s.indexOf('\n') >= 0) s = s.replace("\r\n", "\r").replace('\n', '\r');
        return s;
    }

    static Hl7Text parse(String received) {
        return new Hl7Text(normalize(received));
    }

    char fieldSeparator() {
        return field;
    }

    String encodingCharacters() {
        return "" + component + repetition + escape + subcomponent;
    }

    /** Occurrences of a segment, in order. */
    int count(String name) {
        int n = 0;
        for (String[] s : segments) if (s[0].equals(name)) n++;
        return n;
    }

    List<String> segmentNames() {
        return segments.stream().map(s -> s[0]).toList();
    }

    /** Index into the segment list of the n-th (1-based) occurrence of a segment, or -1. */
    int index(String name, int occurrence) {
        int n = 0;
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i)[0].equals(name) && ++n == occurrence) return i;
        }
        return -1;
    }

    String segmentName(int index) {
        return segments.get(index)[0];
    }

    int segmentCount() {
        return segments.size();
    }

    /** A field exactly as written (escapes kept), "" when absent. MSH-1 is the field separator, MSH-2 the encoding. */
    String raw(int segmentIndex, int fieldNumber) {
        if (segmentIndex < 0) return "";
        String[] s = segments.get(segmentIndex);
        if (s[0].equals("MSH")) {
            if (fieldNumber == 1) return String.valueOf(field);
            int i = fieldNumber - 1; // s[1] is MSH-2
            return i < s.length ? s[i] : "";
        }
        return fieldNumber < s.length ? s[fieldNumber] : "";
    }

    String raw(String segment, int fieldNumber) {
        return raw(index(segment, 1), fieldNumber);
    }

    /** The repetitions of a field, each as written. */
    List<String> repetitions(int segmentIndex, int fieldNumber) {
        String r = raw(segmentIndex, fieldNumber);
        if (r.isEmpty()) return List.of();
        if (segmentIndex >= 0 && segments.get(segmentIndex)[0].equals("MSH") && fieldNumber <= 2) return List.of(r);
        return List.of(split(r, repetition));
    }

    /** Component (1-based) of a field value as written, escapes undone; "" when absent. */
    String component(String value, int n) {
        String[] c = split(value, component);
        return n - 1 < c.length ? unescape(c[n - 1]) : "";
    }

    /** Subcomponent (1-based) of a component, escapes undone. */
    String subcomponent(String value, int componentNumber, int n) {
        String[] c = split(value, component);
        if (componentNumber - 1 >= c.length) return "";
        String[] sc = split(c[componentNumber - 1], subcomponent);
        return n - 1 < sc.length ? unescape(sc[n - 1]) : "";
    }

    /** The subcomponents of a component, escapes undone. */
    List<String> subcomponents(String value, int componentNumber) {
        String[] c = split(value, component);
        if (componentNumber - 1 >= c.length) return List.of();
        List<String> out = new ArrayList<>();
        for (String s : split(c[componentNumber - 1], subcomponent)) out.add(unescape(s));
        return out;
    }

    /** The first component of the first repetition, escapes undone (a simple value). */
    String value(int segmentIndex, int fieldNumber) {
        List<String> reps = repetitions(segmentIndex, fieldNumber);
        if (reps.isEmpty()) return "";
        if (segmentIndex >= 0 && segments.get(segmentIndex)[0].equals("MSH") && fieldNumber <= 2) return reps.getFirst();
        return component(reps.getFirst(), 1);
    }

    String value(String segment, int fieldNumber) {
        return value(index(segment, 1), fieldNumber);
    }

    String unescape(String s) {
        if (s.indexOf(escape) < 0) return s;
        StringBuilder b = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char ch = s.charAt(i);
            int end = ch == escape ? s.indexOf(escape, i + 1) : -1;
            if (end < 0) {
                b.append(ch);
                i++;
                continue;
            }
            String seq = s.substring(i + 1, end);
            switch (seq) {
                case "F" -> b.append(field);
                case "S" -> b.append(component);
                case "T" -> b.append(subcomponent);
                case "R" -> b.append(repetition);
                case "E" -> b.append(escape);
                case ".br" -> b.append('\n');
                default -> {
                    if (seq.startsWith("X") && seq.length() % 2 == 1) {
                        try {
                            for (int k = 1; k < seq.length(); k += 2) {
                                b.append((char) Integer.parseInt(seq.substring(k, k + 2), 16));
                            }
                        } catch (NumberFormatException e) {
                            b.append(escape).append(seq).append(escape);
                        }
                    } else if (!seq.startsWith("H") && !seq.startsWith("N")) { // highlighting is dropped
                        b.append(escape).append(seq).append(escape);
                    }
                }
            }
            i = end + 1;
        }
        return b.toString();
    }

    private static String[] split(String s, char sep) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == sep) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts.toArray(new String[0]);
    }
}
