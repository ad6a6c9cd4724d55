package io.seqline.bench;

import java.util.Set;

/**
 * Which system each scenario runs against, started when first needed and one at a time: a deployment named
 * by {@code --endpoints}; else, with {@code --system process} (the default), the embedded system in a child
 * JVM; with {@code --system in-process}, in the bench's own JVM. {@code connections} (the gateway's heap per
 * connection) and {@code sequencer} (calls the sequencer bean) always measure an in-process system.
 */
final class Targets implements AutoCloseable {

    static final Set<String> IN_PROCESS_ONLY = Set.of("connections", "sequencer");
    /** The values of {@code --system}. */
    static final Set<String> PLACEMENTS = Set.of("process", "in-process");

    private final BenchOptions options;
    private final boolean childProcess;
    private Target current;
    private boolean currentInProcess;

    Targets(BenchOptions options) {
        this.options = options;
        String system = options.string("system", "process");
        if (!PLACEMENTS.contains(system)) {
            throw new IllegalArgumentException("--system must be process or in-process, not " + system);
        }
        this.childProcess = system.equals("process");
    }

    /** The system for {@code scenario}, stopping the one before when the kind changes. */
    Target forScenario(String scenario) {
        String endpoints = options.string("endpoints", null);
        if (endpoints != null) {
            if (current == null) {
                current = Target.fromEndpoints(java.nio.file.Path.of(endpoints));
            }
            return current;
        }
        boolean inProcess = inProcess(scenario);
        if (current != null && currentInProcess != inProcess) {
            current.close();
            current = null;
        }
        if (current == null) {
            current = inProcess ? Target.startEmbedded(options) : SystemProcess.start(options);
            currentInProcess = inProcess;
        }
        return current;
    }

    /** Where the system of {@code scenario} runs, for its result line. */
    String placement(String scenario) {
        if (options.string("endpoints", null) != null) {
            return "endpoints";
        }
        return inProcess(scenario) ? "in-process" : "process";
    }

    private boolean inProcess(String scenario) {
        return !childProcess || IN_PROCESS_ONLY.contains(scenario);
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
