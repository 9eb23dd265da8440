package org.chartkeeper.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;
import org.chartkeeper.Api;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Shared by the administration tests: fresh users made through the API, and JSON reading. */
final class AdminFixtures {

    static final String PASSWORD = "correct-horse-battery";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AdminFixtures() {}

    static String uniqueName(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    static String quote(String s) {
        return JSON.writeValueAsString(s);
    }

    /** Creates a user as admin over the API and returns its JSON. */
    static JsonNode createUser(int port, String username, String... roles) {
        StringBuilder list = new StringBuilder();
        for (String r : roles) list.append(list.isEmpty() ? "" : ",").append(quote(r));
        var r = Api.as(port, "admin").post("/api/admin/users", "{\"username\":" + quote(username)
                + ",\"displayName\":\"Test " + username + "\",\"password\":\"" + PASSWORD + "\",\"roles\":[" + list + "]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    /** The field a 400 problem detail names. */
    static String field(HttpResponse<String> r) {
        return json(r).path("errors").path(0).path("field").asString();
    }
}
