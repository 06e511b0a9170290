package ensemble.bench.load;

import ensemble.bench.baseline.NaiveEncoder;
import ensemble.client.bot.Bot;
import ensemble.client.net.ConnectionListener;
import ensemble.client.net.LatencyRecorder;
import ensemble.client.net.ServerConnection;
import ensemble.proto.snapshot.Frame;
import ensemble.v1.ServerMessage;
import ensemble.v1.Snapshot;
import ensemble.v1.Welcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the benchmark observes at one client: it forwards everything to the client's {@link Bot}
 * and, while {@link Team#measuring()} is on, records server send → decoded latency, the size
 * the naive full-state encoder would have sent for the same decoded frame, when the
 * {@link Marker}'s button change shows up, and (for one client of a team) the frames themselves
 * for the SpiderMonkey replay. Runs on the connection's event loop; read results after the run.
 */
final class ClientProbe implements ConnectionListener {
    /** Frames recorded for the SpiderMonkey replay: 10 s at 60 Hz. */
    static final int MAX_RECORDED_FRAMES = 600;
    /**
     * The naive size is taken of every tenth decoded frame: sizing dequantises every object, and
     * doing it for every frame was a third of the bots' CPU, which then delayed the very
     * snapshots whose latency is measured. A regular sample of frames gives the same mean.
     */
    static final int NAIVE_SAMPLE_EVERY = 10;

    private final Team team;
    private final Bot bot;
    private final boolean recordFrames;
    final LatencyRecorder sendToDecoded = new LatencyRecorder(50_000);
    final List<Frame> recorded = new ArrayList<>();
    ServerConnection connection;
    private long naiveBytes;
    private long naiveFrames;
    private long decoded;
    private int lastMenu = -1;

    ClientProbe(Team team, Bot bot, boolean recordFrames) {
        this.team = team;
        this.bot = bot;
        this.recordFrames = recordFrames;
    }

    @Override
    public void onWelcome(Welcome welcome) {
        bot.onWelcome(welcome);
    }

    @Override
    public void onMessage(ServerMessage message) {
        bot.onMessage(message);
    }

    @Override
    public void onSnapshot(Frame frame, Snapshot snapshot) {
        if (!team.measuring()) {
            return;
        }
        Instant now = Instant.now();
        long nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
        sendToDecoded.record(Math.max(0, nowMicros - snapshot.getServerTimeUs()));
        if (decoded++ % NAIVE_SAMPLE_EVERY == 0) {
            synchronized (this) {
                naiveBytes += NaiveEncoder.size(frame, connection.quantizer(), snapshot.getTick());
                naiveFrames++;
            }
        }
        Marker marker = team.marker();
        if (marker != null && marker.connection() != connection) {
            int slot = frame.findAvatar(marker.participantIndex());
            if (slot >= 0) {
                int menu = frame.avatarFlags(slot) & ensemble.v1.Button.BUTTON_MENU_VALUE;
                if (menu != lastMenu) {
                    if (lastMenu >= 0) {
                        marker.seen(menu != 0, System.nanoTime());
                    }
                    lastMenu = menu;
                }
            }
        }
        if (recordFrames && recorded.size() < MAX_RECORDED_FRAMES) {
            Frame copy = new Frame();
            copy.copyFrom(frame);
            recorded.add(copy);
        }
    }

    /** Mean size of the naive full-state message for the frames this client decoded, bytes. */
    synchronized double naiveBytesPerFrame() {
        return naiveFrames == 0 ? 0 : naiveBytes / (double) naiveFrames;
    }
}
