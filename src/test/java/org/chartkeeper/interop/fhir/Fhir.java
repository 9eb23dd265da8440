package org.chartkeeper.interop.fhir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.chartkeeper.Api;

/** FHIR calls over real HTTP with a bearer token (demo-&lt;username&gt;), JSON in and out. */
record Fhir(int port, String token) {

    static Fhir as(int port, String username) {
        return new Fhir(port, "demo-" + username);
    }

    HttpResponse<String> get(String path) {
        return Api.send(request(path).GET().build());
    }

    HttpResponse<String> post(String path, String json) {
        return post(path, json, null);
    }

    HttpResponse<String> post(String path, String json, String prefer) {
        HttpRequest.Builder b = request(path).header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (prefer != null) b.header("Prefer", prefer);
        return Api.send(b.build());
    }

    HttpResponse<String> get(String path, String prefer) {
        return Api.send(request(path).header("Prefer", prefer).GET().build());
    }

    HttpResponse<String> delete(String path) {
        return Api.send(request(path).DELETE().build());
    }

    /** An absolute URL the server gave (Content-Location, manifest urls), with this caller's token. */
    HttpResponse<String> getAbsolute(String url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                .header("Accept", "application/json");
        if (token != null) b.header("Authorization", "Bearer " + token);
        return Api.send(b.GET().build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir" + path))
                .timeout(Duration.ofSeconds(120)).header("Accept", "application/fhir+json");
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b;
    }

    /** A US Core-shaped Patient as JSON. Null fields are left out. */
    static String patient(String family, String given, String birthDate, String gender, String... identifiers) {
        StringBuilder b = new StringBuilder("{\"resourceType\":\"Patient\"");
        if (identifiers.length > 0) {
            b.append(",\"identifier\":[");
            for (int i = 0; i < identifiers.length; i++) {
                String[] sv = identifiers[i].split("\\|", 2);
                if (i > 0) b.append(',');
                b.append("{\"system\":\"").append(sv[0]).append("\",\"value\":\"").append(sv[1]).append("\"}");
            }
            b.append(']');
        }
        if (family != null || given != null) {
            b.append(",\"name\":[{\"use\":\"official\"");
            if (family != null) b.append(",\"family\":\"").append(family).append('"');
            if (given != null) b.append(",\"given\":[\"").append(given).append("\"]");
            b.append("}]");
        }
        if (gender != null) b.append(",\"gender\":\"").append(gender).append('"');
        if (birthDate != null) b.append(",\"birthDate\":\"").append(birthDate).append('"');
        return b.append('}').toString();
    }
}
