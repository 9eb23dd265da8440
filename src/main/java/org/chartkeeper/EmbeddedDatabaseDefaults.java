package org.chartkeeper;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The embedded default: with no {@code spring.datasource.url} given, Chartkeeper runs on an H2 file under the data
 * directory with the demo hospital; with one given, demo mode is off unless asked for.
 */
public class EmbeddedDatabaseDefaults implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    // WRITE_DELAY=0: write each commit to the file at once, so a killed process loses nothing it acknowledged.
    static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment env = event.getEnvironment();
        Map<String, Object> defaults = new HashMap<>();
        if (env.containsProperty("spring.datasource.url")) {
            defaults.put("chartkeeper.demo", "false");
        } else {
            Path dataDir = Path.of(env.getProperty("chartkeeper.data-dir", "./data")).toAbsolutePath().normalize();
            defaults.put("spring.datasource.url", "jdbc:h2:file:" + dataDir.resolve("db").resolve("chartkeeper") + H2_OPTIONS);
            defaults.put("spring.datasource.username", "sa");
            defaults.put("chartkeeper.demo", "true");
        }
        env.getPropertySources().addLast(new MapPropertySource("chartkeeperEmbeddedDefaults", defaults));
    }
}
