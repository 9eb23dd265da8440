package org.chartkeeper.security;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.web.NoPatientData;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** User administration over JSON ({@code admin.users}). */
@RestController
@RequestMapping("/api/admin/users")
class UsersApi {

    private final UserService users;
    private final Clock clock;

    UsersApi(UserService users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    record UserJson(long id, String username, String displayName, List<String> roles, boolean enabled, boolean locked,
                    Instant lockedUntil, int failedAttempts, boolean mfaEnrolled, boolean demo, Instant createdAt,
                    Instant lastLoginAt, int version) {}

    record NewUser(String username, String displayName, String password, List<String> roles) {}

    record RolesChange(List<String> roles, Integer version) {}

    @NoPatientData
    @GetMapping
    List<UserJson> list() {
        return users.all().stream().map(this::json).toList();
    }

    @NoPatientData
    @PostMapping
    ResponseEntity<UserJson> create(@RequestBody NewUser body) {
        UserAccount a = users.create(body.username(), body.displayName(), body.password(),
                body.roles() == null ? null : new LinkedHashSet<>(body.roles()), false, Actor.current());
        return ResponseEntity.created(URI.create("/api/admin/users/" + a.id())).body(json(a));
    }

    @NoPatientData
    @GetMapping("/{userId}")
    UserJson get(@PathVariable long userId) {
        return json(users.get(userId));
    }

    @NoPatientData
    @PutMapping("/{userId}")
    UserJson setRoles(@PathVariable long userId, @RequestBody RolesChange body) {
        if (body.version() == null) throw new InvalidRequestException("version", "Give the version you last read");
        return json(users.setRoles(userId, body.roles() == null ? null : new LinkedHashSet<>(body.roles()),
                body.version()));
    }

    @NoPatientData
    @PostMapping("/{userId}/unlock")
    UserJson unlock(@PathVariable long userId) {
        return json(users.unlock(userId));
    }

    private UserJson json(UserAccount a) {
        return new UserJson(a.id(), a.username(), a.displayName(), a.roles().stream().sorted().toList(), a.enabled(),
                a.locked(clock.instant()), a.lockedUntil(), a.failedAttempts(), a.mfaEnrolled(), a.demo(),
                a.createdAt(), a.lastLoginAt(), a.version());
    }
}
