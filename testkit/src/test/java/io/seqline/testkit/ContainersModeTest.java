package io.seqline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqline.proto.v1.GetMaxSeqRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The containers mode: Seqline's images in Docker. Skipped (not failed) where Docker or the images are
 * missing, as on the development machines and CI without a Docker engine.
 */
class ContainersModeTest {

    @RegisterExtension
    static final SeqlineExtension seqline = new SeqlineExtension(SeqlineExtension.Mode.CONTAINERS);

    @Test
    void servesThePublicApisFromTheImages() {
        Seqline s = seqline.get();
        assertThat(s.mode()).isEqualTo("containers");
        assertThat(s.token("alice")).isNotBlank();
        assertThat(s.sequence().getMaxSeq(GetMaxSeqRequest.newBuilder().addConversationIds("p:a:b").build())
                .getMaxSeqsMap()).isNotNull();
    }
}
