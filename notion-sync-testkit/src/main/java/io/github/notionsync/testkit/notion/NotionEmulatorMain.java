package io.github.notionsync.testkit.notion;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator on its own: {@code --port 4010 --demo [--rate-limit 3]}. Prints the base URL,
 * the token and the demo database ids, then serves until the process is stopped.
 */
public final class NotionEmulatorMain {

    private NotionEmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = System.out;
        int port = 4010;
        boolean demo = false;
        double rate = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--demo" -> demo = true;
                case "--rate-limit" -> rate = Double.parseDouble(args[++i]);
                default -> {
                    System.err.println("usage: NotionEmulatorMain [--port 4010] [--demo] [--rate-limit 3]");
                    System.exit(2);
                }
            }
        }
        NotionEmulator.Builder b = NotionEmulator.builder().port(port);
        if (rate > 0) {
            b.rateLimit(rate, 3);
        }
        NotionEmulator notion = b.build().start();
        out.println("Notion emulator at " + notion.baseUrl());
        if (demo) {
            DemoWorkspace d = DemoWorkspace.load(notion);
            out.println("token:         " + d.token());
            out.println("Characters:    " + d.characters());
            out.println("Worlds:        " + d.worlds());
            out.println("Stories:       " + d.stories());
            out.println("Chat sessions: " + d.chatSessions());
        } else {
            out.println("token:         " + notion.workspace().createToken("cli"));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(notion::close));
        new CountDownLatch(1).await();
    }
}
