package io.seqline.gateway.delivery;

import io.grpc.stub.StreamObserver;
import io.seqline.gateway.session.ConnectionRegistry;
import io.seqline.gateway.ws.Connection;
import io.seqline.gateway.ws.OutboundFrame;
import io.seqline.proto.v1.DeliveryGrpc;
import io.seqline.proto.v1.DeviceAddress;
import io.seqline.proto.v1.PushBatch;
import io.seqline.proto.v1.PushItem;
import io.seqline.proto.v1.PushResult;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Internal gRPC {@code Delivery.Push} (routing -> gateway): writes each item's frame to its target
 * sockets in batch order, encoding it once, and flushes each socket once per batch.
 */
public class DeliveryGrpcService extends DeliveryGrpc.DeliveryImplBase {

    private final ConnectionRegistry connections;

    public DeliveryGrpcService(ConnectionRegistry connections) {
        this.connections = connections;
    }

    @Override
    public void push(PushBatch batch, StreamObserver<PushResult> response) {
        PushResult.Builder result = PushResult.newBuilder();
        Map<Connection, Boolean> touched = new IdentityHashMap<>();
        int delivered = 0;
        for (PushItem item : batch.getItemsList()) {
            OutboundFrame frame = new OutboundFrame(item.getFrame());
            for (DeviceAddress target : item.getTargetsList()) {
                Connection connection = connections.get(target.getUserId(), target.getDeviceId());
                if (connection == null || !connection.isOpen()) {
                    result.addMissing(target);
                    continue;
                }
                connection.write(frame);
                touched.put(connection, Boolean.TRUE);
                delivered++;
            }
        }
        touched.keySet().forEach(Connection::flush);
        response.onNext(result.setDelivered(delivered).build());
        response.onCompleted();
    }
}
