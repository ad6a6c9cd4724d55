package io.seqline.common.text;

import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.InboundEnvelope;

/**
 * The control-character check of everything in an inbound send that ends up in a PostgreSQL text column
 * (sender, device, stream, message id, text, MIME type, member ids, group name). The gateway checks the
 * same fields of a client's frame; the sequencer checks the record again, so a record written to
 * {@code im.inbound} past the gateway is refused ({@code INVALID}) rather than given a seq that history
 * could never store.
 */
public final class StoredText {

    private StoredText() {
    }

    /** Null when every stored field is clean, else the first problem, naming the field. */
    public static String problem(InboundEnvelope envelope) {
        String problem = first(ControlCharacters.inId("senderId", envelope.getSenderId()),
                ControlCharacters.inId("senderDevice", envelope.getSenderDevice()),
                ControlCharacters.inId("streamId", envelope.getStreamId()),
                ControlCharacters.inId("clientMsgId", envelope.getSend().getClientMsgId()));
        return problem != null ? problem : problem(envelope.getSend().getContent());
    }

    private static String problem(Content content) {
        return switch (content.getBodyCase()) {
            case TEXT -> ControlCharacters.inText("content.text", content.getText());
            case DATA -> ControlCharacters.inId("content.data.mimeType", content.getData().getMimeType());
            case MEMBERSHIP -> first(ControlCharacters.inIds("content.membership.userIds",
                    content.getMembership().getUserIdsList()),
                    ControlCharacters.inText("content.membership.name", content.getMembership().getName()));
            case RECALL, BODY_NOT_SET -> null;
        };
    }

    private static String first(String... problems) {
        for (String problem : problems) {
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }
}
