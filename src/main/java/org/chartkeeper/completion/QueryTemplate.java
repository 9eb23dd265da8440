package org.chartkeeper.completion;

import java.util.List;

/**
 * A compliant query template: its kind constrains the query (see {@link QueryCompliance}); {@code yesNoPurpose} says
 * why a yes/no question is allowed; {@code options} are the multiple-choice answers.
 */
public record QueryTemplate(Long id, String code, String name, QueryKind kind, String yesNoPurpose, String question,
                            List<String> options, boolean active, int version) {

    public String optionsText() {
        return options == null ? "" : String.join("\n", options);
    }
}
