package org.chartkeeper.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

import org.chartkeeper.ChartkeeperProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses oversized requests before anything reads them: 413 with a problem detail naming the limit. Only the upload
 * endpoints (multipart requests to an address ending in {@code /uploads}: documents and scanned batches; and the
 * code-set imports, whose CMS files are a few MB) may be larger, up to {@code chartkeeper.record.max-upload};
 * spring.servlet.multipart.* holds requests without a length to the same limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeLimit extends OncePerRequestFilter {

    static final String UPLOAD_SUFFIX = "/uploads";
    /** Upload endpoints named before the {@code /uploads} convention. */
    static final java.util.Set<String> UPLOAD_PATHS = java.util.Set.of("/api/code-sets", "/admin/code-sets");

    static final long MAX_BODY = 1024 * 1024;
    /** FHIR transaction bundles carry thousands of patients (a 1,000-Patient bundle is about 1 MB). */
    static final long MAX_FHIR_BODY = 128L * 1024 * 1024; // a Synthea patient with a long history is 50 MB

    private final long maxUpload;

    RequestSizeLimit(ChartkeeperProperties properties) {
        this.maxUpload = properties.record().maxUpload().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType();
        boolean multipart = type != null && type.toLowerCase().startsWith("multipart/");
        String uri = request.getRequestURI();
        String path = uri.substring(request.getContextPath().length());
        boolean upload = path.endsWith(UPLOAD_SUFFIX) || UPLOAD_PATHS.contains(path);
        long limit = multipart && upload ? maxUpload
                : uri.startsWith(request.getContextPath() + "/fhir") ? MAX_FHIR_BODY : MAX_BODY;
        if (request.getContentLengthLong() > limit) {
            ProblemJson.write(response, 413, "Request too large",
                    "The request body is " + request.getContentLengthLong() + " bytes; the limit is " + limit + " bytes",
                    request.getRequestURI());
            return;
        }
        if (request.getRequestURI().length() > 2048) {
            ProblemJson.write(response, 414, "URI too long", "The address is longer than 2048 characters", null);
            return;
        }
        chain.doFilter(request, response);
    }
}
