package io.github.notionsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.notionsync.NotionId;
import java.util.Objects;

/**
 * A Notion user: a person or a bot.
 *
 * @param id the user id
 * @param type {@code person} or {@code bot} ({@code null} for a partial user)
 * @param name display name, or {@code null}
 * @param email a person's email when the integration may read it, else {@code null}
 * @param raw the user object as received
 */
public record NotionUser(NotionId id, String type, String name, String email, JsonNode raw) {

    public NotionUser {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(raw, "raw");
    }
}
