package org.chartkeeper.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.web.ProblemJson;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.AuditEntry;
import org.chartkeeper.audit.AuditOutcome;
import org.chartkeeper.audit.AuditService;
import org.chartkeeper.audit.DataCategory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Two filter chains: the API ({@code /api/**}, {@code /fhir/**}) with bearer tokens and problem-detail errors, and
 * the pages with form login, CSRF, MFA and database-backed sessions. Every URL is mapped to a permission here; what
 * is not mapped is refused.
 */
@Configuration
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
public class SecurityConfig {

    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
            + " object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    private static final Pattern PATIENT_PATH = Pattern.compile("/(?:api/)?patients/(\\d+)");

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, ApiTokenService tokens, AuditService audit,
                                 PermissionService permissions) throws Exception {
        var matcher = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(request -> matcher.matcher("/api/**").matches(request)
                        || matcher.matcher("/fhir/**").matches(request))
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable())
                .addFilterBefore(new ApiTokenFilter(tokens, audit), BasicAuthenticationFilter.class)
                .headers(this::headers)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> {
                            res.setHeader("WWW-Authenticate", "Bearer");
                            ProblemJson.write(res, 401, "Unauthorized",
                                    "Send an API token as 'Authorization: Bearer <token>'", req.getRequestURI());
                        })
                        .accessDeniedHandler(deniedHandler(audit, true)))
                .authorizeHttpRequests(a -> {
                    a.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    a.requestMatchers(matcher.matcher(HttpMethod.POST, "/api/patients/search")).access(perm(permissions, Permissions.PATIENT_SEARCH));
                    a.requestMatchers(matcher.matcher("/api/patients/{id}/access-report")).access(perm(permissions, Permissions.AUDIT_READ));
                    // the legal health record: reading needs document.read; writing, signing and indexing are checked
                    // per patient by the AccessGate with document.write, document.sign and document.index
                    a.requestMatchers(matcher.matcher("/api/patients/{id}/documents/**")).access(perm(permissions, Permissions.DOCUMENT_READ));
                    a.requestMatchers(matcher.matcher("/api/documents/**")).access(perm(permissions, Permissions.DOCUMENT_READ));
                    a.requestMatchers(matcher.matcher(HttpMethod.GET, "/api/document-types")).access(perm(permissions, Permissions.DOCUMENT_READ));
                    a.requestMatchers(matcher.matcher("/api/document-types/**")).access(perm(permissions, Permissions.DOCUMENT_TYPES));
                    a.requestMatchers(matcher.matcher("/api/scan-batches/**")).access(perm(permissions, Permissions.DOCUMENT_INDEX));
                    a.requestMatchers(matcher.matcher("/api/record/destruction")).access(perm(permissions, "record.destroy"));
                    // the destruction list and the certificates: document.index or record.destroy (the service decides)
                    a.requestMatchers(matcher.matcher("/api/record/**")).authenticated();
                    a.requestMatchers(matcher.matcher("/api/patients/**")).authenticated(); // the AccessGate decides per patient
                    // patient index: the KPI shows counts only; listing candidates needs patient.read; scans, jobs,
                    // merges, unmerges and duplicate decisions need patient.merge
                    a.requestMatchers(matcher.matcher(HttpMethod.GET, "/api/mpi/kpi")).access(perm(permissions, Permissions.PATIENT_SEARCH));
                    a.requestMatchers(matcher.matcher(HttpMethod.GET, "/api/mpi/duplicates")).access(perm(permissions, Permissions.PATIENT_READ));
                    a.requestMatchers(matcher.matcher("/api/mpi/**")).access(perm(permissions, "patient.merge"));
                    // chart completion: a provider's own queue and notices need completion.own; one deficiency or
                    // notice is decided by the service (its provider, or completion.read); changes need completion.manage
                    a.requestMatchers(matcher.matcher("/api/completion/deficiencies/mine"), matcher.matcher("/api/completion/notices/mine")).access(perm(permissions, "completion.own"));
                    a.requestMatchers(matcher.matcher(HttpMethod.GET, "/api/completion/deficiencies/{deficiencyId}")).authenticated();
                    a.requestMatchers(matcher.matcher(HttpMethod.GET, "/api/completion/rules")).authenticated();
                    a.requestMatchers(matcher.matcher("/api/completion/rules/**")).access(perm(permissions, "completion.rules"));
                    a.requestMatchers(matcher.matcher(HttpMethod.POST, "/api/completion/**")).access(perm(permissions, "completion.manage"));
                    a.requestMatchers(matcher.matcher("/api/completion/**")).access(perm(permissions, "completion.read"));
                    a.requestMatchers(matcher.matcher("/api/work-items/**")).access(perm(permissions, Permissions.WORKQUEUE_WORK));
                    // release of information: agency suspensions of an accounting need roi.manage, the rest roi.work
                    a.requestMatchers(matcher.matcher("/api/disclosures/patients/{id}/suspensions")).access(perm(permissions, Permissions.ROI_MANAGE));
                    a.requestMatchers(matcher.matcher("/api/disclosures/**")).access(perm(permissions, Permissions.ROI_WORK));
                    a.requestMatchers(matcher.matcher(HttpMethod.POST, "/api/roi/amendments/{id}/decision")).access(perm(permissions, "amendment.decide"));
                    a.requestMatchers(matcher.matcher("/api/roi/**")).access(perm(permissions, Permissions.ROI_WORK));
                    a.requestMatchers(matcher.matcher("/api/break-glass/**")).access(perm(permissions, Permissions.BREAKGLASS_USE));
                    a.requestMatchers(matcher.matcher("/api/audit/verify")).access(perm(permissions, Permissions.AUDIT_VERIFY));
                    a.requestMatchers(matcher.matcher("/api/audit/settings/**")).access(perm(permissions, Permissions.AUDIT_SETTINGS));
                    a.requestMatchers(matcher.matcher("/api/audit/**")).access(perm(permissions, Permissions.AUDIT_READ));
                    // code sets are reference data: searching needs code.search, importing codeset.manage
                    a.requestMatchers(matcher.matcher("/api/codes/**")).access(perm(permissions, Permissions.CODE_SEARCH));
                    // an encounter's coding: reading is for whoever may open the chart (the AccessGate decides),
                    // changing it needs coding.write as well
                    a.requestMatchers(matcher.matcher(HttpMethod.GET, "/api/encounters/{id}/coding")).authenticated();
                    a.requestMatchers(matcher.matcher(HttpMethod.GET, "/api/encounters/{id}/coding/**")).authenticated();
                    a.requestMatchers(matcher.matcher("/api/encounters/{id}/coding/**")).access(perm(permissions, Permissions.CODING_WRITE));
                    // the coding queue, quality review and reports: reading needs coding.read; a reviewer submits with
                    // coding.review; assigning needs coding.write (oneself) or coding.manage; sampling rates coding.manage
                    a.requestMatchers(matcher.matcher(HttpMethod.PUT, "/api/coding/reviews/**")).access(perm(permissions, "coding.review"));
                    a.requestMatchers(matcher.matcher(HttpMethod.PUT, "/api/coding/queue/**"))
                            .access(anyPerm(permissions, Permissions.CODING_WRITE, "coding.manage"));
                    a.requestMatchers(matcher.matcher(HttpMethod.PUT, "/api/coding/review-rates/**")).access(perm(permissions, "coding.manage"));
                    a.requestMatchers(matcher.matcher(HttpMethod.GET, "/api/coding/**")).access(perm(permissions, "coding.read"));
                    a.requestMatchers(matcher.matcher(HttpMethod.GET, "/api/code-sets/**"))
                            .access(anyPerm(permissions, Permissions.CODE_SEARCH, Permissions.CODESET_MANAGE));
                    a.requestMatchers(matcher.matcher("/api/code-sets/**")).access(perm(permissions, Permissions.CODESET_MANAGE));
                    a.requestMatchers(matcher.matcher("/api/admin/users/**")).access(perm(permissions, Permissions.ADMIN_USERS));
                    a.requestMatchers(matcher.matcher("/api/admin/roles/**")).access(perm(permissions, Permissions.ADMIN_ROLES));
                    a.requestMatchers(matcher.matcher("/api/tokens/**")).authenticated(); // own tokens; others need admin.tokens
                    a.requestMatchers(matcher.matcher("/api/me")).authenticated();
                    a.requestMatchers(matcher.matcher("/api/queries/**"), matcher.matcher("/api/query-templates/**"))
                            .authenticated(); // physician queries: the QueryService decides by permission and addressee
                    a.requestMatchers(matcher.matcher("/fhir/**")).authenticated();
                    a.anyRequest().denyAll();
                });
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain pageChain(HttpSecurity http, AuditService audit, PermissionService permissions,
                                  MfaService mfa, UserService users) throws Exception {
        var matcher = PathPatternRequestMatcher.withDefaults();
        var success = new SavedRequestAwareAuthenticationSuccessHandler();
        success.setDefaultTargetUrl("/");
        // PasswordLoginProvider is the application's only AuthenticationProvider bean, so Spring Security's global
        // authentication manager uses it; registering it here as well would run every login twice.
        http.formLogin(f -> f.loginPage("/login").permitAll()
                        .successHandler((req, res, auth) -> {
                            CurrentUser user = (CurrentUser) auth.getPrincipal();
                            audit.record(AuditEntry.of(AuditAction.LOGIN, DataCategory.SECURITY, AuditOutcome.SUCCESS)
                                    .withDetail("password accepted"), Actor.of(user));
                            if (mfa.enrolled(user)) {
                                req.getSession().setAttribute(MfaGateFilter.PENDING, MfaGateFilter.VERIFY);
                                res.sendRedirect(req.getContextPath() + "/mfa/verify");
                            } else if (mfa.required(user)) {
                                req.getSession().setAttribute(MfaGateFilter.PENDING, MfaGateFilter.ENROL);
                                res.sendRedirect(req.getContextPath() + "/mfa/enroll");
                            } else {
                                success.onAuthenticationSuccess(req, res, auth);
                            }
                        })
                        .failureHandler((req, res, ex) -> res.sendRedirect(req.getContextPath()
                                + (ex instanceof LockedException ? "/login?locked" : "/login?error"))))
                .logout(l -> l.logoutUrl("/logout")
                        .addLogoutHandler((req, res, auth) -> {
                            if (auth != null && auth.getPrincipal() instanceof CurrentUser u) {
                                audit.record(AuditEntry.of(AuditAction.LOGOUT, DataCategory.SECURITY, AuditOutcome.SUCCESS),
                                        Actor.of(u));
                            }
                        })
                        .logoutSuccessUrl("/login?logout"))
                .sessionManagement(s -> s.invalidSessionUrl("/login?expired"))
                .addFilterAfter(new MfaGateFilter(), AnonymousAuthenticationFilter.class)
                .addFilterBefore(new SessionUserRefresh(users), MfaGateFilter.class)
                .headers(this::headers)
                .exceptionHandling(e -> e.accessDeniedHandler(deniedHandler(audit, false)))
                .authorizeHttpRequests(a -> {
                    a.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD).permitAll();
                    a.requestMatchers(matcher.matcher("/login"), matcher.matcher("/css/**"), matcher.matcher("/js/**"),
                            matcher.matcher("/webjars/**"), matcher.matcher("/favicon.ico"), matcher.matcher("/error"),
                            matcher.matcher("/actuator/health")).permitAll();
                    // a release package's secure download link: the token is the credential (FulfillmentService)
                    a.requestMatchers(matcher.matcher("/release/download/*")).permitAll();
                    a.requestMatchers(matcher.matcher("/mfa/**"), matcher.matcher("/account/**"), matcher.matcher("/"))
                            .authenticated();
                    page(a, matcher, "/patients", permissions, Permissions.PATIENT_SEARCH);
                    page(a, matcher, "/patients/search", permissions, Permissions.PATIENT_SEARCH);
                    page(a, matcher, "/patients/{id}/access-report", permissions, Permissions.AUDIT_READ);
                    page(a, matcher, "/patients/{id}/record/**", permissions, Permissions.DOCUMENT_READ);
                    a.requestMatchers(matcher.matcher("/patients/**")).authenticated(); // the AccessGate decides per patient
                    page(a, matcher, "/record/scans/**", permissions, Permissions.DOCUMENT_INDEX);
                    page(a, matcher, "/record/retention/destroy", permissions, "record.destroy");
                    // the destruction list: document.index or record.destroy (RecordService decides)
                    a.requestMatchers(matcher.matcher("/record/retention/**"), matcher.matcher("/record/retention")).authenticated();
                    page(a, matcher, "/admin/document-types/**", permissions, Permissions.DOCUMENT_TYPES);
                    page(a, matcher, "/break-glass/**", permissions, Permissions.BREAKGLASS_USE);
                    page(a, matcher, "/mpi", permissions, Permissions.PATIENT_SEARCH); // merge helper: index KPIs
                    page(a, matcher, "/completion/mine/**", permissions, "completion.own");
                    a.requestMatchers(matcher.matcher("/completion/notices/{noticeId}/**"), matcher.matcher("/completion/deficiencies/{deficiencyId}")).authenticated(); // the service decides
                    page(a, matcher, "/completion/rules/**", permissions, "completion.rules");
                    page(a, matcher, "/completion/**", permissions, "completion.read");
                    page(a, matcher, "/queues/**", permissions, Permissions.WORKQUEUE_WORK);
                    page(a, matcher, "/roi/accounting/{id}/suspensions", permissions, Permissions.ROI_MANAGE);
                    page(a, matcher, "/amendments/**", permissions, "amendment.decide"); // the author's decision page
                    page(a, matcher, "/roi", permissions, Permissions.ROI_WORK);
                    page(a, matcher, "/roi/**", permissions, Permissions.ROI_WORK);
                    page(a, matcher, "/codes/**", permissions, Permissions.CODE_SEARCH);
                    a.requestMatchers(matcher.matcher(HttpMethod.GET, "/encounters/{id}/coding")).authenticated(); // the AccessGate decides
                    a.requestMatchers(matcher.matcher(HttpMethod.GET, "/encounters/{id}/coding/documents/**")).authenticated();
                    a.requestMatchers(matcher.matcher(HttpMethod.POST, "/coding/reviews/**")).access(perm(permissions, "coding.review"));
                    a.requestMatchers(matcher.matcher(HttpMethod.POST, "/coding/queue/**"))
                            .access(anyPerm(permissions, Permissions.CODING_WRITE, "coding.manage"));
                    a.requestMatchers(matcher.matcher(HttpMethod.POST, "/coding/review-rates/**")).access(perm(permissions, "coding.manage"));
                    a.requestMatchers(matcher.matcher(HttpMethod.GET, "/coding/**")).access(perm(permissions, "coding.read"));
                    page(a, matcher, "/encounters/{id}/coding/**", permissions, Permissions.CODING_WRITE);
                    page(a, matcher, "/admin/code-sets/**", permissions, Permissions.CODESET_MANAGE);
                    a.requestMatchers(matcher.matcher("/queries/**"), matcher.matcher("/encounters/{id}/queries/**"))
                            .authenticated(); // physician queries: the QueryService decides by permission and addressee
                    page(a, matcher, "/interfaces/hl7/**", permissions, "interface.manage");
                    page(a, matcher, "/admin/users/**", permissions, Permissions.ADMIN_USERS);
                    page(a, matcher, "/admin/roles/**", permissions, Permissions.ADMIN_ROLES);
                    page(a, matcher, "/admin/tokens/**", permissions, Permissions.ADMIN_TOKENS);
                    page(a, matcher, "/admin/audit-settings/**", permissions, Permissions.AUDIT_SETTINGS);
                    page(a, matcher, "/audit/verify/**", permissions, Permissions.AUDIT_VERIFY);
                    page(a, matcher, "/audit/**", permissions, Permissions.AUDIT_READ);
                    a.anyRequest().denyAll();
                });
        return http.build();
    }

    private static void page(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry a,
                             PathPatternRequestMatcher.Builder matcher, String pattern, PermissionService permissions,
                             String permission) {
        a.requestMatchers(matcher.matcher(pattern)).access(perm(permissions, permission));
    }

    private void headers(org.springframework.security.config.annotation.web.configurers.HeadersConfigurer<HttpSecurity> h) {
        h.contentSecurityPolicy(c -> c.policyDirectives(CSP))
                .frameOptions(f -> f.deny())
                .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                .permissionsPolicyHeader(p -> p.policy("camera=(), microphone=(), geolocation=()"));
    }

    /** A permission held through the user's roles, read live so that a change on the Roles page applies at once. */
    static AuthorizationManager<RequestAuthorizationContext> perm(PermissionService permissions, String permission) {
        return (authentication, context) -> {
            var auth = authentication.get();
            return new AuthorizationDecision(auth != null && auth.getPrincipal() instanceof CurrentUser u
                    && permissions.has(u, permission));
        };
    }

    /** Either of two permissions. */
    static AuthorizationManager<RequestAuthorizationContext> anyPerm(PermissionService permissions, String one, String other) {
        return (authentication, context) -> {
            var auth = authentication.get();
            return new AuthorizationDecision(auth != null && auth.getPrincipal() instanceof CurrentUser u
                    && (permissions.has(u, one) || permissions.has(u, other)));
        };
    }

    /** Every refusal is audited: who, what they tried, and the patient when the path names one. */
    private static AccessDeniedHandler deniedHandler(AuditService audit, boolean api) {
        return (HttpServletRequest req, HttpServletResponse res, AccessDeniedException ex) -> {
            String path = req.getRequestURI().substring(req.getContextPath().length());
            Matcher m = PATIENT_PATH.matcher(path);
            Long patientId = m.lookingAt() ? Long.valueOf(m.group(1)) : null;
            audit.record(new AuditEntry(actionOf(req.getMethod()), patientId == null ? DataCategory.SECURITY
                    : DataCategory.DEMOGRAPHICS, AuditOutcome.DENIED, patientId, "Request", req.getMethod() + " " + path,
                    null, "refused: outside the user's permissions"));
            if (api) {
                ProblemJson.write(res, 403, "Forbidden", "Your role does not permit this request", path);
            } else {
                res.sendError(403);
            }
        };
    }

    static AuditAction actionOf(String method) {
        return switch (method) {
            case "POST" -> AuditAction.CREATE;
            case "PUT", "PATCH" -> AuditAction.UPDATE;
            case "DELETE" -> AuditAction.DELETE;
            default -> AuditAction.VIEW;
        };
    }

}
