package io.github.notionsync.testkit.emulator;

import java.util.Objects;

/**
 * An external file of a files property: {@code {name, type:"external", external:{url}}}.
 *
 * @param name the file name shown in Notion
 * @param url the external URL
 */
public record FileRef(String name, String url) {

    public FileRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
    }
}
