package ensemble.server.net;

import ensemble.proto.Protocol;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.util.function.BiConsumer;

/**
 * Receives state-channel datagrams. Datagrams that are empty or larger than
 * {@link Protocol#MAX_DATAGRAM_BYTES} are dropped and counted; the rest go to the sink, which
 * decodes them, checks the sender's token and queues the input for its session.
 */
@Sharable
public final class StateChannelHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private final BiConsumer<ChannelHandlerContext, DatagramPacket> sink;
    private final Counter dropped;

    public StateChannelHandler(MeterRegistry metrics, BiConsumer<ChannelHandlerContext, DatagramPacket> sink) {
        this.sink = sink;
        this.dropped = Counter.builder("ensemble.udp.dropped").description("state datagrams dropped as malformed")
                .register(metrics);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        int size = packet.content().readableBytes();
        if (size == 0 || size > Protocol.MAX_DATAGRAM_BYTES) {
            dropped.increment();
            return;
        }
        sink.accept(ctx, packet);
    }
}
