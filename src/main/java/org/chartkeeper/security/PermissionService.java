package org.chartkeeper.security;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Answers "may this user do that" from the role-to-permission table. Cached, refreshed on every change made here and
 * every 30 seconds so that a change made on another node takes effect too.
 */
@Service
public class PermissionService {

    private final JdbcClient jdbc;
    private final AtomicReference<Map<String, Set<String>>> byRole = new AtomicReference<>(Map.of());

    public PermissionService(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Scheduled(initialDelay = 30_000, fixedDelay = 30_000)
    public void refresh() {
        Map<String, Set<String>> map = new HashMap<>();
        jdbc.sql("select role_code, permission_code from role_permission")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
                .list()
                .forEach(e -> map.computeIfAbsent(e.getKey(), k -> new TreeSet<>()).add(e.getValue()));
        map.replaceAll((k, v) -> Set.copyOf(v));
        byRole.set(Map.copyOf(map));
    }

    public boolean has(CurrentUser user, String permission) {
        if (byRole.get().isEmpty()) refresh();
        Map<String, Set<String>> map = byRole.get();
        for (String role : user.roles()) {
            if (map.getOrDefault(role, Set.of()).contains(permission)) return true;
        }
        return false;
    }

    /** For the current request's user; false when nobody is signed in. */
    public boolean currentHas(String permission) {
        return CurrentUser.find().map(u -> has(u, permission)).orElse(false);
    }

    public Set<String> permissionsOf(CurrentUser user) {
        if (byRole.get().isEmpty()) refresh();
        Set<String> all = new TreeSet<>();
        user.roles().forEach(r -> all.addAll(byRole.get().getOrDefault(r, Set.of())));
        return all;
    }

    public List<RoleView> roles() {
        return jdbc.sql("select code, name, description, mfa_required, version from role order by name")
                .query((rs, n) -> new RoleView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        rs.getInt(5)))
                .list();
    }

    public List<PermissionView> permissions() {
        return jdbc.sql("select code, description from permission order by code")
                .query((rs, n) -> new PermissionView(rs.getString(1), rs.getString(2)))
                .list();
    }

    public Map<String, Set<String>> grants() {
        if (byRole.get().isEmpty()) refresh();
        return byRole.get();
    }

    public record RoleView(String code, String name, String description, boolean mfaRequired, int version) {}

    public record PermissionView(String code, String description) {}
}
