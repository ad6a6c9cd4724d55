package io.seqline.testsupport;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A local OpenTelemetry collector for tests: an HTTP server taking OTLP/HTTP trace exports
 * ({@code POST /v1/traces}, protobuf, optionally gzip) and keeping every span it was sent.
 *
 * <p>The request is read field by field with protobuf's {@link UnknownFieldSet} (ExportTraceServiceRequest →
 * ResourceSpans → ScopeSpans → Span), so no generated OTLP classes are needed. One server per test JVM.
 */
public final class OtlpReceiverExtension implements BeforeAllCallback {

    /** One exported span: the {@code service.name} of its resource, its trace id (hex) and its name. */
    public record ReceivedSpan(String service, String traceId, String name) {
    }

    private static final JvmShared<Receiver> SHARED = new JvmShared<>("otlp-receiver", Receiver::new);

    private static final class Receiver implements AutoCloseable {
        final HttpServer server;
        final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
        final List<String> requests = new CopyOnWriteArrayList<>();

        Receiver() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException("cannot open the OTLP receiver's port", e);
            }
            server.createContext("/", this::handle);
            server.start();
        }

        @Override
        public void close() {
            server.stop(0);
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
                if (!"POST".equals(exchange.getRequestMethod()) || !exchange.getRequestURI().getPath().equals("/v1/traces")) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                InputStream body = exchange.getRequestBody();
                if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    body = new GZIPInputStream(body);
                }
                spans.addAll(decode(body.readAllBytes()));
                // an empty ExportTraceServiceResponse: full success
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            }
        }
    }

    private static Receiver receiver() {
        return SHARED.get();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        SHARED.get(context);
    }

    /** The traces endpoint to configure an exporter with, e.g. {@code http://127.0.0.1:41234/v1/traces}. */
    public String tracesEndpoint() {
        return "http://127.0.0.1:" + receiver().server.getAddress().getPort() + "/v1/traces";
    }

    /** Every span received so far, in arrival order. */
    public List<ReceivedSpan> spans() {
        return List.copyOf(receiver().spans);
    }

    /** Every request received so far, as "METHOD /path". */
    public List<String> requests() {
        return List.copyOf(receiver().requests);
    }

    /** Decodes an ExportTraceServiceRequest (field numbers from opentelemetry-proto's trace/v1 and common/v1). */
    static List<ReceivedSpan> decode(byte[] request) throws IOException {
        List<ReceivedSpan> spans = new java.util.ArrayList<>();
        for (ByteString resourceSpans : field(UnknownFieldSet.parseFrom(request), 1)) {
            UnknownFieldSet rs = UnknownFieldSet.parseFrom(resourceSpans);
            String service = "";
            for (ByteString resource : field(rs, 1)) {
                for (ByteString attribute : field(UnknownFieldSet.parseFrom(resource), 1)) {
                    UnknownFieldSet keyValue = UnknownFieldSet.parseFrom(attribute);
                    if (string(keyValue, 1).equals("service.name")) {
                        for (ByteString value : field(keyValue, 2)) {
                            service = string(UnknownFieldSet.parseFrom(value), 1);
                        }
                    }
                }
            }
            for (ByteString scopeSpans : field(rs, 2)) {
                for (ByteString span : field(UnknownFieldSet.parseFrom(scopeSpans), 2)) {
                    UnknownFieldSet s = UnknownFieldSet.parseFrom(span);
                    ByteString traceId = field(s, 1).stream().findFirst().orElse(ByteString.EMPTY);
                    spans.add(new ReceivedSpan(service, HexFormat.of().formatHex(traceId.toByteArray()), string(s, 5)));
                }
            }
        }
        return spans;
    }

    private static List<ByteString> field(UnknownFieldSet set, int number) {
        return set.hasField(number) ? set.getField(number).getLengthDelimitedList() : List.of();
    }

    private static String string(UnknownFieldSet set, int number) {
        return field(set, number).stream().findFirst().map(ByteString::toStringUtf8).orElse("");
    }
}
