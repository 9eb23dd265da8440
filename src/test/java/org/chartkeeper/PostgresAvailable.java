package org.chartkeeper;

import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * In the PostgreSQL run of the suite, skips the database tests with a clear message when no PostgreSQL is reachable,
 * so that a plain {@code ./mvnw package} works on a machine without one. In CI (CI=true) it never skips: the tests
 * run and fail loudly instead.
 */
public class PostgresAvailable implements ExecutionCondition {

    private static volatile Boolean reachable;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!TestDatabase.postgres() || "true".equals(System.getenv("CI"))) {
            return ConditionEvaluationResult.enabled("not skipped");
        }
        if (reachable == null) {
            try (Connection c = DriverManager.getConnection(TestDatabase.postgresUrl(), "postgres", "")) {
                reachable = c.isValid(2);
            } catch (Exception e) {
                reachable = false;
            }
        }
        return reachable ? ConditionEvaluationResult.enabled("PostgreSQL reachable")
                : ConditionEvaluationResult.disabled("Skipped on PostgreSQL: nothing answers at " + TestDatabase.postgresUrl()
                + " (start PostgreSQL, or run bin/test, which starts it)");
    }
}
