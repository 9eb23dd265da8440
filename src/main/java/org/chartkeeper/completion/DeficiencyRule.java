package org.chartkeeper.completion;

import java.time.Duration;
import java.util.List;

/**
 * A chart-completion rule as the HIM director edits it: what must be in the record of which encounters (class, or
 * all when null), of which document types, by when (anchor event plus window; lookback for documents written before
 * the episode), who answers for it, whether it is in force, and the regulation or bylaw it comes from.
 */
public record DeficiencyRule(String code, String description, DeficiencyCheck checkType, String encounterClass,
                             String anchor, int windowMinutes, int lookbackMinutes, String responsible, boolean active,
                             String source, int sortOrder, List<String> documentTypes, int version) {

    public static final List<String> ANCHORS = List.of("admission", "discharge", "surgery-start", "surgery-end",
            "service", "signature");
    public static final List<String> RESPONSIBLE = List.of("attending", "author", "surgeon", "cosigner");

    public Duration window() {
        return Duration.ofMinutes(windowMinutes);
    }

    /** The window as people say it: "24 hours", "30 days". */
    public String windowText() {
        return text(windowMinutes);
    }

    public String lookbackText() {
        return text(lookbackMinutes);
    }

    static String text(int minutes) {
        if (minutes == 0) return "0";
        if (minutes % 1440 == 0 && minutes >= 2880) return minutes / 1440 + " days";
        if (minutes % 60 == 0) return minutes / 60 + (minutes == 60 ? " hour" : " hours");
        return minutes + " minutes";
    }
}
