package io.seqline.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.Data;
import io.seqline.proto.v1.RejectReason;
import org.junit.jupiter.api.Test;

/** The edge checks of a send: control characters never pass into ids, NUL never into text. */
class SendValidatorTest {

    private final SendValidator validator = new SendValidator(16_384);

    private static ClientFrame.Send.Builder send() {
        return ClientFrame.Send.newBuilder().setConversationId("p:alice:bob").setClientMsgId("m1").setClientSeq(1)
                .setContent(Content.newBuilder().setText("hi"));
    }

    @Test
    void anOrdinarySendPasses() {
        assertThat(validator.check(send().build(), "alice")).isNull();
        assertThat(validator.check(send().setContent(Content.newBuilder().setText("line 1\n\tline 2\r\n")).build(),
                "alice")).as("tab, newline and carriage return are text").isNull();
    }

    @Test
    void aNulInTheClientMsgIdIsRefusedWithItsName() {
        assertThat(validator.check(send().setClientMsgId("m\u0000").build(), "alice"))
                .isEqualTo(new SendValidator.Refusal(RejectReason.INVALID, "clientMsgId: contains a control character (U+0000)"));
    }

    @Test
    void anyControlCharacterInAnIdIsRefused() {
        assertThat(validator.check(send().setClientMsgId("m\n1").build(), "alice").detail())
                .isEqualTo("clientMsgId: contains a control character (U+000A)");
        assertThat(validator.check(send().setClientMsgId("m\u0085").build(), "alice").detail())
                .isEqualTo("clientMsgId: contains a control character (U+0085)");
        assertThat(validator.check(send().setConversationId("p:al\u0000ice:bob").build(), "alice").detail())
                .isEqualTo("conversationId: contains a control character (U+0000)");
    }

    @Test
    void aNulOrOtherC0ControlInTheTextIsRefused() {
        assertThat(validator.check(send().setContent(Content.newBuilder().setText("a\u0000b")).build(), "alice"))
                .isEqualTo(new SendValidator.Refusal(RejectReason.INVALID, "content.text: contains a control character (U+0000)"));
        assertThat(validator.check(send().setContent(Content.newBuilder().setText("bell\u0007")).build(), "alice").detail())
                .isEqualTo("content.text: contains a control character (U+0007)");
    }

    @Test
    void aControlCharacterInTheMimeTypeIsRefused() {
        assertThat(validator.check(send().setContent(Content.newBuilder().setData(Data.newBuilder()
                .setMimeType("image/png\u0000"))).build(), "alice").detail())
                .isEqualTo("content.data.mimeType: contains a control character (U+0000)");
    }
}
