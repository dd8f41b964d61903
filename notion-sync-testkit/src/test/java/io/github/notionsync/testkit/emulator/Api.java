package io.github.notionsync.testkit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny Notion client for the tests: real HTTP with java.net.http. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String V2022 = "2022-06-28";
    static final String V2025 = "2025-09-03";
    static final String V2026 = "2026-03-11";

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final String token;
    private final String version;

    Api(NotionEmulator emulator, String token, String version) {
        this(emulator.baseUrl(), token, version);
    }

    Api(URI base, String token, String version) {
        this.base = base;
        this.token = token;
        this.version = version;
    }

    Api version(String v) {
        return new Api(base, token, v);
    }

    Api token(String t) {
        return new Api(base, t, version);
    }

    /** A response: status, headers and the parsed body. */
    record Response(int status, HttpResponse<String> raw, JsonNode body) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    Response post(String path, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response post(String path, Object body) {
        try {
            return post(path, JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Response patch(String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(body instanceof String s ? s
                            : JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Response delete(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
    }

    HttpResponse<String> raw(HttpRequest.Builder builder) throws IOException, InterruptedException {
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (version != null) {
            builder.header("Notion-Version", version);
        }
        return CLIENT.send(builder.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> r = raw(builder);
            JsonNode body = r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")
                    ? JSON.readTree(r.body()) : null;
            return new Response(r.statusCode(), r, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
