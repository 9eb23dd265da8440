package org.chartkeeper.completion;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.chartkeeper.TextPdf;
import org.springframework.stereotype.Component;

/** A notice as a PDF letter: to whom, about which provider's incomplete records, what is due, and what follows. */
@Component
class NoticeLetter {

    byte[] render(NoticeService.NoticeView view, LocalDate today, Instant now) {
        Notice n = view.notice();
        List<String> lines = new ArrayList<>();
        lines.add("Chartkeeper General Hospital - Health Information Management");
        lines.add("");
        lines.add(today.toString());
        lines.add("");
        lines.add("To: " + n.recipientText());
        lines.add("Re: incomplete medical records of " + n.providerName() + " - " + n.stageName().toLowerCase(java.util.Locale.ROOT)
                + " (notice " + n.id() + ")");
        lines.add("");
        lines.add(switch (n.audience()) {
            case "provider" -> "Our records show the following items of your patients' charts past their due time. Please"
                    + " complete them (sign, co-sign or dictate) from your deficiency queue in Chartkeeper.";
            case "chief" -> "The following items of " + n.providerName() + " remain incomplete after a reminder. As chief of "
                    + (n.department() == null ? "the department" : n.department()) + ", please see that they are completed.";
            default -> n.providerName() + " has incomplete records past the suspension threshold of the medical staff"
                    + " bylaws and is placed on the suspension list until they are completed.";
        });
        lines.add("");
        lines.add(String.format("%-12s %-11s %-34s %-11s %s", "MRN", "Account", "Item", "Due", "Days past due"));
        for (Deficiency d : view.items()) {
            String item = d.open() ? d.action() + (d.documentId() == null ? "" : " #" + d.documentId()) : d.status();
            lines.add(String.format("%-12s %-11s %-34s %-11s %s", d.mrn(), d.accountNumber(), cut(item, 34),
                    LocalDate.ofInstant(d.dueAt(), ZoneOffset.UTC), d.daysOverdue(now)));
        }
        lines.add("");
        lines.add(view.items().size() + " item(s). Items completed since this notice was made show their new status.");
        lines.add("");
        lines.add("Health Information Management, Chart Completion");
        return pdf(lines, "Notice " + n.id());
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + ".";
    }

    /** Courier 9, so that the table of items lines up. */
    private static final TextPdf.Style STYLE = new TextPdf.Style(Standard14Fonts.FontName.COURIER, 9, 44, 92, "");

    private static byte[] pdf(List<String> text, String title) {
        return TextPdf.render(title, text, STYLE);
    }
}
