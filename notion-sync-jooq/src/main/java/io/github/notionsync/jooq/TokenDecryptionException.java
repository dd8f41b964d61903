package io.github.notionsync.jooq;

import io.github.notionsync.NotionSyncException;
import java.util.UUID;

/**
 * The stored Notion token of a connection cannot be decrypted: its key is not configured, the
 * configured key is not the one it was encrypted with, or the row was altered or copied from
 * another connection or user. The message names the connection, user and key id, never the
 * token or a key.
 */
public final class TokenDecryptionException extends NotionSyncException {

    private static final long serialVersionUID = 1L;

    private final String userId;
    private final UUID connectionId;
    private final String keyId;

    /**
     * @param userId the user the row belongs to
     * @param connectionId the connection
     * @param keyId the id of the key the row says it was encrypted with
     * @param reason why it does not decrypt
     */
    public TokenDecryptionException(String userId, UUID connectionId, String keyId, String reason) {
        super("Cannot decrypt the Notion token of connection " + connectionId + " of user " + userId + ": " + reason);
        this.userId = userId;
        this.connectionId = connectionId;
        this.keyId = keyId;
    }

    /** The user the connection belongs to. */
    public String userId() {
        return userId;
    }

    /** The connection. */
    public UUID connectionId() {
        return connectionId;
    }

    /** The id of the key the row was encrypted with. */
    public String keyId() {
        return keyId;
    }
}
