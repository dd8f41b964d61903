package io.github.notionsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.notionsync.internal.extract.CanonicalJson;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A {@link ChangeDetector} that hashes, with SHA-256, a canonical form of what notion-sync
 * stores: kind, parent, title, typed fields, normalised properties, the content as Markdown,
 * trash flag, URL, icon and cover.
 *
 * <p>What changes on every fetch without the page changing is left out: the signatures and
 * {@code expiry_time} of Notion-hosted file URLs (in properties, blocks, icon and cover), the
 * {@code request_id}, and the page's own {@code last_edited_time} (the raw JSON is not hashed).
 * Key order and whitespace do not matter.
 */
public final class ContentHashChangeDetector implements ChangeDetector {

    private static final HexFormat HEX = HexFormat.of();

    @Override
    public String hash(PageRecord record) {
        MessageDigest digest = sha256();
        CanonicalJson.digestString(record.kind().name(), digest);
        CanonicalJson.digestString(String.valueOf(record.databaseId()), digest);
        CanonicalJson.digestString(String.valueOf(record.dataSourceId()), digest);
        CanonicalJson.digestString(record.title(), digest);
        CanonicalJson.digestString(fields(record.fields()), digest);
        CanonicalJson.digest(record.properties(), digest);
        CanonicalJson.digestString(record.contentMarkdown(), digest);
        CanonicalJson.digestString(record.inTrash() ? "trash" : "live", digest);
        CanonicalJson.digestString(String.valueOf(record.url()), digest);
        CanonicalJson.digest(stableImage(record.raw().get("icon")), digest);
        CanonicalJson.digest(stableImage(record.raw().get("cover")), digest);
        return HEX.formatHex(digest.digest());
    }

    private static String fields(Map<String, Object> fields) {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> {
            b.append(k).append('=');
            if (v instanceof List<?> list) {
                b.append(list.size()).append(':');
                list.forEach(item -> b.append(item).append('\u0000'));
            } else {
                b.append(v);
            }
            b.append('\u0001');
        });
        return b.toString();
    }

    /** An icon or cover without the signature of a Notion-hosted file. */
    private static JsonNode stableImage(JsonNode image) {
        if (image == null || !image.isObject() || !"file".equals(image.path("type").asText())) {
            return image;
        }
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        copy.put("type", "file");
        String url = image.path("file").path("url").asText("");
        int q = url.indexOf('?');
        copy.put("url", q < 0 ? url : url.substring(0, q));
        return copy;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
