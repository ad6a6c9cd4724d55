package io.seqline.client.chaos;

import io.seqline.proto.v1.Message;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares what every client showed with the server's log.
 *
 * <ul>
 *   <li>lost: a seq of the log a client did not show;</li>
 *   <li>duplicates: a seq a client showed more than once;</li>
 *   <li>order violations: a shown seq not above the one before it, or a sender's message shown after a
 *       later message of the same sender (its send index is the last word of the text);</li>
 *   <li>phantoms: a shown message that is not in the log, or differs from the log's message at its seq.</li>
 * </ul>
 * A display with none of these is exactly the log.
 */
record ChaosVerdict(long messages, long deliveries, long lost, long duplicates, long orderViolations, long phantoms) {

    /** What one client showed for one conversation. */
    record Display(String client, String conversationId, List<Message> shown) {
    }

    static ChaosVerdict of(Map<String, List<Message>> logs, List<Display> displays) {
        long messages = logs.values().stream().mapToLong(List::size).sum();
        long deliveries = 0;
        long lost = 0;
        long duplicates = 0;
        long order = 0;
        long phantoms = 0;
        for (Display display : displays) {
            Map<Long, Message> log = new HashMap<>();
            logs.getOrDefault(display.conversationId(), List.of()).forEach(m -> log.put(m.getSeq(), m));
            Set<Long> seen = new HashSet<>();
            Map<String, Long> lastIndexOfSender = new HashMap<>();
            long lastSeq = 0;
            for (Message shown : display.shown()) {
                deliveries++;
                if (!seen.add(shown.getSeq())) {
                    duplicates++;
                }
                if (shown.getSeq() <= lastSeq) {
                    order++;
                }
                lastSeq = Math.max(lastSeq, shown.getSeq());
                Long previous = lastIndexOfSender.put(shown.getSenderId(), sendIndex(shown));
                if (previous != null && previous >= sendIndex(shown)) {
                    order++;
                }
                if (!shown.equals(log.get(shown.getSeq()))) {
                    phantoms++;
                }
            }
            lost += log.keySet().stream().filter(seq -> !seen.contains(seq)).count();
        }
        return new ChaosVerdict(messages, deliveries, lost, duplicates, order, phantoms);
    }

    boolean clean() {
        return lost == 0 && duplicates == 0 && orderViolations == 0 && phantoms == 0;
    }

    String line(long seed) {
        return "chaos: messages=" + messages + " deliveries=" + deliveries + " lost=" + lost + " duplicates=" + duplicates
                + " orderViolations=" + orderViolations + " seed=" + seed;
    }

    private static long sendIndex(Message message) {
        String text = message.getContent().getText();
        return Long.parseLong(text.substring(text.lastIndexOf(' ') + 1));
    }
}
