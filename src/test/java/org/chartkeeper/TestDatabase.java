package org.chartkeeper;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;

/**
 * Points each test application context at a fresh database: an in-memory H2 (the default), or, when the build runs
 * the suite again with {@code -Dchartkeeper.test.database=postgres}, a new schema in PostgreSQL that is dropped when
 * the context closes.
 */
public class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static boolean postgres() {
        return "postgres".equals(System.getProperty("chartkeeper.test.database"));
    }

    public static String postgresUrl() {
        return System.getProperty("chartkeeper.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Map<String, Object> props = new HashMap<>();
        String name = "ck_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (postgres()) {
            checkPostgres();
            props.put("spring.datasource.url", postgresUrl() + (postgresUrl().contains("?") ? "&" : "?") + "currentSchema=" + name);
            props.put("spring.datasource.username", "postgres");
            props.put("spring.flyway.schemas", name);
            props.put("spring.flyway.create-schemas", "true");
            context.addApplicationListener(event -> {
                if (event instanceof ContextClosedEvent) dropSchema(name);
            });
        } else {
            props.put("spring.datasource.url", "jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
            props.put("spring.datasource.username", "sa");
        }
        props.put("chartkeeper.demo", "true");
        // the HL7 listener is off in tests unless a test starts it (MllpListener.start(port)) or this is set
        props.put("chartkeeper.hl7.port", System.getProperty("chartkeeper.test.hl7.port", "0"));
        props.put("chartkeeper.data-dir", System.getProperty("java.io.tmpdir") + "/chartkeeper-test-" + name);
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("testDatabase", props));
    }

    private static void checkPostgres() {
        try (Connection c = DriverManager.getConnection(postgresUrl(), "postgres", "")) {
            c.isValid(2);
        } catch (SQLException e) {
            throw new IllegalStateException("The PostgreSQL run of the suite needs a PostgreSQL at " + postgresUrl()
                    + " (user postgres). Start it, or run only the H2 suite. Cause: " + e.getMessage(), e);
        }
    }

    private static void dropSchema(String name) {
        try (Connection c = DriverManager.getConnection(postgresUrl(), "postgres", "")) {
            c.createStatement().execute("drop schema if exists " + name + " cascade");
        } catch (SQLException ignored) {
            // the schema is left behind; harmless
        }
    }
}
