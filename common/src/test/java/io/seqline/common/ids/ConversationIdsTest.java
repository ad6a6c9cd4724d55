package io.seqline.common.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * One spelling per conversation: a direct chat is {@code p:{a}:{b}} with {@code a < b}, a group
 * {@code g:{id}}; ids are {@code [A-Za-z0-9_.@-]{1,64}}, and every other shape is named as a problem.
 */
class ConversationIdsTest {

    @Test
    void aDirectChatHasOneIdWhicheverUserStartsIt() {
        assertThat(ConversationIds.direct("bob", "alice")).isEqualTo("p:alice:bob");
        assertThat(ConversationIds.direct("alice", "bob")).isEqualTo("p:alice:bob");
        assertThat(ConversationIds.participants("p:alice:bob")).containsExactly("alice", "bob");
        assertThat(ConversationIds.isParticipant("p:alice:bob", "bob")).isTrue();
        assertThat(ConversationIds.isParticipant("p:alice:bob", "carol")).isFalse();
        assertThatThrownBy(() -> ConversationIds.direct("alice", "alice")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConversationIds.direct("alice", "b:c")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wellFormedIdsHaveNoProblem() {
        assertThat(ConversationIds.problem("p:alice:bob")).isNull();
        assertThat(ConversationIds.problem("p:a.b@c:x_y-z")).isNull();
        assertThat(ConversationIds.problem(ConversationIds.group("team-1"))).isNull();
        assertThat(ConversationIds.problem("g:" + "x".repeat(64))).isNull();
        assertThat(ConversationIds.isGroup("g:team")).isTrue();
        assertThat(ConversationIds.isDirect("g:team")).isFalse();
    }

    @Test
    void everyOtherShapeIsAProblemThatSaysWhatIsExpected() {
        assertThat(ConversationIds.problem("")).isEqualTo("conversationId: empty");
        assertThat(ConversationIds.problem(null)).isEqualTo("conversationId: empty");
        assertThat(ConversationIds.problem("p:bob:alice")).isEqualTo("conversationId: p:bob:alice (expected: p:{a}:{b} with a < b)");
        assertThat(ConversationIds.problem("p:alice:alice")).contains("with a < b");
        assertThat(ConversationIds.problem("p:alice:b b")).contains("user ids must match");
        assertThat(ConversationIds.problem("p:alice")).contains("expected: p:{a}:{b} or g:{groupId}");
        assertThat(ConversationIds.problem("g:" + "x".repeat(65))).contains("expected: p:{a}:{b} or g:{groupId}");
        assertThat(ConversationIds.problem("g:a:b")).contains("expected: p:{a}:{b} or g:{groupId}");
        assertThat(ConversationIds.problem("x:team")).contains("expected: p:{a}:{b} or g:{groupId}");
        assertThat(ConversationIds.problem("g:team\u0000")).isNotNull();
    }

    @Test
    void aLongBadIdIsAbbreviatedInItsProblem() {
        String problem = ConversationIds.problem("x:" + "y".repeat(500));
        assertThat(problem).contains("...").hasSizeLessThan(200);
    }

    @Test
    void userIdsAreCheckedWithTheFieldTheyCameIn() {
        assertThat(ConversationIds.userIdProblem("senderId", "alice")).isNull();
        assertThat(ConversationIds.userIdProblem("senderId", "")).isEqualTo(
                "senderId: invalid user id (expected: [A-Za-z0-9_.@-]{1,64})");
        assertThat(ConversationIds.userIdProblem("userIds", "a:b")).startsWith("userIds: invalid user id");
        assertThat(ConversationIds.userIdProblem("userId", "x".repeat(65))).startsWith("userId: invalid user id");
    }
}
