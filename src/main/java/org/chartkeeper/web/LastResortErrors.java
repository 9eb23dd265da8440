package org.chartkeeper.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Catches what escapes every other handler (a failure inside a security filter, say) so that it is logged through
 * {@link IncidentLog}, without messages that could hold patient data, and the client gets a plain 500.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class LastResortErrors extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException e) {
            String incident = IncidentLog.record(request.getMethod(), request.getRequestURI(), e);
            if (response.isCommitted()) return;
            response.reset();
            boolean refusedForAudit = hasCause(e, org.chartkeeper.audit.AuditUnavailableException.class);
            int status = refusedForAudit ? 503 : 500;
            String detail = refusedForAudit ? "The audit trail could not record this access, so it was refused. Incident " + incident + "."
                    : "Something went wrong on our side. Nothing was changed. Incident " + incident + ".";
            ProblemJson.write(response, status, refusedForAudit ? "Audit trail unavailable" : "Internal error", detail,
                    request.getRequestURI());
        }
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) if (type.isInstance(t)) return true;
        return false;
    }
}
