package org.chartkeeper.security;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.chartkeeper.ChartkeeperProperties;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.AuditEntry;
import org.chartkeeper.audit.AuditOutcome;
import org.chartkeeper.audit.AuditService;
import org.chartkeeper.audit.DataCategory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** User accounts: creation, roles, enabling, unlocking, passwords. Every change is audited. */
@Service
public class UserService {

    public static final int MIN_PASSWORD_LENGTH = 12;
    private static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9._-]{1,63}");

    private final UserRepository users;
    private final PasswordEncoder encoder;
    private final AuditService audit;
    private final PermissionService permissions;
    private final RoleRepository roleTable;
    private final ChartkeeperProperties properties;
    private final Clock clock;
    private final ApiTokenCache tokenCache;

    public UserService(UserRepository users, PasswordEncoder encoder, AuditService audit,
                       PermissionService permissions, RoleRepository roleTable, ChartkeeperProperties properties,
                       Clock clock, ApiTokenCache tokenCache) {
        this.tokenCache = tokenCache;
        this.users = users;
        this.roleTable = roleTable;
        this.encoder = encoder;
        this.audit = audit;
        this.permissions = permissions;
        this.properties = properties;
        this.clock = clock;
    }

    public List<UserAccount> all() {
        return users.all();
    }

    public UserAccount get(long id) {
        return users.find(id).orElseThrow(() -> new NotFoundException("No user with id " + id));
    }

    public java.util.Optional<UserAccount> findByUsername(String username) {
        return users.findByUsername(username);
    }

    /** Creates an account. {@code actor} is who does it (an administrator, or the CLI). */
    @Transactional
    public UserAccount create(String username, String displayName, String password, Set<String> roles, boolean demo,
                              Actor actor) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new InvalidRequestException("username",
                    "Username must be 2 to 64 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter");
        }
        if (displayName == null || displayName.isBlank() || displayName.length() > 200) {
            throw new InvalidRequestException("displayName", "Display name is required (at most 200 characters)");
        }
        checkPassword(password);
        Set<String> known = knownRoles();
        if (roles == null || roles.isEmpty()) {
            throw new InvalidRequestException("roles", "Give the user at least one role");
        }
        for (String r : roles) {
            if (!known.contains(r)) throw new InvalidRequestException("roles", "Unknown role '" + r + "'; known roles: " + known);
        }
        long id;
        try {
            id = users.insert(username, displayName.strip(), encoder.encode(password), demo, clock.instant());
        } catch (DuplicateKeyException e) {
            throw new InvalidRequestException("username", "Username '" + username + "' is already taken");
        }
        users.setRoles(id, roles);
        audit.record(adminChange("User", id, "created user " + username + " with roles " + new TreeSet<>(roles)), actor);
        return get(id);
    }

    @Transactional
    public UserAccount setRoles(long userId, Set<String> roles, int expectedVersion) {
        UserAccount before = get(userId);
        Set<String> known = knownRoles();
        if (roles == null || roles.isEmpty()) throw new InvalidRequestException("roles", "Give the user at least one role");
        for (String r : roles) {
            if (!known.contains(r)) throw new InvalidRequestException("roles", "Unknown role '" + r + "'");
        }
        if (users.bumpVersion(userId, expectedVersion) == 0) throw new StaleVersionException("User " + before.username(), expectedVersion);
        users.setRoles(userId, roles);
        tokenCache.forgetUser(userId); // the user's API tokens act with the new roles at once
        RoleService.requireSomeoneCanEditRoles(roleTable, "roles");
        audit.record(adminChange("User", userId, "roles of " + before.username() + " changed from "
                + new TreeSet<>(before.roles()) + " to " + new TreeSet<>(roles)));
        return get(userId);
    }

    @Transactional
    public UserAccount setEnabled(long userId, boolean enabled, int expectedVersion) {
        UserAccount before = get(userId);
        if (!enabled && CurrentUser.find().map(u -> u.id() == userId).orElse(false)) {
            throw new InvalidRequestException("enabled", "You cannot disable your own account");
        }
        if (users.bumpVersion(userId, expectedVersion) == 0) throw new StaleVersionException("User " + before.username(), expectedVersion);
        users.setEnabled(userId, enabled);
        tokenCache.forgetUser(userId); // a disabled user's API tokens stop at once
        if (!enabled) RoleService.requireSomeoneCanEditRoles(roleTable, "enabled");
        audit.record(adminChange("User", userId, (enabled ? "enabled " : "disabled ") + before.username()));
        return get(userId);
    }

    @Transactional
    public UserAccount unlock(long userId) {
        return unlockAs(userId, Actor.current());
    }

    @Transactional
    public UserAccount unlockAs(long userId, Actor actor) {
        UserAccount before = get(userId);
        users.unlock(userId);
        audit.record(adminChange("User", userId, "unlocked " + before.username()), actor);
        return get(userId);
    }

    @Transactional
    public void resetPassword(long userId, String newPassword, Actor actor) {
        UserAccount before = get(userId);
        checkPassword(newPassword);
        users.setPassword(userId, encoder.encode(newPassword));
        users.unlock(userId);
        audit.record(adminChange("User", userId, "password of " + before.username() + " set"), actor);
    }

    /** Result of a password check at login, with the account state the login needs. */
    public sealed interface LoginResult permits LoginResult.Ok, LoginResult.Refused {
        record Ok(CurrentUser user) implements LoginResult {}
        record Refused(String reason, boolean locked) implements LoginResult {}
    }

    /** Checks a password, counts failures, locks after too many. Audits the attempt. */
    @Transactional(noRollbackFor = RuntimeException.class)
    public LoginResult login(String username, String password) {
        Instant now = clock.instant();
        var found = users.credentials(username == null ? "" : username);
        if (found.isEmpty()) {
            encoder.matches(password == null ? "" : password, DUMMY_HASH.get(encoder)); // same time as a real check
            audit.record(loginFailed("no such user"), Actor.claiming(username));
            return new LoginResult.Refused("bad-credentials", false);
        }
        var c = found.get();
        if (!c.enabled()) {
            audit.record(loginFailed("account disabled"), Actor.claiming(username));
            return new LoginResult.Refused("disabled", false);
        }
        if (c.lockedUntil() != null && c.lockedUntil().isAfter(now)) {
            audit.record(loginFailed("account locked"), Actor.claiming(username));
            return new LoginResult.Refused("locked", true);
        }
        if (password == null || !encoder.matches(password, c.passwordHash())) {
            int attempts = c.failedAttempts() + 1;
            var sec = properties.security();
            Instant lockUntil = attempts >= sec.lockoutAttempts() ? now.plus(sec.lockoutDuration()) : null;
            users.recordFailure(c.id(), lockUntil == null ? attempts : 0, lockUntil);
            audit.record(loginFailed(lockUntil == null ? "wrong password" : "wrong password; account locked until " + lockUntil),
                    Actor.claiming(username));
            return new LoginResult.Refused(lockUntil == null ? "bad-credentials" : "locked", lockUntil != null);
        }
        users.recordSuccess(c.id(), now);
        return new LoginResult.Ok(new CurrentUser(c.id(), c.username(), c.displayName(), users.roles(c.id()), c.demo(), null));
    }

    /** Loads a user for an API token or a refreshed session. */
    public java.util.Optional<CurrentUser> currentUser(long userId, Long tokenId) {
        return users.find(userId).filter(UserAccount::enabled)
                .map(a -> new CurrentUser(a.id(), a.username(), a.displayName(), a.roles(), a.demo(), tokenId));
    }

    boolean mfaRequired(CurrentUser user) {
        return properties.security().mfaEnforced() && !user.demo() && users.mfaRequiredByRole(user.id());
    }

    private Set<String> knownRoles() {
        Set<String> s = new TreeSet<>();
        permissions.roles().forEach(r -> s.add(r.code()));
        return s;
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new InvalidRequestException("password", "Password must be at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.length() > 128) {
            throw new InvalidRequestException("password", "Password must be at most 128 characters");
        }
    }

    static AuditEntry adminChange(String type, Object id, String detail) {
        return AuditEntry.of(AuditAction.ADMIN_CHANGE, DataCategory.SECURITY, AuditOutcome.SUCCESS)
                .withResource(type, id).withDetail(detail);
    }

    private static AuditEntry loginFailed(String why) {
        return AuditEntry.of(AuditAction.LOGIN_FAILED, DataCategory.SECURITY, AuditOutcome.DENIED).withDetail(why);
    }

    /** A real hash of a random password, computed once, so unknown usernames cost as much as known ones. */
    private static final class DUMMY_HASH {
        private static volatile String value;

        static String get(PasswordEncoder encoder) {
            if (value == null) value = encoder.encode(java.util.UUID.randomUUID().toString());
            return value;
        }
    }
}
