package io.seqline.standalone;


import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.ServerFrame;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A deliberately plain client of docs/protocol.md#codecs (as an outside client would): by default the JSON
 * codec (text frames, proto3 JSON), or the binary proto codec ({@link #connectProto}). It records every
 * server frame.
 */
final class WsTestClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private final List<ServerFrame> frames = new CopyOnWriteArrayList<>();
    private final List<String> rawFrames = new CopyOnWriteArrayList<>();
    private final WebSocket socket;
    private final java.util.concurrent.CompletableFuture<Integer> closed = new java.util.concurrent.CompletableFuture<>();

    private WsTestClient(WebSocket.Builder builder, URI uri) {
        this.socket = builder.buildAsync(uri, new Listener()).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Completes when the server closed or broke the connection. */
    java.util.concurrent.CompletableFuture<Integer> closed() {
        return closed;
    }

    /** A token from the standalone-only {@code /dev/token} endpoint. */
    static String devToken(int port, String user) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/dev/token?user=" + URLEncoder.encode(user, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        return tools.jackson.databind.json.JsonMapper.shared().readTree(body).path("token").asString();
    }

    static WsTestClient connect(int port, String token, String device, String stream) {
        return connect(port, token, device, stream, "json");
    }

    /** A client of the binary proto codec: binary frames both ways. */
    static WsTestClient connectProto(int port, String token, String device) {
        return connect(port, token, device, null, "proto");
    }

    private static WsTestClient connect(int port, String token, String device, String stream, String codec) {
        String uri = "ws://127.0.0.1:" + port + "/ws?codec=" + codec + "&token=" + token + "&device=" + device
                + (stream == null ? "" : "&stream=" + stream);
        WsTestClient client = new WsTestClient(HTTP.newWebSocketBuilder(), URI.create(uri));
        client.await(ServerFrame::hasWelcome);
        return client;
    }

    /** The HTTP status of an upgrade attempt that is expected to be refused. */
    static int refusedUpgradeStatus(int port, String query) {
        try {
            HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?" + query),
                    new WebSocket.Listener() { }).orTimeout(10, TimeUnit.SECONDS).join();
            return 101;
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException handshake) {
                return handshake.getResponse().statusCode();
            }
            throw e;
        }
    }

    void send(ClientFrame frame) {
        try {
            sendRaw(PRINTER.print(frame));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    void sendText(String conversationId, long clientSeq, String text) {
        send(ClientFrame.newBuilder().setRequestId("r" + clientSeq).setSend(ClientFrame.Send.newBuilder()
                .setConversationId(conversationId).setClientMsgId("m" + clientSeq).setClientSeq(clientSeq)
                .setContent(Content.newBuilder().setText(text))).build());
    }

    synchronized void sendRaw(String text) {
        socket.sendText(text, true).join();
    }

    synchronized void sendBinary(byte[] bytes) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(bytes), true).join();
    }

    ServerFrame await(Predicate<ServerFrame> match) {
        return await(match, Duration.ofSeconds(20));
    }

    ServerFrame await(Predicate<ServerFrame> match, Duration timeout) {
        org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() -> frames.stream().anyMatch(match));
        return frames.stream().filter(match).findFirst().orElseThrow();
    }

    List<ServerFrame> frames(Predicate<ServerFrame> match) {
        List<ServerFrame> out = new ArrayList<>();
        for (ServerFrame frame : frames) {
            if (match.test(frame)) {
                out.add(frame);
            }
        }
        return out;
    }

    List<String> rawFrames() {
        return rawFrames;
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private final java.io.ByteArrayOutputStream partialBinary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partialBinary.writeBytes(chunk);
            if (last) {
                byte[] bytes = partialBinary.toByteArray();
                partialBinary.reset();
                try {
                    frames.add(ServerFrame.parseFrom(bytes));
                } catch (InvalidProtocolBufferException e) {
                    throw new IllegalStateException("server sent a binary frame that is not a ServerFrame", e);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                rawFrames.add(text);
                try {
                    ServerFrame.Builder frame = ServerFrame.newBuilder();
                    PARSER.merge(text, frame);
                    frames.add(frame.build());
                } catch (InvalidProtocolBufferException e) {
                    throw new IllegalStateException("server sent a frame that is not a ServerFrame: " + text, e);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
