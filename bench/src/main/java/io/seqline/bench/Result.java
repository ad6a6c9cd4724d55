package io.seqline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** One scenario's figures: the common fields first, then the scenario's own; plus data for the HTML report. */
final class Result {

    final Map<String, Object> json = new LinkedHashMap<>();
    Histogram latency;
    long[] timeline = new long[0];
    String timelineLabel = "deliveries per second";

    static Result of(String scenario, long sent, long expected, long delivered, long duplicates, long orderViolations,
                     double throughputPerSec, Histogram latencyMicros) {
        Result r = new Result();
        r.json.put("scenario", scenario);
        r.json.put("sent", sent);
        r.json.put("expectedDeliveries", expected);
        r.json.put("delivered", delivered);
        r.json.put("lost", Math.max(0, expected - delivered));
        r.json.put("duplicates", duplicates);
        r.json.put("orderViolations", orderViolations);
        r.json.put("throughputPerSec", throughputPerSec);
        r.json.put("latencyMs", latencyMs(latencyMicros));
        r.latency = latencyMicros;
        return r;
    }

    static Result of(String scenario, long sent, Deliveries d, double throughputPerSec, Histogram latencyMicros) {
        return of(scenario, sent, d.expected.get(), d.delivered.sum(), d.duplicates.sum(), d.orderViolations.sum(),
                throughputPerSec, latencyMicros);
    }

    static Map<String, Object> latencyMs(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        boolean empty = h == null || h.getTotalCount() == 0;
        m.put("p50", empty ? 0.0 : h.getValueAtPercentile(50) / 1000.0);
        m.put("p90", empty ? 0.0 : h.getValueAtPercentile(90) / 1000.0);
        m.put("p99", empty ? 0.0 : h.getValueAtPercentile(99) / 1000.0);
        m.put("p999", empty ? 0.0 : h.getValueAtPercentile(99.9) / 1000.0);
        m.put("max", empty ? 0.0 : h.getMaxValue() / 1000.0);
        m.put("mean", empty ? 0.0 : h.getMean() / 1000.0);
        m.put("count", empty ? 0L : h.getTotalCount());
        return m;
    }

    Result put(String key, Object value) {
        json.put(key, value);
        return this;
    }

    boolean clean() {
        return ((Number) json.get("lost")).longValue() == 0 && ((Number) json.get("duplicates")).longValue() == 0
                && ((Number) json.get("orderViolations")).longValue() == 0;
    }

    /** The machine's load while the figure was taken (other builds may share it). */
    Result withMachine() {
        json.put("valid", clean());
        try {
            json.put("loadAvg", Files.readString(Path.of("/proc/loadavg")).trim());
        } catch (IOException e) {
            json.put("loadAvg", "unknown");
        }
        json.put("cores", Runtime.getRuntime().availableProcessors());
        return this;
    }

    String toJson() {
        return Json.write(json);
    }
}
