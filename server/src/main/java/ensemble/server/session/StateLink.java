package ensemble.server.session;

import ensemble.proto.datagram.DatagramLink;
import java.net.InetSocketAddress;

/**
 * A participant's sealed state channel on the server: the {@link DatagramLink} (key, connection
 * id, sequences, replay window) handed over in one Welcome, and the UDP address snapshots go to.
 * Every join and resume makes a new one and retires the one before, whose connection id stops
 * resolving at once (see {@link SessionContext#openStateLink}).
 *
 * <p>The address is only ever set from an authenticated datagram: bound by the first probe,
 * moved (NAT rebinding, a new client port) only by a datagram newer than every one before. So
 * snapshots never go to an address that did not prove it holds the key.
 *
 * <p>Threads: made on the tick thread; the window moves and the address is bound on the UDP
 * channel's event loop; the tick reads the address.
 */
public final class StateLink {
    private final Participant participant;
    private final DatagramLink link;
    private volatile InetSocketAddress address;

    StateLink(Participant participant, DatagramLink link) {
        this.participant = participant;
        this.link = link;
    }

    public Participant participant() {
        return participant;
    }

    public DatagramLink link() {
        return link;
    }

    /** Where snapshots go, or null until an authenticated probe arrived. */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * Takes note of an authenticated datagram from {@code from}: a probe binds an unbound link;
     * a bound link moves only for the newest datagram so far. True when the address changed to
     * {@code from}. UDP event loop only.
     */
    public boolean bind(InetSocketAddress from, boolean probe, boolean newest) {
        InetSocketAddress bound = address;
        if (bound == null ? !probe : bound.equals(from) || !newest) {
            return false;
        }
        address = from;
        return true;
    }
}
