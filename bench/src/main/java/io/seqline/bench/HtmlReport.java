package io.seqline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/** A self-contained HTML page: per scenario its JSON, a latency histogram and a throughput-over-time plot, as inline SVG. */
final class HtmlReport {

    private HtmlReport() {
    }

    static void write(Path file, List<Result> results, String machine) throws IOException {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Seqline bench</title>"
                + "<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1100px}h2{margin-top:2em}"
                + "pre{background:#f6f6f6;padding:1em;overflow:auto;font-size:12px}svg{background:#fcfcfc;border:1px solid #ddd;margin:4px}"
                + ".bad{color:#b00}.ok{color:#070}</style></head><body><h1>Seqline bench</h1><p>")
                .append(escape(machine)).append("</p>");
        for (Result r : results) {
            String name = String.valueOf(r.json.get("scenario"));
            html.append("<h2>").append(escape(name)).append(" <span class=\"").append(r.clean() ? "ok\">valid" : "bad\">INVALID")
                    .append("</span></h2>");
            if (r.latency != null && r.latency.getTotalCount() > 0) {
                html.append(latencySvg(r.latency));
            }
            if (r.timeline.length > 0) {
                html.append(timelineSvg(r.timeline, r.timelineLabel));
            }
            html.append("<pre>").append(escape(Json.write(r.json))).append("</pre>");
        }
        Files.writeString(file, html.append("</body></html>").toString());
    }

    /** Counts per logarithmic latency bucket (each bar 2× the previous), the y axis as share of samples. */
    static String latencySvg(Histogram h) {
        int w = 520;
        int hgt = 220;
        StringBuilder svg = new StringBuilder("<svg width=\"" + w + "\" height=\"" + hgt + "\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.append("<text x=\"10\" y=\"16\" font-size=\"12\">latency histogram (ms, log buckets), p50/p99 marked</text>");
        List<long[]> buckets = new java.util.ArrayList<>();
        for (HistogramIterationValue v : h.logarithmicBucketValues(100, 2.0)) {
            buckets.add(new long[] {v.getValueIteratedTo(), v.getCountAddedInThisIterationStep()});
        }
        long max = 1;
        for (long[] b : buckets) {
            max = Math.max(max, b[1]);
        }
        int n = Math.max(1, buckets.size());
        double bw = (w - 60.0) / n;
        for (int i = 0; i < buckets.size(); i++) {
            long[] b = buckets.get(i);
            double bh = (hgt - 60.0) * b[1] / max;
            double x = 40 + i * bw;
            svg.append(String.format("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#4a7bd0\"/>", x,
                    hgt - 30 - bh, Math.max(1, bw - 2), bh));
            if (i % Math.max(1, n / 8) == 0) {
                svg.append(String.format("<text x=\"%.1f\" y=\"%d\" font-size=\"10\">%s</text>", x, hgt - 15,
                        fmt(b[0] / 1000.0)));
            }
        }
        svg.append(String.format("<text x=\"40\" y=\"34\" font-size=\"11\">p50 %s ms · p99 %s ms · p99.9 %s ms · max %s ms · n=%d</text>",
                fmt(h.getValueAtPercentile(50) / 1000.0), fmt(h.getValueAtPercentile(99) / 1000.0),
                fmt(h.getValueAtPercentile(99.9) / 1000.0), fmt(h.getMaxValue() / 1000.0), h.getTotalCount()));
        return svg.append("</svg>").toString();
    }

    static String timelineSvg(long[] values, String label) {
        int w = 520;
        int hgt = 220;
        long max = 1;
        for (long v : values) {
            max = Math.max(max, v);
        }
        StringBuilder svg = new StringBuilder("<svg width=\"" + w + "\" height=\"" + hgt + "\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.append("<text x=\"10\" y=\"16\" font-size=\"12\">").append(escape(label)).append(" over time (s), max ")
                .append(max).append("</text><polyline fill=\"none\" stroke=\"#d0602a\" stroke-width=\"2\" points=\"");
        double dx = (w - 60.0) / Math.max(1, values.length - 1);
        for (int i = 0; i < values.length; i++) {
            svg.append(String.format("%.1f,%.1f ", 40 + i * dx, hgt - 30 - (hgt - 60.0) * values[i] / max));
        }
        svg.append("\"/>");
        svg.append(String.format("<text x=\"40\" y=\"%d\" font-size=\"10\">0</text><text x=\"%d\" y=\"%d\" font-size=\"10\">%ds</text>",
                hgt - 15, w - 40, hgt - 15, values.length));
        return svg.append("</svg>").toString();
    }

    private static String fmt(double v) {
        return v >= 100 ? String.valueOf(Math.round(v)) : String.format("%.2f", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
