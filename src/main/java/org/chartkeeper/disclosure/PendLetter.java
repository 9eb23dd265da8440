package org.chartkeeper.disclosure;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** The letter to a requester that names what is missing before the request can be answered, as a PDF. */
@Component
class PendLetter {

    byte[] render(RequestView view, LocalDate today) {
        RoiRequest r = view.request();
        List<String> lines = new ArrayList<>();
        lines.add(today.toString());
        lines.add("");
        lines.add(r.requesterName());
        if (r.requesterAddress() != null) lines.addAll(List.of(r.requesterAddress().split("\\R")));
        lines.add("");
        lines.add("Re: your request " + r.requestNo() + " received " + r.receivedOn() + " for the records of "
                + view.patient().name() + " (born " + view.patient().birthDate() + ")");
        lines.add("");
        List<ChecklistItem> missing = view.checklist().missing();
        if (missing.isEmpty()) {
            lines.add("Your request is complete; nothing further is needed from you.");
        } else {
            lines.add("We cannot yet answer your request. Please send us the following:");
            lines.add("");
            for (ChecklistItem item : missing) lines.add("  - " + item.missing());
            lines.add("");
            lines.add("When we receive them we will complete your request. Please quote " + r.requestNo() + ".");
        }
        lines.add("");
        lines.add("Health Information Management, Release of Information");
        return pdf(lines);
    }

    private static byte[] pdf(List<String> text) {
        return org.chartkeeper.TextPdf.render("Request letter", text, org.chartkeeper.TextPdf.LETTER);
    }
}
