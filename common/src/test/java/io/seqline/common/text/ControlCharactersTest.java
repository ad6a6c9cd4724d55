package io.seqline.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ControlCharactersTest {

    @Test
    void idsRefuseEveryControlCharacter() {
        assertThat(ControlCharacters.inId("clientMsgId", "m-1.ok@x ü ✓")).isNull();
        assertThat(ControlCharacters.inId("clientMsgId", "m\u0000")).isEqualTo("clientMsgId: contains a control character (U+0000)");
        assertThat(ControlCharacters.inId("id", "a\tb")).isEqualTo("id: contains a control character (U+0009)");
        assertThat(ControlCharacters.inId("id", "a\u007Fb")).isEqualTo("id: contains a control character (U+007F)");
        assertThat(ControlCharacters.inId("id", "a\u009Fb")).isEqualTo("id: contains a control character (U+009F)");
        assertThat(ControlCharacters.inIds("memberIds", List.of("bob", "eve\u0001"))).isEqualTo("memberIds: contains a control character (U+0001)");
    }

    @Test
    void textKeepsTabsAndLineBreaksAndRefusesNulAndOtherC0Controls() {
        assertThat(ControlCharacters.inText("content.text", "line 1\r\n\tline 2 \u0085 ✓")).isNull();
        assertThat(ControlCharacters.inText("content.text", "a\u0000")).isEqualTo("content.text: contains a control character (U+0000)");
        assertThat(ControlCharacters.inText("name", "\u001Bescape")).isEqualTo("name: contains a control character (U+001B)");
    }
}
