package ensemble.client.bot;

import ensemble.client.net.ConnectionListener;
import ensemble.client.net.SessionLocator;
import ensemble.proto.snapshot.Frame;
import ensemble.v1.Snapshot;
import ensemble.v1.Welcome;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an operator sees of a running team of bots: a status line (connected, node, snapshots per
 * second, last gap in the snapshots) and, when asked, a timeline of every failover step (disconnect,
 * lookup, redirect, moving, unreachable, resumed, first snapshot) with millisecond timestamps.
 *
 * <p>Threads: the listeners of {@link #watch} run on the bots' event loops; {@link #statusLine}
 * runs on any thread. Lines are printed whole, one {@code println} each.
 */
public final class BotWatch {
    /** A pause between two snapshots longer than this counts as a gap. */
    static final long GAP_MILLIS = 500;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    /** A pause in one bot's snapshots: when it began, how long it was, and which bot. */
    public record Gap(String bot, long startedAtMillis, long millis) {
    }

    private final PrintStream out;
    private final boolean timeline;
    private final AtomicLong snapshots = new AtomicLong();
    private volatile Gap lastGap;
    private long lastStatusSnapshots;
    private long lastStatusNanos = System.nanoTime();

    /**
     * @param out      where lines go
     * @param timeline whether to print the failover timeline
     */
    public BotWatch(PrintStream out, boolean timeline) {
        this.out = out;
        this.timeline = timeline;
    }

    /** A listener that follows bot {@code name}'s connection (pass it to {@link BotSwarm}). */
    public ConnectionListener watch(String name) {
        return new ConnectionListener() {
            private long lastSnapshotMillis;
            private long droppedAtMillis;
            private boolean awaitingFirstSnapshot;

            @Override
            public void onWelcome(Welcome welcome) {
                if (welcome.getResumed() && droppedAtMillis > 0) {
                    long now = System.currentTimeMillis();
                    event(now, name, "resumed as " + welcome.getParticipantId() + " (" + seconds(now - droppedAtMillis)
                            + " after the drop)");
                    awaitingFirstSnapshot = true;
                }
            }

            @Override
            public void onSnapshot(Frame frame, Snapshot snapshot) {
                long now = System.currentTimeMillis();
                snapshots.incrementAndGet();
                if (lastSnapshotMillis > 0 && now - lastSnapshotMillis > GAP_MILLIS) {
                    lastGap = new Gap(name, lastSnapshotMillis, now - lastSnapshotMillis);
                }
                if (awaitingFirstSnapshot) {
                    awaitingFirstSnapshot = false;
                    event(now, name, "snapshots again (" + seconds(now - droppedAtMillis) + " after the drop)");
                }
                lastSnapshotMillis = now;
            }

            @Override
            public void onDisconnected(String reason, boolean resuming) {
                droppedAtMillis = System.currentTimeMillis();
                event(droppedAtMillis, name, "disconnected: " + reason + (resuming ? "; looking for the session" : ""));
            }

            @Override
            public void onLocatorEvent(SessionLocator.Event e) {
                String line = switch (e.kind()) {
                    case LOOKUP -> "lookup " + e.endpoint() + " (" + e.detail().replace('_', ' ') + ")";
                    case REDIRECT -> "redirect " + e.endpoint() + " -> " + e.detail();
                    case MOVING -> "moving: " + e.endpoint() + " says " + e.detail();
                    case UNREACHABLE -> "unreachable " + e.endpoint() + ": " + e.detail();
                };
                event(e.atMillis(), name, line);
            }

            @Override
            public void onClosed(String reason) {
                event(System.currentTimeMillis(), name, "closed: " + reason);
            }
        };
    }

    private void event(long atMillis, String bot, String what) {
        if (timeline) {
            out.println(TIME.format(Instant.ofEpochMilli(atMillis)) + " " + bot + ": " + what);
        }
    }

    /** The most recent gap in any bot's snapshots, or null. */
    public Gap lastGap() {
        return lastGap;
    }

    /**
     * One line about the team now, e.g. {@code 12:00:05.120 bots 4/4 connected, node
     * 127.0.0.1:7777, 59.8 snapshots/s per bot, last gap 3.52 s at 11:59:40.871 (Bot 2)}. Snapshot
     * rates are since the previous status line.
     */
    public synchronized String statusLine(List<BotSwarm.Member> members) {
        int connected = 0;
        TreeSet<String> nodes = new TreeSet<>();
        for (BotSwarm.Member member : members) {
            if (member.connection().isConnected()) {
                connected++;
                nodes.add(member.connection().endpoint());
            }
        }
        long now = System.nanoTime();
        long total = snapshots.get();
        double seconds = Math.max(1e-3, (now - lastStatusNanos) / 1e9);
        double rate = (total - lastStatusSnapshots) / seconds / Math.max(1, connected);
        lastStatusNanos = now;
        lastStatusSnapshots = total;
        Gap gap = lastGap;
        return String.format(Locale.ROOT, "%s bots %d/%d connected, node %s, %.1f snapshots/s per bot, last gap %s",
                TIME.format(Instant.now()), connected, members.size(), nodes.isEmpty() ? "none" : String.join(" ", nodes),
                rate, gap == null ? "none" : seconds(gap.millis()) + " at " + TIME.format(Instant.ofEpochMilli(
                        gap.startedAtMillis())) + " (" + gap.bot() + ")");
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }
}
