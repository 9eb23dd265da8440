package org.chartkeeper;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * A test against the running server on a random port, with the demo hospital, on H2 (and again on PostgreSQL in the
 * build's second run). All such tests share one application context, so keep their configuration identical.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"chartkeeper.demo-hospital.patients=2000", "chartkeeper.demo-hospital.encounters=6000"})
@ContextConfiguration(initializers = TestDatabase.class)
@Tag("database")
@ExtendWith(PostgresAvailable.class)
public @interface IntegrationTest {}
