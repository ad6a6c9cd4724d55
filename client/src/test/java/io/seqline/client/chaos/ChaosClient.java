package io.seqline.client.chaos;

import io.seqline.client.ClientOptions;
import io.seqline.client.ConversationListener;
import io.seqline.client.SeqlineClient;
import io.seqline.client.transport.FrameCodec;
import io.seqline.proto.v1.Message;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** One simulated device: its SDK client, what it was shown per conversation, and its sends. */
final class ChaosClient implements AutoCloseable {

    /** One send and its outcome. */
    record Sent(String conversationId, String text, CompletableFuture<Long> seq) {
    }

    final String user;
    final String device;
    final SeqlineClient client;
    final Map<String, List<Message>> shown = new LinkedHashMap<>();
    final List<Sent> sent = new ArrayList<>();
    final AtomicInteger connections = new AtomicInteger();

    ChaosClient(String user, String device, URI endpoint, String token, FrameCodec codec, long seed, List<String> conversations) {
        this.user = user;
        this.device = device;
        this.client = SeqlineClient.connect(ClientOptions.builder(endpoint, token, device)
                .codec(codec)
                .random(new SplittableRandom(seed))
                .events(new io.seqline.client.ClientEventListener() {
                    @Override
                    public void onConnected(int n) {
                        connections.incrementAndGet();
                    }
                })
                .build());
        for (String conversation : conversations) {
            List<Message> messages = new CopyOnWriteArrayList<>();
            shown.put(conversation, messages);
            client.listen(conversation, (ConversationListener) messages::add);
        }
    }

    /** Sends the next message of this client to {@code conversationId}; the text ends in its send index. */
    void send(String conversationId, int index) {
        String text = user + " " + index;
        sent.add(new Sent(conversationId, text, client.sendText(conversationId, text)));
    }

    long completed() {
        return sent.stream().filter(s -> s.seq().isDone()).count();
    }

    long failed() {
        return sent.stream().filter(s -> s.seq().isCompletedExceptionally()).count();
    }

    /** True when this client shows at least {@code maxSeq} of each conversation. */
    boolean caughtUp(Map<String, Long> maxSeqs) {
        return shown.entrySet().stream().allMatch(e -> {
            List<Message> messages = e.getValue();
            return !messages.isEmpty() && messages.get(messages.size() - 1).getSeq() >= maxSeqs.getOrDefault(e.getKey(), 0L);
        });
    }

    @Override
    public void close() {
        client.close();
    }
}
