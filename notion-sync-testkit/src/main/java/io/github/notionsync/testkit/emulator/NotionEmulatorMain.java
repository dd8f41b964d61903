package io.github.notionsync.testkit.emulator;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the emulator standalone:
 * {@code java -jar notion-sync-testkit-<version>-emulator.jar --port 4010 --demo}. Its clock moves
 * with real time. Prints the token and database ids; {@code --help} lists the options ({@link #USAGE}).
 */
public final class NotionEmulatorMain {

    /** The command line's options, as {@code --help} prints them. */
    static final String USAGE = """
            Usage: java -jar notion-sync-testkit-emulator.jar [options]
              --port N                     port to serve on (default 4010; 0 picks a free one)
              --host ADDRESS               address to bind (default 127.0.0.1; 0.0.0.0 serves other machines)
              --demo                       load the demo writing workspace (Characters, Worlds, Stories, Chat sessions)
              --generate N                 a generated database "Generated" of N pages with every property type
              --relations-per-page N       related pages per generated page (0 to 100, default 2; over 25 shows
                                           Notion's truncation of relations)
              --rate-limit PER_SECOND[,BURST]
                                           rate limit per token, answering 429 with Retry-After (default off;
                                           burst 10)
              --fault WHERE=FAULT[xN][,FAULT[xN]...]
                                           the next requests matching WHERE answer these faults, in order,
                                           each N times (default 1); repeatable
              --random-fault WHERE=PROBABILITY:FAULT[,FAULT...]
                                           every request matching WHERE answers one of these faults with this
                                           probability (0 to 1); repeatable
              --fault-seed N               seed of the random faults (default 1), so a run can be repeated
              --help                       this text
            WHERE is * (any request), a method (GET), an endpoint template (/v1/pages/{id}) or both
            ("POST /v1/data_sources/{id}/query"). Templates: /v1/databases/{id}, /v1/databases/{id}/query,
            /v1/data_sources/{id}, /v1/data_sources/{id}/query, /v1/pages/{id},
            /v1/pages/{id}/properties/{property_id}, /v1/blocks/{id}, /v1/blocks/{id}/children, /v1/users,
            /v1/users/me, /v1/users/{id}, /v1/search, /v1/comments, and for writes POST /v1/pages,
            PATCH /v1/pages/{id}, PATCH /v1/blocks/{id}/children, DELETE /v1/blocks/{id}.
            FAULT is 409, 500, 502, 503, 504, 429[:SECONDS[:REASON]], 529[:SECONDS] (Retry-After 1 unless
            given; REASON is the 429's additional_data.rate_limit_reason, default
            public_api_request_rate_limit), slow:MILLIS, drop (close the connection), malformed (a cut-off
            200 body), vanish (the addressed page is deleted first), empty (a 200 list with no results) or
            lost[:STATUS] (a write is applied, then the connection drops, or STATUS 500/502/504 comes back).
            Example: --fault 'POST /v1/data_sources/{id}/query=429:2x3,503' --random-fault 'GET=0.05:500,502'
            """;

    private static final List<String> TEMPLATES = List.of("/v1/databases/{id}", "/v1/databases/{id}/query",
            "/v1/data_sources/{id}", "/v1/data_sources/{id}/query", "/v1/pages/{id}",
            "/v1/pages/{id}/properties/{property_id}", "/v1/blocks/{id}", "/v1/blocks/{id}/children", "/v1/users",
            "/v1/users/me", "/v1/users/{id}", "/v1/search", "/v1/comments", "/v1/pages");
    private static final Pattern REPEATED = Pattern.compile("(.+?)x(\\d+)");

    private NotionEmulatorMain() {
    }

    /**
     * Starts the emulator and serves until the process is stopped.
     *
     * @param args command-line options, see {@link #USAGE}
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        // The runnable jar carries no logging backend (one shaded in would clash with the
        // application's in tests): say what matters on the console, and keep SLF4J from warning
        // that it has no provider. An explicit setting wins.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        NotionEmulator emulator;
        try {
            emulator = start(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + " (try --help)");
            System.exit(2);
            return;
        }
        if (emulator == null) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "notion-emulator-shutdown"));
        new CountDownLatch(1).await();
    }

    /**
     * Starts an emulator as the command line says and prints how to reach it; null after {@code --help}.
     *
     * @throws IllegalArgumentException if an option is unknown or malformed
     */
    static NotionEmulator start(String[] args, PrintStream out) {
        NotionEmulator.Builder builder = NotionEmulator.builder().port(4010).realTimeClock();
        boolean demo = false;
        int generate = 0;
        int relationsPerPage = GeneratorSpec.of(0).relationsPerPage();
        long faultSeed = 1;
        List<String> faults = new ArrayList<>();
        List<String> randomFaults = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> builder.port(integer(args, ++i));
                case "--host" -> builder.host(value(args, ++i));
                case "--demo" -> demo = true;
                case "--generate" -> generate = integer(args, ++i);
                case "--relations-per-page" -> relationsPerPage = integer(args, ++i);
                case "--rate-limit" -> {
                    String[] parts = value(args, ++i).split(",");
                    try {
                        builder.rateLimit(Double.parseDouble(parts[0]),
                                parts.length > 1 ? Integer.parseInt(parts[1]) : 10);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("Option --rate-limit needs PER_SECOND[,BURST], not "
                                + args[i]);
                    }
                }
                case "--fault" -> faults.add(value(args, ++i));
                case "--random-fault" -> randomFaults.add(value(args, ++i));
                case "--fault-seed" -> faultSeed = Long.parseLong(value(args, ++i));
                case "--help", "-h" -> {
                    out.print(USAGE);
                    return null;
                }
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        if (generate <= 0 && relationsPerPage != GeneratorSpec.of(0).relationsPerPage()) {
            throw new IllegalArgumentException("Option --relations-per-page applies to --generate N");
        }
        GeneratorSpec spec = generate > 0 ? GeneratorSpec.of(generate).withRelationsPerPage(relationsPerPage) : null;
        NotionEmulator emulator = builder.build();
        for (String f : faults) {
            scripted(emulator.faults(), f);
        }
        for (int i = 0; i < randomFaults.size(); i++) {
            random(emulator.faults(), randomFaults.get(i), faultSeed + i);
        }
        emulator.start();
        String token;
        if (demo) {
            DemoWorkspace ws = emulator.workspace().loadDemo();
            token = ws.token();
        } else {
            token = emulator.workspace().createToken("notion-sync emulator");
        }
        if (spec != null) {
            emulator.workspace().generate(spec);
        }
        out.println("Notion emulator: " + emulator.baseUrl());
        out.println("NOTION_TOKEN=" + token);
        out.println("Notion-Version: 2022-06-28, 2025-09-03 or 2026-03-11");
        for (String f : faults) {
            out.println("fault: " + f);
        }
        for (String f : randomFaults) {
            out.println("random fault: " + f);
        }
        for (EmulatedDatabase db : emulator.workspace().databases()) {
            out.println("database " + db.title() + ": " + db.id() + " (data source " + db.dataSourceIds().get(0)
                    + ")");
        }
        out.flush();
        return emulator;
    }

    /** {@code WHERE=FAULT[xN],...}: scripted faults for the next matching requests. */
    static void scripted(Faults faults, String option) {
        String[] where = where(option, "--fault");
        for (String item : option.substring(option.indexOf('=') + 1).split(",")) {
            Matcher m = REPEATED.matcher(item.trim());
            int times = 1;
            String fault = item.trim();
            if (m.matches()) {
                fault = m.group(1);
                times = Integer.parseInt(m.group(2));
            }
            faults.next(where[0], where[1], times, Fault.parse(fault));
        }
    }

    /** {@code WHERE=PROBABILITY:FAULT,...}: faults that hit matching requests at random. */
    static void random(Faults faults, String option, long seed) {
        String[] where = where(option, "--random-fault");
        String rest = option.substring(option.indexOf('=') + 1);
        int colon = rest.indexOf(':');
        double probability;
        try {
            probability = Double.parseDouble(colon < 0 ? "" : rest.substring(0, colon));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Option --random-fault needs WHERE=PROBABILITY:FAULT[,FAULT...], not "
                    + option);
        }
        List<Fault> list = new ArrayList<>();
        for (String item : rest.substring(colon + 1).split(",")) {
            list.add(Fault.parse(item));
        }
        faults.random(where[0], where[1], probability, seed, list.toArray(Fault[]::new));
    }

    /** The method and template (null: any) of {@code WHERE=…}. */
    private static String[] where(String option, String name) {
        int eq = option.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("Option " + name + " needs WHERE=..., not " + option);
        }
        String where = option.substring(0, eq).trim();
        String method = null;
        String template = null;
        if (!where.equals("*")) {
            int space = where.indexOf(' ');
            if (space >= 0) {
                method = where.substring(0, space);
                template = where.substring(space + 1).trim();
            } else if (where.startsWith("/")) {
                template = where;
            } else {
                method = where;
            }
        }
        if (method != null && !List.of("GET", "POST", "PATCH", "DELETE").contains(method.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("Unknown method " + method + " in " + name + " " + option);
        }
        if (template != null && !TEMPLATES.contains(template)) {
            throw new IllegalArgumentException("Unknown endpoint " + template + " in " + name + " " + option
                    + "; use one of " + TEMPLATES);
        }
        return new String[] {method, template};
    }

    private static int integer(String[] args, int i) {
        String v = value(args, i);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Option " + args[i - 1] + " needs a number, not " + v);
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("Option " + args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
