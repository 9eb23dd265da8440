package org.chartkeeper.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a signed-in session true to the account: on every request the user is read again (by primary key), so a
 * disabled account is signed out at once and a change of roles applies to open sessions at once, on every node.
 */
class SessionUserRefresh extends OncePerRequestFilter {

    private final UserService users;

    SessionUserRefresh(UserService users) {
        this.users = users;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        SecurityContext context = SecurityContextHolder.getContext();
        Authentication auth = context.getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof CurrentUser signedIn && signedIn.tokenId() == null) {
            Optional<CurrentUser> now = users.currentUser(signedIn.id(), null);
            if (now.isEmpty()) {
                SecurityContextHolder.clearContext();
                HttpSession session = request.getSession(false);
                if (session != null) session.invalidate();
                response.sendRedirect(request.getContextPath() + "/login?disabled");
                return;
            }
            if (!now.get().roles().equals(signedIn.roles()) || !now.get().displayName().equals(signedIn.displayName())) {
                SecurityContext refreshed = SecurityContextHolder.createEmptyContext();
                refreshed.setAuthentication(PasswordLoginProvider.authenticated(now.get()));
                SecurityContextHolder.setContext(refreshed);
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, refreshed);
                }
            }
        }
        chain.doFilter(request, response);
    }
}
