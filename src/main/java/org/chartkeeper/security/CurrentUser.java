package org.chartkeeper.security;

import java.io.Serial;
import java.io.Serializable;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The signed-in user as the rest of the application sees them. {@code tokenId} is set when the request came with an
 * API token rather than a session.
 */
public record CurrentUser(long id, String username, String displayName, Set<String> roles, boolean demo, Long tokenId)
        implements Serializable, java.security.Principal {

    @Serial
    private static final long serialVersionUID = 1L;

    public CurrentUser {
        roles = Set.copyOf(roles);
    }

    /** The username: Spring Security and Spring Session use this as the principal's name. */
    @Override
    public String getName() {
        return username;
    }

    @Override
    public String toString() {
        return username;
    }

    public String rolesText() {
        return String.join(",", roles.stream().sorted().toList());
    }

    public static Optional<CurrentUser> find() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof CurrentUser user) {
            return Optional.of(user);
        }
        return Optional.empty();
    }

    public static CurrentUser require() {
        return find().orElseThrow(() -> new AuthenticationCredentialsNotFoundException("No signed-in user"));
    }
}
