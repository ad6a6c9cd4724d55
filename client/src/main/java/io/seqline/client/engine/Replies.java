package io.seqline.client.engine;

import io.seqline.proto.v1.ServerFrame;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** Adapts a future to a {@link ReplyHandler}: the answer frame is mapped to the future's value. */
final class Replies {

    private Replies() {
    }

    static <T> ReplyHandler of(CompletableFuture<T> future, Function<ServerFrame, T> answer) {
        return new ReplyHandler() {
            @Override
            public void onReply(ServerFrame frame) {
                try {
                    future.complete(answer.apply(frame));
                } catch (RuntimeException e) {
                    future.completeExceptionally(e);
                }
            }

            @Override
            public void onFailure(RuntimeException error) {
                future.completeExceptionally(error);
            }
        };
    }
}
