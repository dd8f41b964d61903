package io.github.notionsync.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.notionsync.jooq.TokenEncryptionKeys.SealedToken;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TokenEncryptionKeysTest {

    private static final String TOKEN = "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";
    private static final UUID CONNECTION = UUID.fromString("0b6f5f34-8a55-4a43-9d1b-2f1c4f9b7e21");

    private final String key = TokenEncryptionKeys.generateKey();
    private final TokenEncryptionKeys keys = TokenEncryptionKeys.of(key);

    @Test
    void sealsWithAFreshNonceAndOpensBackToTheToken() {
        SealedToken a = keys.seal(CONNECTION, "user-1", TOKEN);
        SealedToken b = keys.seal(CONNECTION, "user-1", TOKEN);
        assertThat(a.nonce()).hasSize(12).isNotEqualTo(b.nonce());
        assertThat(a.ciphertext()).hasSize(TOKEN.length() + 16).isNotEqualTo(b.ciphertext());
        assertThat(new String(a.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("ntn_");
        assertThat(a.keyId()).isEqualTo(keys.currentKeyId()).matches("[0-9a-f]{16}");
        assertThat(keys.open(CONNECTION, "user-1", a)).isEqualTo(TOKEN);
        assertThat(keys.open(CONNECTION, "user-1", b)).isEqualTo(TOKEN);
    }

    @Test
    void theCiphertextIsBoundToItsUserAndConnection() {
        SealedToken sealed = keys.seal(CONNECTION, "user-1", TOKEN);
        assertThatThrownBy(() -> keys.open(CONNECTION, "user-2", sealed))
                .isInstanceOf(TokenDecryptionException.class)
                .hasMessageContaining("user user-2")
                .hasMessageContaining("copied from another connection or user")
                .message().doesNotContain(TOKEN).doesNotContain(key);
        assertThatThrownBy(() -> keys.open(UUID.randomUUID(), "user-1", sealed))
                .isInstanceOf(TokenDecryptionException.class);
    }

    @Test
    void aWrongKeyOrAnAlteredByteFailsWithoutSayingTheToken() {
        SealedToken sealed = keys.seal(CONNECTION, "user-1", TOKEN);
        TokenEncryptionKeys otherKeys = TokenEncryptionKeys.of(TokenEncryptionKeys.generateKey());
        // A row relabelled with the other key's id: the id matches, the key does not.
        SealedToken relabelled = new SealedToken(otherKeys.currentKeyId(), sealed.nonce(), sealed.ciphertext());
        assertThatThrownBy(() -> otherKeys.open(CONNECTION, "user-1", relabelled))
                .isInstanceOf(TokenDecryptionException.class)
                .hasMessageContaining("the key is wrong")
                .message().doesNotContain(TOKEN);
        assertThatThrownBy(() -> otherKeys.open(CONNECTION, "user-1", sealed))
                .isInstanceOf(TokenDecryptionException.class)
                .hasMessageContaining("encrypted with key " + keys.currentKeyId() + ", which is not configured")
                .satisfies(e -> assertThat(((TokenDecryptionException) e).keyId()).isEqualTo(keys.currentKeyId()));

        for (int i = 0; i < sealed.ciphertext().length; i += 7) {
            byte[] altered = sealed.ciphertext().clone();
            altered[i] ^= 0x01;
            SealedToken tampered = new SealedToken(sealed.keyId(), sealed.nonce(), altered);
            assertThatThrownBy(() -> keys.open(CONNECTION, "user-1", tampered))
                    .isInstanceOf(TokenDecryptionException.class);
        }
        byte[] nonce = sealed.nonce().clone();
        nonce[0] ^= 0x01;
        assertThatThrownBy(() -> keys.open(CONNECTION, "user-1",
                new SealedToken(sealed.keyId(), nonce, sealed.ciphertext())))
                .isInstanceOf(TokenDecryptionException.class);
    }

    @Test
    void previousKeysStillDecryptAndNewTokensUseTheCurrentKey() {
        SealedToken old = keys.seal(CONNECTION, "user-1", TOKEN);
        String newKey = TokenEncryptionKeys.generateKey();
        TokenEncryptionKeys rotated = TokenEncryptionKeys.of(newKey, List.of(key));
        assertThat(rotated.currentKeyId()).isNotEqualTo(keys.currentKeyId());
        assertThat(rotated.keyIds()).containsExactly(rotated.currentKeyId(), keys.currentKeyId());
        assertThat(rotated.open(CONNECTION, "user-1", old)).isEqualTo(TOKEN);
        assertThat(rotated.seal(CONNECTION, "user-1", TOKEN).keyId()).isEqualTo(rotated.currentKeyId());
        assertThat(TokenEncryptionKeys.of(key).currentKeyId()).as("the id depends on the key only")
                .isEqualTo(keys.currentKeyId());
    }

    @Test
    void badKeysAreRefusedWithMessagesThatNeverQuoteThem() {
        String shortKey = Base64.getEncoder().encodeToString("sixteen byte key".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> TokenEncryptionKeys.of(shortKey))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be 32 bytes (AES-256) in base64, but it decodes to 16 bytes")
                .message().doesNotContain(shortKey);
        String notBase64 = "this-is-not-base64!!secret-ish-value-0123456789";
        assertThatThrownBy(() -> TokenEncryptionKeys.of(notBase64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not valid base64")
                .message().doesNotContain(notBase64).doesNotContain("!");
        assertThatThrownBy(() -> TokenEncryptionKeys.of(" "))
                .hasMessageContaining("The current token encryption key is missing");
        assertThatThrownBy(() -> TokenEncryptionKeys.of(Base64.getEncoder().encodeToString(new byte[32])))
                .hasMessageContaining("placeholder");
        assertThatThrownBy(() -> TokenEncryptionKeys.of(key, List.of(key, "x")))
                .hasMessageContaining("Previous token encryption key [1]");
        assertThat(keys.toString()).contains(keys.currentKeyId()).doesNotContain(key);
    }

    @Test
    void urlSafeBase64IsAcceptedToo() {
        byte[] raw = Base64.getDecoder().decode(key);
        assertThat(TokenEncryptionKeys.of(Base64.getUrlEncoder().withoutPadding().encodeToString(raw)).currentKeyId())
                .isEqualTo(keys.currentKeyId());
    }
}
