package org.chartkeeper.interop.fhir;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON transaction Bundle as received, split before HAPI parses it: every entry but the patients, encounters, notes
 * and practitioners (nine in ten of a Synthea record) is taken out and handed to the import as JSON (the clinical
 * data kept as received, OutsideDataService.TYPES, and what is answered as not kept), and HAPI parses only the rest.
 * Parsing a whole record into HAPI's model was half the import's time; the resources taken out are checked against the R4 definitions
 * ({@link OutsideResources#check}) instead, so bad input is still refused, naming the element.
 *
 * @param size      the number of entries received
 * @param parsedAt  for each entry HAPI parsed (in its order), its index in the Bundle as received
 * @param keptAt    the indices of the entries taken out
 * @param entries   every entry as received
 */
record ReceivedBundle(int size, int[] parsedAt, List<Integer> keptAt, ArrayNode entries) {

    static final String ATTRIBUTE = ReceivedBundle.class.getName();
    /** The FHIR body limit (web.RequestSizeLimit refuses a larger Content-Length before this filter runs). */
    private static final long MAX_BODY = 128L * 1024 * 1024;
    /** What the import reads through HAPI's model; every other entry is taken out (kept as received, or answered). */
    static final java.util.Set<String> PARSED = java.util.Set.of("Patient", "Encounter", "Practitioner",
            "DocumentReference");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The received index of the {@code i}-th entry HAPI parsed. */
    int received(int parsed) {
        return parsedAt[parsed];
    }

    /** Splits {@code POST /fhir} transaction Bundles in JSON; every other request passes untouched. */
    static class Filter extends OncePerRequestFilter {

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            String type = request.getContentType();
            return !"POST".equals(request.getMethod()) || !(path.equals("/fhir") || path.equals("/fhir/"))
                    || type == null || !type.toLowerCase(Locale.ROOT).contains("json");
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            // at most the FHIR body limit, also when the client sent no Content-Length (chunked)
            byte[] body = request.getInputStream().readNBytes((int) MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                response.setStatus(413);
                response.setContentType("application/fhir+json;charset=UTF-8");
                response.getWriter().write("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                        + "\"code\":\"too-costly\",\"diagnostics\":\"The request body is larger than " + MAX_BODY
                        + " bytes\"}]}");
                return;
            }
            byte[] forHapi = body;
            try {
                JsonNode root = JSON.readTree(body);
                ReceivedBundle split = split(root);
                if (split != null) {
                    ObjectNode rest = JSON.createObjectNode();
                    root.properties().forEach(p -> {
                        if (!p.getKey().equals("entry")) rest.set(p.getKey(), p.getValue());
                    });
                    ArrayNode parsed = rest.putArray("entry");
                    for (int i : split.parsedAt()) parsed.add(split.entries().get(i));
                    forHapi = JSON.writeValueAsBytes(rest);
                    request.setAttribute(ATTRIBUTE, split);
                }
            } catch (RuntimeException notJson) {
                // HAPI parses it as received and answers what is wrong with it
            }
            chain.doFilter(new Body(request, forHapi), response);
        }

        /** The split of a transaction Bundle with entries to take out, or null. */
        static ReceivedBundle split(JsonNode root) {
            if (!(root instanceof ObjectNode) || !"Bundle".equals(root.path("resourceType").asString(""))
                    || !"transaction".equals(root.path("type").asString(""))
                    || !(root.get("entry") instanceof ArrayNode entries)) {
                return null;
            }
            List<Integer> parsed = new ArrayList<>();
            List<Integer> kept = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                JsonNode resource = entries.get(i).get("resource");
                boolean keep = resource instanceof ObjectNode
                        && !PARSED.contains(resource.path("resourceType").asString(""));
                (keep ? kept : parsed).add(i);
            }
            if (kept.isEmpty()) return null;
            return new ReceivedBundle(entries.size(), parsed.stream().mapToInt(Integer::intValue).toArray(), kept,
                    entries);
        }
    }

    /** The request with the body HAPI is to parse. */
    private static final class Body extends HttpServletRequestWrapper {
        private final byte[] body;

        Body(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    try { // the whole body is in memory: all of it is available at once
                        listener.onDataAvailable();
                        listener.onAllDataRead();
                    } catch (IOException e) {
                        listener.onError(e);
                    }
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public String getHeader(String name) {
            return "content-length".equalsIgnoreCase(name) ? Integer.toString(body.length) : super.getHeader(name);
        }
    }
}
