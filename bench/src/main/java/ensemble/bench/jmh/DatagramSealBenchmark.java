package ensemble.bench.jmh;

import ensemble.proto.Protocol;
import ensemble.proto.datagram.Aead;
import ensemble.proto.datagram.DatagramKind;
import ensemble.proto.datagram.DatagramLink;
import ensemble.proto.datagram.DatagramOpener;
import ensemble.proto.datagram.DatagramSealer;
import ensemble.proto.datagram.SealedDatagram;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What sealing the state channel costs per datagram, at the sizes it carries: an input (~80
 * bytes), a W1 snapshot (~400) and a full snapshot budget (1,100). {@code seal} and {@code open}
 * are each JDK AEAD as the server and client run it (one cipher reused, a direct buffer out).
 * {@code hmac} is the fallback the design allowed (HMAC-SHA256 over id + sequence + payload,
 * authentication only); {@code copy} is what the unsealed format cost for the same bytes (one
 * copy into a direct buffer), the floor all are compared with. Neither depends on {@code aead}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DatagramSealBenchmark {
    @Param({"80", "400", "1100"})
    public int payloadBytes;

    @Param({"CHACHA20_POLY1305", "AES_256_GCM"})
    public Aead aead;

    private DatagramSealer sealer;
    private DatagramLink sender;
    private DatagramLink receiver;
    private DatagramOpener opener;
    private ByteBuffer payload;
    private ByteBuffer out;
    private final ByteBuffer[] batch = new ByteBuffer[1024];
    private int next;
    private Mac hmac;
    private long seq;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        sealer = new DatagramSealer(aead);
        sender = DatagramLink.generate(random);
        byte[] bytes = new byte[payloadBytes];
        random.nextBytes(bytes);
        payload = ByteBuffer.wrap(bytes);
        out = ByteBuffer.allocateDirect(Protocol.MAX_DATAGRAM_BYTES);
        DatagramLink batchSender = new DatagramLink(sender.connectionId(), sender.keyBytes());
        for (int i = 0; i < batch.length; i++) {
            batch[i] = ByteBuffer.allocateDirect(payloadBytes + SealedDatagram.OVERHEAD_BYTES);
            sealer.seal(DatagramKind.CLIENT_STATE, batchSender, payload.duplicate(), batch[i]);
            batch[i].flip();
        }
        receiver = new DatagramLink(sender.connectionId(), sender.keyBytes());
        opener = new DatagramOpener(DatagramKind.Direction.CLIENT_TO_SERVER, id -> receiver, aead);
        if (!(open() instanceof DatagramOpener.Opened)) {
            throw new IllegalStateException("the benchmark's datagrams do not open: it would measure refusals");
        }
        hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(sender.keyBytes(), "HmacSHA256"));
    }

    /** Opens datagrams sealed beforehand in turn; a new receiving link after each lap, so none is a replay. */
    @Benchmark
    public Object open() {
        if (next == batch.length) {
            receiver = new DatagramLink(sender.connectionId(), sender.keyBytes());
            next = 0;
        }
        return opener.open(batch[next++].duplicate());
    }

    @Benchmark
    public int seal() {
        out.clear();
        return sealer.seal(DatagramKind.CLIENT_STATE, sender, payload.duplicate(), out);
    }

    @Benchmark
    public int hmac() throws GeneralSecurityException {
        out.clear();
        out.put((byte) 1).putLong(sender.connectionId()).putLong(++seq).put(payload.duplicate());
        hmac.update(out.duplicate().flip());
        byte[] tag = hmac.doFinal();
        out.put(tag, 0, SealedDatagram.TAG_BYTES);
        return out.position();
    }

    @Benchmark
    public int copy() {
        out.clear();
        out.put(payload.duplicate());
        return out.position();
    }
}
