package org.chartkeeper.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.security.ApiTokenService;
import org.chartkeeper.security.UserService;
import org.springframework.beans.factory.annotation.Autowired;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "token", description = "API tokens", subcommands = {TokenCommands.Issue.class, TokenCommands.Revoke.class})
class TokenCommands {

    @Command(name = "issue", description = "Issue an API token for a user; the secret is printed once")
    static class Issue implements Callable<Integer> {
        @Autowired ApiTokenService tokens;
        @Autowired UserService users;
        @Option(names = "--username", required = true) String username;
        @Option(names = "--name", required = true, description = "What the token is for") String name;
        @Option(names = "--days", description = "Valid for this many days (default: until revoked)") Integer days;

        @Override
        public Integer call() {
            var user = users.findByUsername(username);
            if (user.isEmpty()) {
                System.err.println("No user '" + username + "'");
                return 2;
            }
            try {
                var issued = tokens.issue(user.get().id(), name, days == null ? null : Duration.ofDays(days), UserCommands.cliActor());
                System.out.println("Token " + issued.token().id() + " for " + username + " (shown once; store it safely):");
                System.out.println(issued.secret());
                return 0;
            } catch (InvalidRequestException e) {
                System.err.println("Not issued: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "revoke", description = "Revoke an API token by id")
    static class Revoke implements Callable<Integer> {
        @Autowired ApiTokenService tokens;
        @Option(names = "--id", required = true) long id;

        @Override
        public Integer call() {
            tokens.revoke(id, UserCommands.cliActor());
            System.out.println("Revoked token " + id);
            return 0;
        }
    }
}
