package org.chartkeeper.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.security.UserAccount;
import org.chartkeeper.security.UserService;
import org.springframework.beans.factory.annotation.Autowired;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "user", description = "Manage user accounts", subcommands = {
        UserCommands.Create.class, UserCommands.ResetPassword.class, UserCommands.Unlock.class, UserCommands.ListUsers.class})
class UserCommands {

    static Actor cliActor() {
        return Actor.system("cli:" + System.getProperty("user.name", "unknown"));
    }

    /** The password from standard input (--password-stdin) or typed at a hidden prompt, never from the command line. */
    static String readPassword(boolean fromStdin) throws IOException {
        if (fromStdin) {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        Console console = System.console();
        if (console == null) {
            throw new InvalidRequestException("password", "No terminal to prompt for a password: pipe it in with --password-stdin");
        }
        char[] first = console.readPassword("Password: ");
        char[] again = console.readPassword("Repeat password: ");
        if (first == null || again == null || !new String(first).equals(new String(again))) {
            throw new InvalidRequestException("password", "The two passwords differ");
        }
        return new String(first);
    }

    @Command(name = "create", description = "Create a user (for example the first administrator)")
    static class Create implements Callable<Integer> {
        @Autowired UserService users;
        @Option(names = "--username", required = true) String username;
        @Option(names = "--name", required = true, description = "Display name") String name;
        @Option(names = "--role", required = true, description = "Role code (repeatable): admin, him, coder, roi, privacy, director, auditor, physician") List<String> roles;
        @Option(names = "--password-stdin", description = "Read the password from standard input") boolean stdin;

        @Override
        public Integer call() throws IOException {
            try {
                UserAccount u = users.create(username, name, readPassword(stdin), new LinkedHashSet<>(roles), false, cliActor());
                System.out.println("Created user " + u.username() + " (id " + u.id() + ") with roles " + u.roles());
                return 0;
            } catch (InvalidRequestException e) {
                System.err.println("Not created: " + e.field() + ": " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "reset-password", description = "Set a user's password and unlock the account")
    static class ResetPassword implements Callable<Integer> {
        @Autowired UserService users;
        @Option(names = "--username", required = true) String username;
        @Option(names = "--password-stdin") boolean stdin;

        @Override
        public Integer call() throws IOException {
            var user = users.findByUsername(username);
            if (user.isEmpty()) {
                System.err.println("No user '" + username + "'");
                return 2;
            }
            try {
                users.resetPassword(user.get().id(), readPassword(stdin), cliActor());
                System.out.println("Password set for " + username);
                return 0;
            } catch (InvalidRequestException e) {
                System.err.println("Not changed: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "unlock", description = "Unlock an account locked after failed sign-ins")
    static class Unlock implements Callable<Integer> {
        @Autowired UserService users;
        @Option(names = "--username", required = true) String username;

        @Override
        public Integer call() {
            var user = users.findByUsername(username);
            if (user.isEmpty()) {
                System.err.println("No user '" + username + "'");
                return 2;
            }
            users.unlockAs(user.get().id(), cliActor());
            System.out.println("Unlocked " + username);
            return 0;
        }
    }

    @Command(name = "list", description = "List user accounts")
    static class ListUsers implements Callable<Integer> {
        @Autowired UserService users;

        @Override
        public Integer call() {
            System.out.printf("%-20s %-30s %-8s %-6s %s%n", "USERNAME", "NAME", "ENABLED", "MFA", "ROLES");
            for (UserAccount u : users.all()) {
                System.out.printf("%-20s %-30s %-8s %-6s %s%n", u.username(), u.displayName(), u.enabled(), u.mfaEnrolled(), u.roles());
            }
            return 0;
        }
    }
}
