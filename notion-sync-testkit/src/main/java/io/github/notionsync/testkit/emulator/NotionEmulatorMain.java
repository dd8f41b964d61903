package io.github.notionsync.testkit.emulator;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator standalone:
 * {@code java -jar notion-sync-testkit-<version>-emulator.jar --port 4010 --demo}. Options:
 * {@code --port N} (default 4010), {@code --host ADDRESS} (default 127.0.0.1), {@code --demo}
 * (load the demo workspace), {@code --generate N} (a generated database of N pages),
 * {@code --rate-limit PER_SECOND[,BURST]} (default off). Prints the token and database ids. Its clock
 * moves with real time.
 */
public final class NotionEmulatorMain {

    private NotionEmulatorMain() {
    }

    /**
     * Starts the emulator and serves until the process is stopped.
     *
     * @param args command-line options, see the class comment
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        // The runnable jar carries no logging backend (one shaded in would clash with the
        // application's in tests): say what matters on the console, and keep SLF4J from warning
        // that it has no provider. An explicit setting wins.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        NotionEmulator.Builder builder = NotionEmulator.builder().port(4010).realTimeClock();
        boolean demo = false;
        int generate = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> builder.port(Integer.parseInt(value(args, ++i)));
                case "--host" -> builder.host(value(args, ++i));
                case "--demo" -> demo = true;
                case "--generate" -> generate = Integer.parseInt(value(args, ++i));
                case "--rate-limit" -> {
                    String[] parts = value(args, ++i).split(",");
                    builder.rateLimit(Double.parseDouble(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 10);
                }
                case "--help", "-h" -> {
                    System.out.println("Usage: java -jar notion-sync-testkit-emulator.jar [--port 4010] "
                            + "[--host 127.0.0.1] [--demo] [--generate N] [--rate-limit 3,10]");
                    return;
                }
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + " (try --help)");
            }
        }
        NotionEmulator emulator = builder.build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "notion-emulator-shutdown"));
        String token;
        if (demo) {
            DemoWorkspace ws = emulator.workspace().loadDemo();
            token = ws.token();
        } else {
            token = emulator.workspace().createToken("notion-sync emulator");
        }
        if (generate > 0) {
            emulator.workspace().generate(GeneratorSpec.of(generate));
        }
        System.out.println("Notion emulator: " + emulator.baseUrl());
        System.out.println("NOTION_TOKEN=" + token);
        System.out.println("Notion-Version: 2022-06-28, 2025-09-03 or 2026-03-11");
        for (EmulatedDatabase db : emulator.workspace().databases()) {
            System.out.println("database " + db.title() + ": " + db.id() + " (data source " + db.dataSourceIds().get(0)
                    + ")");
        }
        new CountDownLatch(1).await();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("Option " + args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
