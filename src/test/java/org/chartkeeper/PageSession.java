package org.chartkeeper;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A signed-in browser-like session over real HTTP: cookies, form login, CSRF tokens taken from each page. */
public final class PageSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" (?:th:)?(?:value|content)=\"([^\"]+)\"|<meta name=\"_csrf\" content=\"([^\"]+)\"");

    private final int port;
    private final HttpClient client;
    private String csrf;

    private PageSession(int port) {
        this.port = port;
        this.client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Signs in with the demo password; fails the test if the login does not land on the home page. */
    public static PageSession login(int port, String username) {
        return login(port, username, "chartkeeper-demo");
    }

    public static PageSession login(int port, String username, String password) {
        PageSession s = new PageSession(port);
        s.get("/login");
        HttpResponse<String> r = s.postForm("/login", Map.of("username", username, "password", password));
        String location = r.headers().firstValue("Location").orElse("");
        if (r.statusCode() != 302 || location.contains("/login")) {
            throw new AssertionError("Login as " + username + " failed: " + r.statusCode() + " -> " + location);
        }
        return s;
    }

    /** A session that has not signed in (for testing the login page itself). */
    public static PageSession anonymous(int port) {
        return new PageSession(port);
    }

    public HttpResponse<String> get(String path) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path)).GET().build());
        remember(r.body());
        return r;
    }

    /** Posts a form with the session's current CSRF token added. */
    public HttpResponse<String> postForm(String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (csrf != null) all.putIfAbsent("_csrf", csrf);
        String body = all.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        remember(r.body());
        return r;
    }

    /** Posts a multipart form (an upload) with the session's current CSRF token added as a field. */
    public HttpResponse<String> postMultipart(String path, Multipart form) {
        if (csrf != null) form.field("_csrf", csrf);
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path)).header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes())).build());
        remember(r.body());
        return r;
    }

    /** Posts a form exactly as given, with no CSRF token added (to test that forgeries are refused). */
    public HttpResponse<String> postFormWithoutCsrf(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Follows one redirect (after a POST) and returns the page it leads to. */
    public HttpResponse<String> follow(HttpResponse<String> redirect) {
        String location = redirect.headers().firstValue("Location").orElseThrow(() -> new AssertionError("Not a redirect: " + redirect.statusCode()));
        return get(URI.create("http://localhost:" + port).resolve(location).getPath());
    }

    private void remember(String body) {
        if (body == null) return;
        Matcher m = CSRF.matcher(body);
        if (m.find()) csrf = m.group(1) != null ? m.group(1) : m.group(2);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
