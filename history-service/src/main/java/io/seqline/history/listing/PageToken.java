package io.seqline.history.listing;

import io.seqline.common.error.DomainException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The keyset position of a conversation page: last activity and conversation id of its last row. */
record PageToken(long lastActivityMs, String conversationId) {

    static final PageToken FIRST = new PageToken(Long.MAX_VALUE, "");

    static PageToken parse(String token) {
        if (token == null || token.isEmpty()) {
            return FIRST;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int sep = raw.indexOf('|');
            String conversationId = raw.substring(sep + 1);
            if (io.seqline.common.text.ControlCharacters.inId("pageToken", conversationId) != null) {
                throw new IllegalArgumentException("control character in a page token");
            }
            return new PageToken(Long.parseLong(raw.substring(0, sep)), conversationId);
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            throw DomainException.invalid("pageToken: not a token returned by this server");
        }
    }

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((lastActivityMs + "|" + conversationId).getBytes(StandardCharsets.UTF_8));
    }
}
