package org.chartkeeper;

import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Which database this node runs on, for the few statements that PostgreSQL can do in one round trip where H2 needs
 * two (data-modifying CTEs, {@code on conflict}, {@code update ... returning}). Read from the driver once, when first
 * asked; unknown (false) if the database cannot be reached then, and asked again next time.
 */
@Component
public class DatabaseKind {

    private final DataSource dataSource;
    private volatile Boolean postgres;

    public DatabaseKind(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public boolean postgres() {
        Boolean known = postgres;
        if (known != null) return known;
        try (var c = dataSource.getConnection()) {
            known = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        } catch (java.sql.SQLException e) {
            return false;
        }
        postgres = known;
        return known;
    }
}
