package io.github.notionsync.examples.app;

/**
 * What the demo runs on, for the console.
 *
 * @param settings the settings read from the environment
 * @param database where the PostgreSQL database is, in words
 * @param password the HTTP Basic password in real-workspace mode
 * @param passwordGenerated whether the password was generated (and so must be printed)
 */
record DemoInfo(DemoSettings settings, String database, String password, boolean passwordGenerated) {

    @Override
    public String toString() {
        return "DemoInfo[" + settings + ", " + database + "]"; // never the password
    }
}
