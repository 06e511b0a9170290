package ensemble.server.net;

import ensemble.proto.Protocol;
import ensemble.proto.datagram.Rejection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.util.function.BiConsumer;

/**
 * Receives state-channel datagrams. Datagrams that are empty or larger than
 * {@link Protocol#MAX_DATAGRAM_BYTES} are dropped and counted; the rest go to the sink
 * ({@link StateDatagrams}), which opens the seal and queues the input for its session.
 */
@Sharable
public final class StateChannelHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private final BiConsumer<ChannelHandlerContext, DatagramPacket> sink;
    private final Counter empty;
    private final Counter tooLong;

    public StateChannelHandler(MeterRegistry metrics, BiConsumer<ChannelHandlerContext, DatagramPacket> sink) {
        this.sink = sink;
        this.empty = StateDatagrams.dropped(metrics, Rejection.TOO_SHORT.tag());
        this.tooLong = StateDatagrams.dropped(metrics, Rejection.TOO_LONG.tag());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        int size = packet.content().readableBytes();
        if (size == 0 || size > Protocol.MAX_DATAGRAM_BYTES) {
            (size == 0 ? empty : tooLong).increment();
            return;
        }
        sink.accept(ctx, packet);
    }
}
