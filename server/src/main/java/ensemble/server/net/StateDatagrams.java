package ensemble.server.net;

import com.google.protobuf.InvalidProtocolBufferException;
import ensemble.proto.datagram.DatagramKind;
import ensemble.proto.datagram.DatagramOpener;
import ensemble.proto.datagram.DatagramOpener.Opened;
import ensemble.proto.datagram.DatagramSealer;
import ensemble.proto.datagram.Rejection;
import ensemble.server.session.SessionContext;
import ensemble.server.session.StateLink;
import ensemble.v1.ClientDatagram;
import ensemble.v1.ServerDatagram;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Handles state-channel datagrams on the UDP channel's event loop: opens each sealed datagram
 * (its connection id names the participant's {@link StateLink}, its key authenticates it, the
 * replay window refuses a sequence seen before), answers probes (which bind the link's address,
 * so snapshots switch from TCP to UDP) and keeps the newest input for the tick. What fails is
 * dropped and counted by reason ({@code ensemble.udp.dropped{reason}}).
 */
public final class StateDatagrams implements BiConsumer<ChannelHandlerContext, DatagramPacket> {
    /** Drop reasons besides the opener's {@link Rejection}s. */
    static final String MALFORMED = "malformed";
    static final String SUPERSEDED = "superseded";

    private final SessionContext sessions;
    private final DatagramOpener opener;
    private final DatagramSealer sealer = new DatagramSealer();
    private final Map<Rejection, Counter> rejected = new EnumMap<>(Rejection.class);
    private final Counter malformed;
    private final Counter superseded;
    private final Counter rebound;

    public StateDatagrams(SessionContext sessions) {
        this.sessions = sessions;
        this.opener = new DatagramOpener(DatagramKind.Direction.CLIENT_TO_SERVER, id -> {
            StateLink link = sessions.stateLink(id);
            return link == null ? null : link.link();
        });
        MeterRegistry metrics = sessions.metrics();
        for (Rejection reason : Rejection.values()) {
            rejected.put(reason, dropped(metrics, reason.tag()));
        }
        malformed = dropped(metrics, MALFORMED);
        superseded = dropped(metrics, SUPERSEDED);
        rebound = Counter.builder("ensemble.udp.rebound")
                .description("state links that moved to a new client address (NAT rebinding, a new port)")
                .register(metrics);
    }

    /** The drop counter for one reason; the same meter {@link StateChannelHandler} counts into. */
    static Counter dropped(MeterRegistry metrics, String reason) {
        return Counter.builder("ensemble.udp.dropped").tag("reason", reason)
                .description("state datagrams dropped, by reason").register(metrics);
    }

    @Override
    public void accept(ChannelHandlerContext ctx, DatagramPacket packet) {
        DatagramOpener.Result result = opener.open(packet.content().nioBuffer());
        if (result instanceof Rejection reason) {
            rejected.get(reason).increment();
            return;
        }
        Opened opened = (Opened) result;
        StateLink link = sessions.stateLink(opened.link().connectionId());
        if (link == null || link.link() != opened.link()) {
            rejected.get(Rejection.UNKNOWN_CONNECTION).increment(); // retired while it was being opened
            return;
        }
        ClientDatagram datagram;
        try {
            datagram = ClientDatagram.parseFrom(opened.payload());
        } catch (InvalidProtocolBufferException e) {
            malformed.increment();
            return;
        }
        InetSocketAddress from = packet.sender();
        switch (datagram.getBodyCase()) {
            case PROBE -> {
                bind(link, from, true, opened.newest());
                ServerDatagram ack = ServerDatagram.newBuilder().setProbeAck(datagram.getProbe()).build();
                ctx.writeAndFlush(new DatagramPacket(sealer.seal(DatagramKind.SERVER_STATE, link.link(),
                        ack.toByteString().asReadOnlyByteBuffer(), ctx.alloc()), from), ctx.voidPromise());
            }
            case INPUT -> {
                if (!opened.newest()) {
                    superseded.increment(); // a later input already went to the tick
                    return;
                }
                bind(link, from, false, true);
                link.participant().offerInput(datagram.getInput());
            }
            default -> malformed.increment();
        }
    }

    private void bind(StateLink link, InetSocketAddress from, boolean probe, boolean newest) {
        InetSocketAddress before = link.address();
        if (link.bind(from, probe, newest) && before != null) {
            rebound.increment();
        }
    }
}
