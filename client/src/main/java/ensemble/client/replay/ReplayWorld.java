package ensemble.client.replay;

import ensemble.client.app.OfflineWorld;
import ensemble.client.net.Interpolator;
import ensemble.v1.AvatarPose;
import ensemble.v1.ClientKind;
import ensemble.v1.EntityPose;
import ensemble.v1.ParticipantInfo;
import ensemble.v1.PoseFrame;
import ensemble.v1.RoleInfo;
import ensemble.v1.SessionStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A recorded session played back in the 3D client: the recording's scene, and every avatar and
 * entity at its recorded pose, interpolated between the recorded frames (about 10 per second), so
 * the replay moves as smoothly as the live session. Playback starts at the beginning, can pause and
 * seek, and stops at the end. Render thread only.
 */
public final class ReplayWorld implements OfflineWorld {
    private final RecordingReader.Contents recording;
    private final LongSupplier clock;
    private final float minX;
    private final float minY;
    private final float minZ;
    private final long startMs;
    private final long endMs;
    private final float[] rotA = new float[4];
    private final float[] rotB = new float[4];
    private long offsetMs;
    private long pausedAtMs = -1;
    private long anchorMs;
    private double speed = 1;
    private PoseFrame a;
    private PoseFrame b;
    private float t;

    public ReplayWorld(RecordingReader.Contents recording, LongSupplier clock) {
        this.recording = recording;
        this.clock = clock;
        var bounds = recording.header().getLayout().getBounds();
        this.minX = bounds.getMin().getX();
        this.minY = bounds.getMin().getY();
        this.minZ = bounds.getMin().getZ();
        List<PoseFrame> frames = recording.frames();
        this.startMs = frames.get(0).getWallMs();
        this.endMs = frames.get(frames.size() - 1).getWallMs();
        this.anchorMs = clock.getAsLong();
        locate(startMs);
    }

    @Override
    public SessionStatus status() {
        Map<Integer, AvatarPose> everyone = new LinkedHashMap<>();
        for (PoseFrame frame : recording.frames()) {
            for (AvatarPose avatar : frame.getAvatarsList()) {
                if (!avatar.getSpectator()) {
                    everyone.putIfAbsent(avatar.getIndex(), avatar);
                }
            }
        }
        Map<String, String> colours = new LinkedHashMap<>();
        for (RoleInfo role : recording.header().getLayout().getRolesList()) {
            colours.put(role.getId(), role.getColor());
        }
        SessionStatus.Builder status = SessionStatus.newBuilder().setState(SessionStatus.State.STATE_RUNNING)
                .setTitle("Replay: " + recording.header().getTitle()).setLayout(recording.header().getLayout())
                .addAllEntities(recording.header().getEntitiesList());
        for (AvatarPose avatar : everyone.values()) {
            status.addParticipants(ParticipantInfo.newBuilder().setParticipantId(avatar.getParticipantId())
                    .setIndex(avatar.getIndex()).setDisplayName(avatar.getDisplayName()).setRole(avatar.getRole())
                    .setColor(colours.getOrDefault(avatar.getRole(), "#999999")).setClientKind(ClientKind.CLIENT_KIND_BOT)
                    .setConnected(true));
        }
        return status.build();
    }

    /** Recorded time now showing, milliseconds since the recording's first frame. */
    public long positionMs() {
        long now = pausedAtMs >= 0 ? pausedAtMs : (long) ((clock.getAsLong() - anchorMs) * speed) + offsetMs;
        return Math.max(0, Math.min(endMs - startMs, now));
    }

    public long durationMs() {
        return endMs - startMs;
    }

    public boolean paused() {
        return pausedAtMs >= 0;
    }

    public void togglePause() {
        if (pausedAtMs >= 0) {
            offsetMs = pausedAtMs;
            anchorMs = clock.getAsLong();
            pausedAtMs = -1;
        } else {
            pausedAtMs = positionMs();
        }
    }

    /** Jumps to {@code ms} since the start (clamped). */
    public void seek(long ms) {
        long at = Math.max(0, Math.min(endMs - startMs, ms));
        if (pausedAtMs >= 0) {
            pausedAtMs = at;
        } else {
            offsetMs = at;
            anchorMs = clock.getAsLong();
        }
    }

    public void setSpeed(double value) {
        offsetMs = positionMs();
        anchorMs = clock.getAsLong();
        speed = Math.max(0.25, Math.min(8, value));
    }

    /** The step showing now, and the scenario state ("running", "paused", "ended"). */
    public String step() {
        return a.getStepId();
    }

    public String state() {
        return a.getState();
    }

    @Override
    public void beginFrame() {
        locate(startMs + positionMs());
    }

    private void locate(long wallMs) {
        List<PoseFrame> frames = recording.frames();
        int lo = 0;
        int hi = frames.size() - 1;
        while (lo < hi) { // last frame at or before wallMs
            int mid = (lo + hi + 1) >>> 1;
            if (frames.get(mid).getWallMs() <= wallMs) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        a = frames.get(lo);
        b = frames.get(Math.min(frames.size() - 1, lo + 1));
        long span = b.getWallMs() - a.getWallMs();
        t = span <= 0 ? 0 : Math.max(0, Math.min(1, (wallMs - a.getWallMs()) / (float) span));
    }

    @Override
    public boolean avatar(int index, int pose, float[] out) {
        AvatarPose from = avatarIn(a, index);
        AvatarPose to = avatarIn(b, index);
        if (from == null || from.getSpectator() || from.getPositionMmCount() < 9) {
            return false;
        }
        if (to == null || to.getPositionMmCount() < 9) {
            to = from;
        }
        int p = pose * 3;
        blend(from.getPositionMm(p), from.getPositionMm(p + 1), from.getPositionMm(p + 2), from.getRotation(pose),
                to.getPositionMm(p), to.getPositionMm(p + 1), to.getPositionMm(p + 2), to.getRotation(pose), out);
        return true;
    }

    @Override
    public int avatarFlags(int index) {
        return 0;
    }

    @Override
    public boolean entity(int index, float[] out) {
        EntityPose from = entityIn(a, index);
        if (from == null || !from.getPresent() || from.getPositionMmCount() < 3) {
            return false;
        }
        EntityPose to = entityIn(b, index);
        if (to == null || to.getPositionMmCount() < 3) {
            to = from;
        }
        blend(from.getPositionMm(0), from.getPositionMm(1), from.getPositionMm(2), from.getRotation(),
                to.getPositionMm(0), to.getPositionMm(1), to.getPositionMm(2), to.getRotation(), out);
        return true;
    }

    @Override
    public boolean ready() {
        return true;
    }

    private void blend(int ax, int ay, int az, long ar, int bx, int by, int bz, long br, float[] out) {
        out[0] = minX + (ax + (bx - ax) * t) / 1000f;
        out[1] = minY + (ay + (by - ay) * t) / 1000f;
        out[2] = minZ + (az + (bz - az) * t) / 1000f;
        Interpolator.blendRotation(ar, br, t, rotA, rotB, out);
    }

    private static AvatarPose avatarIn(PoseFrame frame, int index) {
        for (AvatarPose avatar : frame.getAvatarsList()) {
            if (avatar.getIndex() == index) {
                return avatar;
            }
        }
        return null;
    }

    private static EntityPose entityIn(PoseFrame frame, int index) {
        for (EntityPose entity : frame.getEntitiesList()) {
            if (entity.getIndex() == index) {
                return entity;
            }
        }
        return null;
    }
}
