package org.chartkeeper.completion;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongConsumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends synthetic answered and closed physician queries for the report benchmark (bench query-report): spread over
 * the past year, across the database's encounters and providers, authored by the him and coder accounts; response
 * times skewed (most within a day, a tail over a week); outcomes mostly agreed. Batched, 5,000 rows a transaction.
 */
@Component
public class SyntheticQueryLoad {

    private static final String[] OUTCOMES = {"AGREED", "AGREED", "AGREED", "AGREED", "AGREED", "AGREED", "DISAGREED",
            "DISAGREED", "UNDETERMINED", null};

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    public SyntheticQueryLoad(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    public void append(long count, LongConsumer progress) {
        record Enc(long id, long patientId, long provider) {}
        List<Enc> encounters = jdbc.query("select id, patient_id, attending_provider_id from encounter"
                + " where attending_provider_id is not null order by id", (rs, n) -> new Enc(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
        List<Long> authors = jdbc.queryForList("select id from app_user where username in ('him', 'coder') order by id", Long.class);
        List<Long> templates = jdbc.queryForList("select id from query_template order by id", Long.class);
        if (encounters.isEmpty() || authors.isEmpty()) throw new IllegalStateException("Needs encounters and the him and coder accounts");
        Random random = new Random(count);
        Instant now = clock.instant();
        long done = 0;
        while (done < count) {
            int n = (int) Math.min(5000, count - done);
            List<Object[]> rows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Enc e = encounters.get(random.nextInt(encounters.size()));
                Instant sent = now.minus(Duration.ofMinutes(60 + random.nextInt(365 * 24 * 60)));
                double hours = Math.min(400, Math.exp(random.nextGaussian() * 1.1 + 2.6));
                Instant answered = sent.plus(Duration.ofMinutes((long) (hours * 60)));
                if (answered.isAfter(now)) answered = now;
                String outcome = OUTCOMES[random.nextInt(OUTCOMES.length)];
                rows.add(new Object[] {e.patientId(), e.id(), e.provider(), authors.get(random.nextInt(authors.size())),
                        templates.get(random.nextInt(templates.size())), "multiple-choice", "Synthetic", "Synthetic query",
                        outcome == null ? "ANSWERED" : "CLOSED", utc(sent.minus(Duration.ofMinutes(10))), utc(sent),
                        utc(sent.plus(Duration.ofHours(48))), utc(answered), outcome});
            }
            tx.executeWithoutResult(s -> jdbc.batchUpdate("insert into physician_query (patient_id, encounter_id, provider_id,"
                    + " author_id, template_id, kind, topic, question, status, created_at, sent_at, due_at, answered_at, outcome)"
                    + " values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows));
            done += n;
            progress.accept(done);
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
