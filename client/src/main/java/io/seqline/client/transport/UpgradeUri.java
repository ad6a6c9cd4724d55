package io.seqline.client.transport;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** {@code ws://host:port/ws?token=…&device=…&stream=…&codec=…} (see docs/protocol.md#handshake). */
public final class UpgradeUri {

    private UpgradeUri() {
    }

    /** {@code endpoint} may be {@code ws://host:port} or name a path; an empty path becomes {@code /ws}. */
    public static URI of(URI endpoint, String token, String deviceId, String streamId, FrameCodec codec) {
        String scheme = endpoint.getScheme();
        if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
            throw new IllegalArgumentException("endpoint: " + endpoint + " (expected: ws:// or wss://)");
        }
        String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() || endpoint.getRawPath().equals("/")
                ? "/ws" : endpoint.getRawPath();
        String query = "token=" + encode(token) + "&device=" + encode(deviceId) + "&stream=" + encode(streamId)
                + "&codec=" + codec.queryValue();
        return URI.create(scheme + "://" + endpoint.getRawAuthority() + path + "?" + query);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
