package ensemble.server.session;

import static ensemble.server.store.Participant.hashResumeToken;

import ensemble.proto.snapshot.Frame;
import ensemble.server.session.TokenSigner.Kind;
import ensemble.v1.ClientKind;
import ensemble.v1.ClientMessage;
import ensemble.v1.Input;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One person (or bot, or spectator) in a session.
 *
 * <p>Threads: the inbox, the latest input, the channel and the UDP address are written by Netty
 * I/O threads and read by the tick; everything else belongs to the session's tick thread.
 */
public final class Participant {
    /** Messages a participant may have waiting for the tick; more is a flood and disconnects. */
    public static final int MAX_PENDING_MESSAGES = 256;
    /** Snapshots remembered per client, so acknowledgements up to this old can be delta bases. */
    public static final int HISTORY = 32;

    final int index;
    final String id;
    final String displayName;
    final String role;
    final Kind kind;
    final ClientKind clientKind;
    /**
     * SHA-256 (hex) of the token this participant resumes with; the token itself is only ever
     * sent to the client, so neither memory dumps of checkpoints nor Redis hold it. Empty when
     * unknown (restored from an event whose participant record was lost): no resume matches.
     */
    String resumeTokenHash;

    // --- written by I/O threads ------------------------------------------------------------------
    private final Queue<Inbound> sessionInbox;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicReference<Input> latestInput = new AtomicReference<>();
    volatile Channel channel;
    /** The sealed state channel of the current connection; null while disconnected. Written by the tick. */
    volatile StateLink stateLink;

    // --- tick thread only ----------------------------------------------------------------------
    final float[] head = new float[7];
    final float[] leftHand = new float[7];
    final float[] rightHand = new float[7];
    int buttons;
    /** Input.seq of the last input applied, echoed to the client (never used to order inputs). */
    int lastInputSeq;
    long lastInputNanos;
    int ackTick;
    int score;
    boolean connected = true;
    boolean muted;
    long disconnectedAtMillis;
    final Frame[] history = new Frame[HISTORY];
    /** Priority accumulators of the snapshot budget, by avatar index and entity index. */
    final float[] avatarPriority = new float[Session.MAX_PARTICIPANTS];
    float[] entityPriority = new float[0];
    double chatTokens = ChatLimits.BURST;
    long chatRefillMillis;
    /** The join link this participant came in with ("" when restored without one). */
    String linkId = "";
    /** Link and address: who this is across rejoins, for the chat allowance; null when unknown. */
    String personKey;
    /** True once the connection sent anything after the Welcome; a connection that never did frees its slot at once. */
    boolean active;
    long bytesSent;
    long packetsSent;

    /** A control message waiting for the tick, with who sent it; one queue per session keeps arrival order. */
    record Inbound(Participant from, ClientMessage message) {
    }

    Participant(Queue<Inbound> sessionInbox, int index, String id, String displayName, String role, Kind kind,
            ClientKind clientKind, String resumeTokenHash) {
        this.sessionInbox = sessionInbox;
        this.index = index;
        this.id = id;
        this.displayName = displayName;
        this.role = role;
        this.kind = kind;
        this.clientKind = clientKind;
        this.resumeTokenHash = resumeTokenHash;
        for (int i = 0; i < HISTORY; i++) {
            history[i] = new Frame();
            history[i].clear(-1);
        }
        for (float[] pose : new float[][] {head, leftHand, rightHand}) {
            pose[6] = 1; // identity rotation (x, y, z, w at 3..6)
        }
    }

    /**
     * Called on an I/O thread: queues a control message for the tick. False when the participant
     * already has {@link #MAX_PENDING_MESSAGES} waiting: the caller disconnects the flooder.
     */
    public boolean offer(ClientMessage message) {
        if (pending.incrementAndGet() > MAX_PENDING_MESSAGES) {
            pending.decrementAndGet();
            return false;
        }
        sessionInbox.add(new Inbound(this, message));
        return true;
    }

    /**
     * Called on an I/O thread: keeps this input for the next tick, replacing one not yet taken.
     * The caller passes inputs in the order they were sent: TCP by arrival, UDP only when its
     * sealed datagram is the newest so far. {@code Input.seq} plays no part: it is not authenticated
     * on its own, and a huge one must not freeze anyone.
     */
    public void offerInput(Input input) {
        latestInput.set(input);
    }

    /** The tick took one of this participant's messages off the session inbox. */
    void taken() {
        pending.decrementAndGet();
    }

    Input takeInput() {
        return latestInput.getAndSet(null);
    }

    public int pendingMessages() {
        return pending.get();
    }

    public String id() {
        return id;
    }

    public int index() {
        return index;
    }

    public String role() {
        return role;
    }

    public String displayName() {
        return displayName;
    }

    /** SHA-256 (hex) of the token this participant resumes with. */
    public String resumeTokenHash() {
        return resumeTokenHash;
    }

    /** True when {@code token} is this participant's resume token (compared by hash, in constant time). */
    public boolean resumesWith(String token) {
        return !resumeTokenHash.isEmpty() && token != null && !token.isEmpty()
                && MessageDigest.isEqual(resumeTokenHash.getBytes(StandardCharsets.US_ASCII),
                        hashResumeToken(token).getBytes(StandardCharsets.US_ASCII));
    }

    /** Current score; read on the tick thread. */
    public int score() {
        return score;
    }

    public Channel channel() {
        return channel;
    }

    /** Where this participant's snapshots go over UDP, or null while they go over TCP. */
    public InetSocketAddress udpAddress() {
        StateLink link = stateLink;
        return link == null ? null : link.address();
    }

    boolean isSpectator() {
        return kind == Kind.SPECTATOR;
    }

    /** Frame in the history ring for a tick, or null when it is no longer remembered. */
    Frame historyAt(int tick) {
        Frame frame = history[Math.floorMod(tick, HISTORY)];
        return frame.tick() == tick ? frame : null;
    }

    /** Limits on chat from one participant. */
    static final class ChatLimits {
        static final double BURST = 5;
        static final double PER_SECOND = 2;

        private ChatLimits() {
        }
    }
}
