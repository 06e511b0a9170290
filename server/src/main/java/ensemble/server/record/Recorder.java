package ensemble.server.record;

import ensemble.server.session.Session;
import ensemble.server.session.SessionCheckpoints;
import ensemble.v1.RecordingEntry;
import ensemble.v1.WorldCheckpoint;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Records every session of the node for after-action review: a pose frame every
 * {@link #frameTicks} ticks (about {@link #FRAMES_PER_SECOND} a second, on ticks that also send
 * snapshots, so a frame equals what clients saw), a keyframe (full world checkpoint) every
 * {@link #KEYFRAME_MILLIS} and whenever the step or the session state changes. Runs on each
 * session's tick thread after the world was updated; it only builds protobufs and hands them to
 * the bounded {@link RecordingWriter}, which talks to Redis on its own thread. A session that has
 * had nobody connected for longer than the resume grace is not recorded (an abandoned session
 * would grow its recording for nothing); recording goes on with a keyframe when someone is back.
 */
public final class Recorder implements Session.TickObserver {
    public static final int FRAMES_PER_SECOND = 10;
    public static final long KEYFRAME_MILLIS = 2_000;

    private final RecordingWriter writer;
    private final int frameTicks;
    /** Per-session recording state; each entry is touched only by its session's tick thread. */
    private final Map<String, Track> tracks = new ConcurrentHashMap<>();
    private final Consumer<String> ended;
    private final long emptyGraceMillis;

    private static final class Track {
        final FrameCapture capture;
        long lastKeyframeMillis;
        /** Since when nobody is connected; -1 while someone is. */
        long emptySinceMillis = -1;
        String step = "";
        Session.State state;

        Track(Session session) {
            capture = new FrameCapture(session.scene());
        }
    }

    /**
     * @param ended told (on the tick thread) the id of a session whose state became ENDED; it must not block
     */
    public Recorder(RecordingWriter writer, int tickRate, int snapshotRate, java.time.Duration emptyGrace,
            Consumer<String> ended) {
        this.writer = writer;
        this.ended = ended;
        this.emptyGraceMillis = emptyGrace.toMillis();
        int snapshotTicks = Math.max(1, tickRate / snapshotRate);
        int wanted = Math.max(1, Math.round(tickRate / (float) FRAMES_PER_SECOND));
        this.frameTicks = Math.max(snapshotTicks, wanted / snapshotTicks * snapshotTicks);
    }

    public int frameTicks() {
        return frameTicks;
    }

    @Override
    public void afterTick(Session session, long nowMillis) {
        if (session.tickNumber() % frameTicks != 0) {
            return;
        }
        Track track = tracks.get(session.id());
        boolean first = track == null;
        if (first) {
            track = new Track(session);
            tracks.put(session.id(), track);
        }
        if (abandoned(session, track, nowMillis)) {
            return;
        }
        String step = session.scenario() != null ? session.scenario().currentStep() : "";
        Session.State state = session.state();
        if (state == Session.State.ENDED && track.state == Session.State.ENDED) {
            return; // the debrief after the end is not part of the recording
        }
        if (first || nowMillis - track.lastKeyframeMillis >= KEYFRAME_MILLIS || !step.equals(track.step)
                || state != track.state) {
            WorldCheckpoint keyframe = SessionCheckpoints.capture(session);
            if (first) {
                writer.offer(session.id(), RecordingEntry.newBuilder()
                        .setHeader(FrameCapture.header(session, keyframe, frameTicks)).build());
            }
            writer.offer(session.id(), RecordingEntry.newBuilder().setKeyframe(keyframe).build());
            track.lastKeyframeMillis = nowMillis;
            if (state == Session.State.ENDED && track.state != Session.State.ENDED && !first) {
                ended.accept(session.id());
            }
            track.step = step;
            track.state = state;
        }
        writer.offer(session.id(), RecordingEntry.newBuilder().setFrame(track.capture.capture(session, nowMillis)).build());
    }

    /** True while nobody has been connected for longer than the grace; forces a keyframe when someone is back. */
    private boolean abandoned(Session session, Track track, long nowMillis) {
        boolean anyone = session.participantList().stream().anyMatch(Session::isConnected);
        if (anyone) {
            if (track.emptySinceMillis >= 0 && nowMillis - track.emptySinceMillis > emptyGraceMillis) {
                track.lastKeyframeMillis = Long.MIN_VALUE / 2; // the gap ends with a full world
            }
            track.emptySinceMillis = -1;
            return false;
        }
        if (track.emptySinceMillis < 0) {
            track.emptySinceMillis = nowMillis;
        }
        return nowMillis - track.emptySinceMillis > emptyGraceMillis;
    }

    /** Forgets sessions no longer hosted here (called now and then off the tick threads). */
    public void retain(Set<String> hosted) {
        tracks.keySet().retainAll(hosted);
    }
}
