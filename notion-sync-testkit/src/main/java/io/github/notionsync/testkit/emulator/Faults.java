package io.github.notionsync.testkit.emulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Fault injection. Scripted faults are consumed in order by the next matching requests;
 * probabilistic faults hit any matching request with a fixed probability from a seeded random
 * sequence (so a run is repeatable). Method and template {@code null} match anything; templates
 * are those of {@link NotionEmulator#requestCount(String, String)}.
 *
 * <pre>{@code
 * emulator.faults()
 *         .next("POST", "/v1/data_sources/{id}/query", Fault.rateLimited(2), Fault.status(502))
 *         .next("GET", "/v1/blocks/{id}/children", 3, Fault.status(503));
 * }</pre>
 */
public final class Faults {

    private record Scripted(String method, String template, Fault fault) {
    }

    private record RandomFault(String method, String template, double probability, Random random, List<Fault> faults) {
    }

    private final Deque<Scripted> script = new ArrayDeque<>();
    private final List<RandomFault> randoms = new ArrayList<>();

    Faults() {
    }

    /** The next requests matching method and template answer these faults, one each, in order. */
    public synchronized Faults next(String method, String pathTemplate, Fault... faults) {
        for (Fault f : faults) {
            script.addLast(new Scripted(method, pathTemplate, f));
        }
        return this;
    }

    /** The next {@code times} requests matching method and template answer this fault. */
    public synchronized Faults next(String method, String pathTemplate, int times, Fault fault) {
        for (int i = 0; i < times; i++) {
            script.addLast(new Scripted(method, pathTemplate, fault));
        }
        return this;
    }

    /** The next requests, whatever they are, answer these faults, one each, in order. */
    public Faults nextAny(Fault... faults) {
        return next(null, null, faults);
    }

    /**
     * Every matching request answers one of {@code faults} (chosen at random) with the given
     * probability, from a random sequence seeded with {@code seed}.
     */
    public synchronized Faults random(String method, String pathTemplate, double probability, long seed,
            Fault... faults) {
        if (probability < 0 || probability > 1 || faults.length == 0) {
            throw new IllegalArgumentException("Need a probability in [0,1] and at least one fault");
        }
        randoms.add(new RandomFault(method, pathTemplate, probability, new Random(seed), List.of(faults)));
        return this;
    }

    /** Removes every scripted and probabilistic fault. */
    public synchronized void clear() {
        script.clear();
        randoms.clear();
    }

    /** How many scripted faults are still waiting. */
    public synchronized int pending() {
        return script.size();
    }

    synchronized Fault take(String method, String template) {
        Iterator<Scripted> it = script.iterator();
        while (it.hasNext()) {
            Scripted s = it.next();
            if (matches(s.method(), s.template(), method, template)) {
                it.remove();
                return s.fault();
            }
        }
        for (RandomFault r : randoms) {
            if (matches(r.method(), r.template(), method, template) && r.random().nextDouble() < r.probability()) {
                return r.faults().get(r.random().nextInt(r.faults().size()));
            }
        }
        return null;
    }

    private static boolean matches(String wantMethod, String wantTemplate, String method, String template) {
        return (wantMethod == null || wantMethod.equalsIgnoreCase(method))
                && (wantTemplate == null || wantTemplate.equals(template));
    }
}
