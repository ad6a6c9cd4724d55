package io.seqline.history.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seqline.common.error.DomainException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** A page token reads back as the position it was made from; anything else is the caller's INVALID mistake. */
class PageTokenTest {

    private static String encoded(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(String token) {
        assertThatThrownBy(() -> PageToken.parse(token)).as(token)
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DomainException.Kind.INVALID);
                    assertThat(e.getMessage()).isEqualTo("pageToken: not a token returned by this server");
                });
    }

    @Test
    void aTokenReadsBackAsThePositionItWasMadeFrom() {
        PageToken position = new PageToken(1_795_341_600_000L, "g:team|with-a-bar");

        assertThat(PageToken.parse(position.encode())).isEqualTo(position);
        assertThat(position.encode()).doesNotContain("=", "+", "/");
    }

    @Test
    void noTokenIsTheFirstPage() {
        assertThat(PageToken.parse("")).isEqualTo(PageToken.FIRST);
        assertThat(PageToken.parse(null)).isEqualTo(PageToken.FIRST);
    }

    @Test
    void aTokenThisServerDidNotMakeIsInvalid() {
        assertRefused("not base64 !");
        assertRefused(encoded("no separator"));
        assertRefused(encoded("soon|p:alice:bob"));
        assertRefused(encoded("17|p:alice:bob\u0000"));
    }
}
