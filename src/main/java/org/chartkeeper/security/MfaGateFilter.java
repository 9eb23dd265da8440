package org.chartkeeper.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * After the password, before the second factor: the session may reach only the MFA pages, logout and static files.
 */
class MfaGateFilter extends OncePerRequestFilter {

    static final String PENDING = "chartkeeper.mfa.pending";
    static final String VERIFY = "verify";
    static final String ENROL = "enrol";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        Object pending = session == null ? null : session.getAttribute(PENDING);
        if (pending != null && !allowed(request.getRequestURI().substring(request.getContextPath().length()))) {
            response.sendRedirect(request.getContextPath() + (ENROL.equals(pending) ? "/mfa/enroll" : "/mfa/verify"));
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean allowed(String path) {
        return path.startsWith("/mfa/") || path.equals("/logout") || path.startsWith("/css/") || path.startsWith("/js/")
                || path.startsWith("/webjars/") || path.equals("/error") || path.equals("/login");
    }
}
