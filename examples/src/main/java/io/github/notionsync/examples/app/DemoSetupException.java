package io.github.notionsync.examples.app;

/**
 * The demo application cannot start as configured (a bad environment variable, no PostgreSQL);
 * the message says what to change. {@link DemoApplication#main} prints it without a stack trace.
 */
public final class DemoSetupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DemoSetupException(String message) {
        super(message);
    }

    DemoSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
