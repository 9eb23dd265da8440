package org.chartkeeper.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Fetches a stored letter's PDF over HTTP (as a demo user's token) and returns its extracted text. */
final class StoredLetters {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private StoredLetters() {}

    static String text(int port, String username, long letterId) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/roi/letters/" + letterId + "/pdf")).header("Authorization", "Bearer demo-" + username).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
        return AccountingLetterTest.text(r.body()).replaceAll("\\s+", " ");
    }
}
