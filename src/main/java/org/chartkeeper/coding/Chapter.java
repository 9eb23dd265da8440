package org.chartkeeper.coding;

/** A chapter (ICD-10-CM), section (ICD-10-PCS, HCPCS): the top of the hierarchy, a range of code beginnings. */
public record Chapter(CodeSystem system, String key, String first, String last, String title) {

    /** "E00-E89" for ICD-10-CM; the first character or letter otherwise. */
    public String range() {
        return first.equals(last) ? first : first + "-" + last;
    }
}
