package io.seqline.client.it;

import io.seqline.client.ConversationListener;
import io.seqline.proto.v1.Message;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What a listener was shown, in the order it was shown. */
final class Recorder implements ConversationListener {

    private final List<Message> shown = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(Message message) {
        shown.add(message);
    }

    List<Message> shown() {
        return List.copyOf(shown);
    }

    int size() {
        return shown.size();
    }

    List<Long> seqs() {
        return shown.stream().map(Message::getSeq).toList();
    }

    List<String> texts() {
        return shown.stream().map(m -> m.getContent().getText()).toList();
    }
}
