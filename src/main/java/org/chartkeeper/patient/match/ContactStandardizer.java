package org.chartkeeper.patient.match;

import java.util.Locale;

/** Phones as their digits, e-mail addresses in lower case, SSNs as nine digits. */
public final class ContactStandardizer {

    private ContactStandardizer() {}

    /** The ten-digit North American number (a leading country code 1 dropped); other lengths of 7+ digits as given; else null. */
    public static String phone(String phone) {
        if (phone == null) return null;
        String d = digits(phone);
        if (d.length() == 11 && d.charAt(0) == '1') d = d.substring(1);
        return d.length() >= 7 ? d : null;
    }

    public static String email(String email) {
        if (email == null) return null;
        String e = email.strip().toLowerCase(Locale.ROOT);
        return e.isEmpty() ? null : e;
    }

    /** Nine digits, or null (a placeholder such as 000-00-0000 or 999-99-9999 counts as no SSN). */
    public static String ssn(String ssn) {
        if (ssn == null) return null;
        String d = digits(ssn);
        if (d.length() != 9 || d.startsWith("000") || d.equals("999999999") || d.equals("123456789")
                || d.chars().distinct().count() == 1) {
            return null;
        }
        return d;
    }

    static String digits(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') b.append(c);
        }
        return b.toString();
    }
}
