package io.github.notionsync.jooq;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys that encrypt Notion tokens at rest in {@code notion_sync_connections}: AES-256-GCM
 * with a random 12-byte nonce per encryption and a 128-bit authentication tag. The connection id
 * and user id are authenticated with each token, so a ciphertext moved to another row or user
 * does not decrypt.
 *
 * <p>A key is 32 random bytes in base64, for example from {@code openssl rand -base64 32} or
 * {@link #generateKey()}. Keep it in the application's secret store, never in the database.
 * New tokens are encrypted with the current key; rows written under earlier keys stay readable
 * while those keys are listed as previous keys, until
 * {@link NotionSyncConnections#reencryptTokens()} moves them to the current one.
 *
 * <p>Each key is known by its id: the first 8 bytes (hex) of HMAC-SHA256 of a fixed label under
 * the key, which identifies the key without revealing anything of it. Neither keys nor tokens
 * appear in messages, logs or {@link #toString()}.
 */
public final class TokenEncryptionKeys {

    /** Bytes of a key (AES-256). */
    public static final int KEY_BYTES = 32;

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String AAD_PREFIX = "notion-sync connection token v1|";
    private static final byte[] KEY_ID_LABEL = "notion-sync token key id".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String currentKeyId;
    private final Map<String, SecretKeySpec> keys;

    private TokenEncryptionKeys(String currentKeyId, Map<String, SecretKeySpec> keys) {
        this.currentKeyId = currentKeyId;
        this.keys = keys;
    }

    /**
     * Keys with only a current key.
     *
     * @param currentKey 32 bytes in base64
     * @throws IllegalArgumentException if it is not one (the message never contains the key)
     */
    public static TokenEncryptionKeys of(String currentKey) {
        return of(currentKey, List.of());
    }

    /**
     * Keys with a current key, which encrypts, and previous keys, which still decrypt the rows
     * written under them.
     *
     * @param currentKey 32 bytes in base64
     * @param previousKeys earlier keys, 32 bytes in base64 each
     * @throws IllegalArgumentException naming the key at fault (never its value)
     */
    public static TokenEncryptionKeys of(String currentKey, Collection<String> previousKeys) {
        Objects.requireNonNull(previousKeys, "previousKeys");
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        SecretKeySpec current = decode(currentKey, "The current token encryption key");
        String currentId = keyId(current);
        keys.put(currentId, current);
        int i = 0;
        for (String previous : previousKeys) {
            SecretKeySpec key = decode(previous, "Previous token encryption key [" + i++ + "]");
            keys.putIfAbsent(keyId(key), key);
        }
        return new TokenEncryptionKeys(currentId, Collections.unmodifiableMap(keys));
    }

    /** A new random key, 32 bytes in base64. */
    public static String generateKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** The id of the key new tokens are encrypted with. */
    public String currentKeyId() {
        return currentKeyId;
    }

    /** The ids of every key that decrypts, the current one first. */
    public List<String> keyIds() {
        return List.copyOf(keys.keySet());
    }

    @Override
    public String toString() {
        return "TokenEncryptionKeys[current " + currentKeyId + ", " + (keys.size() - 1) + " previous]";
    }

    /** Encrypts a token for one connection of one user with the current key. */
    SealedToken seal(UUID connectionId, String userId, String token) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), nonce, connectionId, userId);
            return new SealedToken(currentKeyId, nonce, cipher.doFinal(token.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM: " + e.getMessage(), e);
        }
    }

    /**
     * Decrypts the token of one connection of one user.
     *
     * @throws TokenDecryptionException if the key is not configured, or the ciphertext does not
     *     authenticate (wrong key, altered row, or a row copied from another connection or user)
     */
    String open(UUID connectionId, String userId, SealedToken sealed) {
        SecretKeySpec key = keys.get(sealed.keyId());
        if (key == null) {
            throw new TokenDecryptionException(userId, connectionId, sealed.keyId(), "it was encrypted with key "
                    + sealed.keyId() + ", which is not configured (configured: " + keys.keySet() + "); add that key"
                    + " to the previous token encryption keys");
        }
        if (sealed.nonce().length != NONCE_BYTES) {
            throw new TokenDecryptionException(userId, connectionId, sealed.keyId(), "its nonce is "
                    + sealed.nonce().length + " bytes instead of " + NONCE_BYTES + " (the row was altered)");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, sealed.nonce(), connectionId, userId);
            return new String(cipher.doFinal(sealed.ciphertext()), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new TokenDecryptionException(userId, connectionId, sealed.keyId(), "the ciphertext does not"
                    + " authenticate under key " + sealed.keyId() + ": the key is wrong, or the row was altered or"
                    + " copied from another connection or user");
        } catch (GeneralSecurityException e) {
            throw new TokenDecryptionException(userId, connectionId, sealed.keyId(), "AES-256-GCM failed: "
                    + e.getClass().getSimpleName());
        }
    }

    private static Cipher cipher(int mode, SecretKeySpec key, byte[] nonce, UUID connectionId, String userId)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        // The id has a fixed length, so the user id after it cannot be confused with a part of it.
        cipher.updateAAD((AAD_PREFIX + connectionId + '|' + userId).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static SecretKeySpec decode(String base64, String which) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalArgumentException(which + " is missing: set it to " + KEY_BYTES
                    + " random bytes in base64, e.g. from `openssl rand -base64 32`");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException notBase64) {
            try {
                key = Base64.getUrlDecoder().decode(base64.strip());
            } catch (IllegalArgumentException notBase64Url) {
                // The decoder's message quotes a character of the key: leave it out.
                throw new IllegalArgumentException(which + " is not valid base64; it must be " + KEY_BYTES
                        + " random bytes in base64, e.g. from `openssl rand -base64 32`");
            }
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException(which + " must be " + KEY_BYTES + " bytes (AES-256) in base64, but"
                    + " it decodes to " + key.length + " bytes; e.g. `openssl rand -base64 32` makes one");
        }
        boolean allSame = true;
        for (byte b : key) {
            allSame &= b == key[0];
        }
        if (allSame) {
            throw new IllegalArgumentException(which + " is one byte repeated, a placeholder rather than a key;"
                    + " use " + KEY_BYTES + " random bytes, e.g. from `openssl rand -base64 32`");
        }
        return new SecretKeySpec(key, "AES");
    }

    private static String keyId(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            byte[] digest = mac.doFinal(KEY_ID_LABEL);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM: " + e.getMessage(), e);
        }
    }

    /** A token encrypted for one connection: the key's id, the nonce, and ciphertext with tag. */
    record SealedToken(String keyId, byte[] nonce, byte[] ciphertext) {
    }
}
