package io.github.notionsync.examples.app;

import java.io.PrintStream;
import java.util.Objects;

/**
 * The demo's console: what a person starting the demo reads (progress, what to try next), apart
 * from the log. Lines are written whole, whichever thread writes them.
 */
final class DemoConsole {

    private final PrintStream out;

    DemoConsole(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    synchronized void line(String text) {
        out.println(text);
        out.flush();
    }

    synchronized void lines(String text) {
        text.lines().forEach(out::println);
        out.flush();
    }
}
