package org.chartkeeper.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.web.ProblemJson;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.AuditEntry;
import org.chartkeeper.audit.AuditOutcome;
import org.chartkeeper.audit.AuditService;
import org.chartkeeper.audit.DataCategory;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** {@code Authorization: Bearer <token>} on /api and /fhir. A wrong token is refused with 401 and audited. */
class ApiTokenFilter extends OncePerRequestFilter {

    private final ApiTokenService tokens;
    private final AuditService audit;

    ApiTokenFilter(ApiTokenService tokens, AuditService audit) {
        this.tokens = tokens;
        this.audit = audit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            var user = tokens.authenticate(header.substring(7).strip());
            if (user.isEmpty()) {
                audit.record(AuditEntry.of(AuditAction.LOGIN_FAILED, DataCategory.SECURITY, AuditOutcome.DENIED)
                        .withDetail("invalid, expired or revoked API token").withResource("Request", request.getRequestURI()),
                        Actor.claiming(null));
                response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                ProblemJson.write(response, 401, "Unauthorized",
                        "The API token is invalid, expired or revoked", request.getRequestURI());
                return;
            }
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(PasswordLoginProvider.authenticated(user.get()));
            SecurityContextHolder.setContext(context);
        }
        chain.doFilter(request, response);
    }
}
