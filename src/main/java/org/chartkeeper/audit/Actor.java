package org.chartkeeper.audit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.chartkeeper.security.CurrentUser;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Who did it and from where. The session is recorded as a one-way reference (a session id is a credential); a
 * request made with an API token records the token's id instead.
 */
public record Actor(Long userId, String username, String roles, String sourceAddress, String sessionRef) {

    /** The signed-in user of the current request, or "anonymous" with the request's address. */
    public static Actor current() {
        HttpServletRequest request = currentRequest();
        return CurrentUser.find()
                .map(u -> new Actor(u.id(), u.username(), u.rolesText(), address(request), sessionRef(request, u)))
                .orElseGet(() -> new Actor(null, null, null, address(request), sessionRef(request, null)));
    }

    /** Someone not yet signed in (a login attempt) who gave this username. */
    public static Actor claiming(String username) {
        HttpServletRequest request = currentRequest();
        return new Actor(null, username, null, address(request), sessionRef(request, null));
    }

    public static Actor of(CurrentUser u) {
        HttpServletRequest request = currentRequest();
        return new Actor(u.id(), u.username(), u.rolesText(), address(request), sessionRef(request, u));
    }

    /** A command run on the server itself (CLI, background job). */
    public static Actor system(String name) {
        return new Actor(null, name, "system", "localhost", null);
    }

    private static HttpServletRequest currentRequest() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs) {
            return attrs.getRequest();
        }
        return null;
    }

    private static String address(HttpServletRequest request) {
        return request == null ? "localhost" : request.getRemoteAddr();
    }

    private static String sessionRef(HttpServletRequest request, CurrentUser user) {
        if (user != null && user.tokenId() != null) return "token:" + user.tokenId();
        if (request == null) return null;
        HttpSession session = request.getSession(false);
        if (session == null) return null;
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(session.getId().getBytes(StandardCharsets.UTF_8));
            return "session:" + HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
