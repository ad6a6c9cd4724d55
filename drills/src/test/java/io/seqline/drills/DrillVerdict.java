package io.seqline.drills;

import io.grpc.ManagedChannel;
import io.seqline.common.grpc.AdminKeyCredentials;
import io.seqline.proto.v1.HistoryGrpc;
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.PullRequest;
import io.seqline.proto.v1.PullResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares what was sent, what the server's log holds and what each receiver displayed:
 * lost = sent but not in the log; duplicates = a text logged twice or displayed twice;
 * orderViolations = a sender's texts out of send order in the log, a decreasing seq, or a receiver
 * whose display differs from the log. The drill adds the repeats of {@code im.messages} ({@link LoggedRepeats}):
 * every record published again must be identical to the first.
 */
record DrillVerdict(String drill, int messages, int lost, int duplicates, int orderViolations, long maxSeqBefore,
                    long maxSeqAfter, LoggedRepeats repeats) {

    static DrillVerdict judge(String drill, SteadyTraffic traffic, ManagedChannel history, String adminKey,
                              long maxSeqBefore) {
        var api = HistoryGrpc.newBlockingStub(history).withCallCredentials(new AdminKeyCredentials(adminKey));
        int messages = 0;
        int lost = 0;
        int duplicates = 0;
        int violations = 0;
        long maxSeq = 0;
        for (SteadyTraffic.Line line : traffic.lines()) {
            List<Message> log = pullAll(api, line.conversationId);
            messages += line.sent.size();
            Map<String, Integer> logged = new HashMap<>();
            long previous = 0;
            int lastIndex = -1;
            for (Message m : log) {
                maxSeq = Math.max(maxSeq, m.getSeq());
                violations += m.getSeq() <= previous ? 1 : 0;
                previous = m.getSeq();
                String text = m.getContent().getText();
                logged.merge(text, 1, Integer::sum);
                int index = line.sent.indexOf(text);
                violations += index < lastIndex ? 1 : 0;
                lastIndex = Math.max(lastIndex, index);
            }
            for (String text : line.sent) {
                int count = logged.getOrDefault(text, 0);
                lost += count == 0 ? 1 : 0;
                duplicates += Math.max(0, count - 1);
            }
            List<Long> shown = line.displayed.stream().map(Message::getSeq).toList();
            duplicates += shown.size() - (int) shown.stream().distinct().count();
            violations += shown.equals(log.stream().map(Message::getSeq).toList()) ? 0 : 1;
        }
        return new DrillVerdict(drill, messages, lost, duplicates, violations, maxSeqBefore, maxSeq, null);
    }

    private static List<Message> pullAll(HistoryGrpc.HistoryBlockingStub api, String conversationId) {
        List<Message> all = new ArrayList<>();
        long after = 0;
        while (true) {
            PullResponse page = api.pull(PullRequest.newBuilder().setConversationId(conversationId)
                    .setAfterSeq(after).setLimit(500).build());
            all.addAll(page.getMessagesList());
            if (page.getMessagesCount() < 500) {
                return all;
            }
            after = page.getThroughSeq();
        }
    }

    /** This verdict with the repeats of the drill's conversations in {@code im.messages}. */
    DrillVerdict with(LoggedRepeats logged) {
        return new DrillVerdict(drill, messages, lost, duplicates, orderViolations, maxSeqBefore, maxSeqAfter, logged);
    }

    /** The line RELIABILITY.md quotes. */
    @Override
    public String toString() {
        return "drill: " + drill + " messages=" + messages + " lost=" + lost + " duplicates=" + duplicates
                + " orderViolations=" + orderViolations + " maxSeqBefore=" + maxSeqBefore + " maxSeqAfter=" + maxSeqAfter
                + (repeats == null ? "" : " repeats=" + repeats.repeats() + " differingRepeats=" + repeats.differing()
                        + " reusedSeqs=" + repeats.reusedSeqs());
    }
}
