package io.seqline.client;

import io.seqline.client.ordering.GapPolicy;
import io.seqline.client.transport.FrameCodec;
import io.seqline.client.transport.JdkWebSocketTransport;
import io.seqline.client.transport.Transport;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Everything a {@link SeqlineClient} is configured with; defaults in {@link Builder}.
 *
 * @param endpoint          the gateway, {@code ws://host:8080} (path {@code /ws} added when absent)
 * @param token             the JWT of the user
 * @param deviceId          this device, {@code [A-Za-z0-9_.@-]{1,64}}
 * @param streamId          the send stream, kept across every reconnect of this client; must be new for a
 *                          new client unless its clientSeqs are restored (default: a random UUID)
 * @param codec             {@link FrameCodec#proto()} (default) or {@link FrameCodec#json()}
 * @param sendWindow        sends on the wire per conversation before waiting for acks (default 32)
 * @param gapPolicy         gap timer: 300 ms, 3 retries with backoff x2, 2 s reply timeout, 100 per sync
 * @param ackTimeout        the oldest send waits this long for its ack before go-back-N (default 10 s)
 * @param streamTtl         a send first sent longer ago than this is looked for in history before it is sent
 *                          again (default 23 h, under the server's 24 h stream state TTL)
 * @param requestTimeout    sync, listConversations, markRead, createGroup fail after this (default 10 s)
 * @param listingTimeout    how long a (re)connect waits for the conversation listing before syncing
 *                          the known conversations instead (default 3 s)
 * @param heartbeatInterval a ping goes out when nothing was sent for this long (default 25 s)
 * @param deadAfter         a socket with nothing received for this long is replaced (default 60 s)
 * @param reconnectInitial  first reconnect delay (default 250 ms), doubling up to {@code reconnectMax}
 * @param reconnectMax      longest reconnect delay (default 30 s)
 * @param clock             time source of every timeout
 * @param random            jitter of the reconnect delays
 * @param transport         how sockets are opened (default the JDK's WebSocket)
 * @param events            connection life cycle callbacks
 */
public record ClientOptions(URI endpoint, String token, String deviceId, String streamId, FrameCodec codec,
                            int sendWindow, GapPolicy gapPolicy, Duration ackTimeout, Duration streamTtl, Duration requestTimeout,
                            Duration listingTimeout, Duration heartbeatInterval, Duration deadAfter,
                            Duration reconnectInitial, Duration reconnectMax, Clock clock, RandomGenerator random,
                            Transport transport, ClientEventListener events) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
    private static final Pattern STREAM = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public ClientOptions {
        Objects.requireNonNull(endpoint, "endpoint");
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("token: empty");
        }
        if (deviceId == null || !ID.matcher(deviceId).matches()) {
            throw new IllegalArgumentException("deviceId: " + deviceId + " (expected: [A-Za-z0-9_.@-]{1,64})");
        }
        if (streamId == null || !STREAM.matcher(streamId).matches()) {
            throw new IllegalArgumentException("streamId: " + streamId + " (expected: [A-Za-z0-9_-]{1,64})");
        }
        if (sendWindow < 1) {
            throw new IllegalArgumentException("sendWindow: " + sendWindow + " (expected: >= 1)");
        }
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(gapPolicy, "gapPolicy");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(events, "events");
        for (Duration d : new Duration[] {ackTimeout, streamTtl, requestTimeout, listingTimeout, heartbeatInterval, deadAfter,
                reconnectInitial, reconnectMax}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be > 0, got " + d);
            }
        }
    }

    public static Builder builder(URI endpoint, String token, String deviceId) {
        return new Builder(endpoint, token, deviceId);
    }

    /** Defaults for everything but the endpoint, token and device. */
    public static final class Builder {
        private final URI endpoint;
        private final String token;
        private final String deviceId;
        private String streamId = UUID.randomUUID().toString();
        private FrameCodec codec = FrameCodec.proto();
        private int sendWindow = 32;
        private GapPolicy gapPolicy = GapPolicy.DEFAULT;
        private Duration ackTimeout = Duration.ofSeconds(10);
        private Duration streamTtl = Duration.ofHours(23);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration listingTimeout = Duration.ofSeconds(3);
        private Duration heartbeatInterval = Duration.ofSeconds(25);
        private Duration deadAfter = Duration.ofSeconds(60);
        private Duration reconnectInitial = Duration.ofMillis(250);
        private Duration reconnectMax = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();
        private RandomGenerator random = new Random();
        private Transport transport = JdkWebSocketTransport.shared();
        private ClientEventListener events = new ClientEventListener() { };

        private Builder(URI endpoint, String token, String deviceId) {
            this.endpoint = endpoint;
            this.token = token;
            this.deviceId = deviceId;
        }

        public Builder streamId(String value) { streamId = value; return this; }
        public Builder codec(FrameCodec value) { codec = value; return this; }
        public Builder sendWindow(int value) { sendWindow = value; return this; }
        public Builder gapPolicy(GapPolicy value) { gapPolicy = value; return this; }
        public Builder ackTimeout(Duration value) { ackTimeout = value; return this; }
        public Builder streamTtl(Duration value) { streamTtl = value; return this; }
        public Builder requestTimeout(Duration value) { requestTimeout = value; return this; }
        public Builder listingTimeout(Duration value) { listingTimeout = value; return this; }
        public Builder heartbeat(Duration interval, Duration deadAfter) {
            heartbeatInterval = interval;
            this.deadAfter = deadAfter;
            return this;
        }
        public Builder reconnect(Duration initial, Duration max) {
            reconnectInitial = initial;
            reconnectMax = max;
            return this;
        }
        public Builder clock(Clock value) { clock = value; return this; }
        public Builder random(RandomGenerator value) { random = value; return this; }
        public Builder transport(Transport value) { transport = value; return this; }
        public Builder events(ClientEventListener value) { events = value; return this; }

        public ClientOptions build() {
            return new ClientOptions(endpoint, token, deviceId, streamId, codec, sendWindow, gapPolicy, ackTimeout,
                    streamTtl, requestTimeout, listingTimeout, heartbeatInterval, deadAfter, reconnectInitial, reconnectMax,
                    clock, random, transport, events);
        }
    }
}
