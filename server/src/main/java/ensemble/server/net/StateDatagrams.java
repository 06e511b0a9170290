package ensemble.server.net;

import com.google.protobuf.InvalidProtocolBufferException;
import ensemble.server.session.Participant;
import ensemble.server.session.SessionContext;
import ensemble.v1.ClientDatagram;
import ensemble.v1.ServerDatagram;
import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import java.util.function.BiConsumer;

/**
 * Handles state-channel datagrams on the I/O thread: decodes them, finds the participant by its
 * secret UDP token, answers probes (which also records the client's UDP address, so snapshots
 * switch from TCP to UDP) and keeps the newest input for the tick. Unknown tokens and undecodable
 * datagrams are dropped and counted.
 */
public final class StateDatagrams implements BiConsumer<ChannelHandlerContext, DatagramPacket> {
    private final SessionContext sessions;
    private final Counter unknown;
    private final Counter malformed;

    public StateDatagrams(SessionContext sessions) {
        this.sessions = sessions;
        this.unknown = Counter.builder("ensemble.udp.unknown").description("datagrams with an unknown token")
                .register(sessions.metrics());
        this.malformed = Counter.builder("ensemble.udp.malformed").description("datagrams that did not decode")
                .register(sessions.metrics());
    }

    @Override
    public void accept(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf content = packet.content();
        ClientDatagram datagram;
        try {
            datagram = ClientDatagram.parseFrom(ByteBufUtil.getBytes(content));
        } catch (InvalidProtocolBufferException e) {
            malformed.increment();
            return;
        }
        Participant participant = sessions.byUdpToken(datagram.getUdpToken());
        if (participant == null) {
            unknown.increment();
            return;
        }
        switch (datagram.getBodyCase()) {
            case PROBE -> {
                participant.setUdpAddress(packet.sender());
                byte[] ack = ServerDatagram.newBuilder().setProbeAck(datagram.getProbe()).build().toByteArray();
                ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(ack), packet.sender()));
            }
            case INPUT -> {
                if (participant.udpAddress() == null || !participant.udpAddress().equals(packet.sender())) {
                    participant.setUdpAddress(packet.sender());
                }
                participant.offerInput(datagram.getInput());
            }
            default -> malformed.increment();
        }
    }
}
