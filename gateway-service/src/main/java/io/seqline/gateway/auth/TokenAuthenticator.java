package io.seqline.gateway.auth;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.seqline.common.error.DomainException;
import io.seqline.common.ids.ConversationIds;
import io.seqline.common.text.ControlCharacters;
import io.seqline.gateway.config.GatewayProperties;
import io.seqline.gateway.session.ConnectionRegistry;
import io.seqline.gateway.ws.FrameCodec;
import io.seqline.gateway.ws.HandshakeAuthenticator;
import io.seqline.gateway.ws.Session;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * {@code GET /ws?token=<JWT>&device=<deviceId>[&stream=<streamId>][&codec=json|proto]}: 401 for a
 * missing, expired or forged token, 400 for a bad device, stream or codec. A missing stream id gets a
 * fresh UUID (sent back in {@code welcome}).
 */
@Component
class TokenAuthenticator implements HandshakeAuthenticator {

    private static final Pattern STREAM = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final TokenService tokens;
    private final ConnectionRegistry connections;
    private final int connectionsPerUser;

    TokenAuthenticator(TokenService tokens, ConnectionRegistry connections, GatewayProperties properties) {
        this.tokens = tokens;
        this.connections = connections;
        this.connectionsPerUser = properties.limits().connectionsPerUser();
    }

    @Override
    public Session authenticate(QueryStringDecoder query) throws Refused {
        String token = single(query, "token");
        if (token == null || token.isEmpty()) {
            throw new Refused(401, "missing token");
        }
        String userId;
        try {
            userId = tokens.verify(token);
        } catch (DomainException e) {
            throw new Refused(401, e.getMessage());
        }
        String device = single(query, "device");
        String control = ControlCharacters.inId("device", device);
        if (control == null) {
            control = ControlCharacters.inId("stream", single(query, "stream"));
        }
        if (control != null) {
            throw new Refused(400, control);
        }
        if (!ConversationIds.isValidId(device)) {
            throw new Refused(400, "device: must match " + ConversationIds.ID_SYNTAX);
        }
        List<String> devices = connections.devices(userId);
        if (devices.size() >= connectionsPerUser && !devices.contains(device)) {
            throw new Refused(429, "too many connections for this user (at most " + connectionsPerUser + ")");
        }
        String stream = single(query, "stream");
        if (stream == null || stream.isEmpty()) {
            stream = UUID.randomUUID().toString();
        } else if (!STREAM.matcher(stream).matches()) {
            throw new Refused(400, "stream: must match [A-Za-z0-9_-]{1,64}");
        }
        try {
            return new Session(userId, device, stream, FrameCodec.fromParameter(single(query, "codec")));
        } catch (IllegalArgumentException e) {
            throw new Refused(400, e.getMessage());
        }
    }

    private static String single(QueryStringDecoder query, String name) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
