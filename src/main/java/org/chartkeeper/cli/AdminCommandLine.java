package org.chartkeeper.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;

/**
 * {@code java -jar chartkeeper.jar <command> ...}: administration against the configured database, then exit.
 * Spring options ({@code --spring.datasource.url=...}, {@code --chartkeeper.data-dir=...}) may be given as for the
 * server; everything else goes to the command.
 */
public final class AdminCommandLine {

    static final Set<String> COMMANDS = Set.of("user", "audit", "token", "codes", "bench", "help");

    private AdminCommandLine() {}

    public static boolean isCommand(String[] args) {
        for (String a : args) {
            if (!a.startsWith("-")) return COMMANDS.contains(a);
        }
        return false;
    }

    public static int run(SpringApplication app, String[] args) {
        List<String> springArgs = new ArrayList<>();
        List<String> commandArgs = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--") && a.contains("=") && isSpringProperty(a.substring(2))) springArgs.add(a);
            else commandArgs.add(a);
        }
        if (commandArgs.getFirst().equals("help")) {
            new CommandLine(new RootCommand()).usage(System.out);
            return 0;
        }
        if (BenchCommands.needsNoDatabase(commandArgs)) {
            return new CommandLine(new RootCommand()).execute(commandArgs.toArray(String[]::new));
        }
        try (ConfigurableApplicationContext context = app.run(springArgs.toArray(String[]::new))) {
            CommandLine cli = new CommandLine(new RootCommand(), new SpringFactory(context));
            return cli.execute(commandArgs.toArray(String[]::new));
        }
    }

    private static boolean isSpringProperty(String s) {
        return s.startsWith("spring.") || s.startsWith("chartkeeper.") || s.startsWith("logging.") || s.startsWith("server.");
    }

    private record SpringFactory(ConfigurableApplicationContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                return context.getAutowireCapableBeanFactory().createBean(cls);
            } catch (Exception e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }

    @CommandLine.Command(name = "chartkeeper", mixinStandardHelpOptions = true,
            description = "Chartkeeper administration. Without a command, java -jar chartkeeper.jar starts the server.",
            subcommands = {UserCommands.class, AuditCommands.class, TokenCommands.class, CodeCommands.class,
                    BenchCommands.class})
    static class RootCommand {}
}
