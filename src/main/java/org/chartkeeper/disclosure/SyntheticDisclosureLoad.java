package org.chartkeeper.disclosure;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends synthetic disclosures for the {@code bench disclosure-accounting} benchmark only: spread evenly over
 * patients 1..{@code patients}, dated over the last 10 years, a realistic mix of exempt and accountable rules and
 * recipients. Never used by the application itself.
 */
@Service
public class SyntheticDisclosureLoad {

    private static final int CHUNK = 1_000;
    private static final DisclosureCategory[] CATEGORIES = {DisclosureCategory.TREATMENT, DisclosureCategory.TREATMENT,
            DisclosureCategory.PAYMENT, DisclosureCategory.PAYMENT, DisclosureCategory.OPERATIONS,
            DisclosureCategory.TO_PATIENT, DisclosureCategory.AUTHORIZATION, DisclosureCategory.PUBLIC_HEALTH,
            DisclosureCategory.LAW_ENFORCEMENT, DisclosureCategory.JUDICIAL, DisclosureCategory.HEALTH_OVERSIGHT,
            DisclosureCategory.WORKERS_COMP};
    private static final String[] PURPOSES = {"continuing care", "claim", "reportable disease", "subpoena",
            "investigation", "personal records", "audit", "registry report"};

    private final DisclosureRepository repository;
    private final TransactionTemplate tx;
    private final Clock clock;

    public SyntheticDisclosureLoad(DisclosureRepository repository, PlatformTransactionManager transactions, Clock clock) {
        this.repository = repository;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Appends {@code count} disclosures; reports progress after each committed chunk. */
    public void append(long count, long patients, LongConsumer progress) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        long done = 0;
        while (done < count) {
            int n = (int) Math.min(CHUNK * 20L, count - done);
            long first = done;
            tx.executeWithoutResult(s -> {
                List<Object[]> rows = new ArrayList<>(CHUNK);
                for (int i = 0; i < n; i++) {
                    long k = first + i;
                    long mix = k * 2654435761L & 0x7fffffffL;
                    rows.add(new Object[] {1 + (k * 7919) % patients, today.minusDays(mix % 3650),
                            "Recipient " + (mix % 97), "Records " + (mix % 13), PURPOSES[(int) (mix % PURPOSES.length)],
                            CATEGORIES[(int) (k % CATEGORIES.length)].name()});
                    if (rows.size() == CHUNK) {
                        repository.insertSynthetic(rows, clock.instant());
                        rows.clear();
                    }
                }
                if (!rows.isEmpty()) repository.insertSynthetic(rows, clock.instant());
            });
            done += n;
            progress.accept(done);
        }
    }
}
