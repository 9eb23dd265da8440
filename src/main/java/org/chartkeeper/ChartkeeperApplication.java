package org.chartkeeper;

import org.chartkeeper.cli.AdminCommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Starts the server, or with a subcommand ({@code user create}, {@code audit verify}, ...) runs one administration
 * task against the same database and exits.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ChartkeeperApplication {

    public static void main(String[] args) {
        if (AdminCommandLine.isCommand(args)) {
            SpringApplication app = new SpringApplication(ChartkeeperApplication.class);
            app.setWebApplicationType(WebApplicationType.NONE);
            app.setAdditionalProfiles("cli");
            app.setLogStartupInfo(false);
            System.exit(AdminCommandLine.run(app, args));
        }
        SpringApplication.run(ChartkeeperApplication.class, args);
    }
}
