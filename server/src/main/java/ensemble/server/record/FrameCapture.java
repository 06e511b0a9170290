package ensemble.server.record;

import ensemble.proto.PoseQuantizer;
import ensemble.server.session.Participant;
import ensemble.server.session.Session;
import ensemble.server.world.Entity;
import ensemble.server.world.Scene;
import ensemble.v1.AvatarPose;
import ensemble.v1.EntityPose;
import ensemble.v1.PoseFrame;
import ensemble.v1.RecordingHeader;
import ensemble.v1.WorldCheckpoint;
import java.util.List;
import java.util.Locale;

/**
 * Takes a session's pose frame on its tick thread: every avatar and entity quantised the way
 * snapshots are (millimetres from the scene's minimum corner, smallest-three rotations), plus the
 * step and each participant's score, so a replay shows exactly what the live session had.
 */
final class FrameCapture {
    private final PoseQuantizer quantizer;
    private final float[] poses = new float[21];

    FrameCapture(Scene scene) {
        this.quantizer = new PoseQuantizer(scene.minX(), scene.minY(), scene.minZ(), scene.maxX(), scene.maxY(), scene.maxZ());
    }

    PoseFrame capture(Session session, long nowMillis) {
        PoseFrame.Builder frame = PoseFrame.newBuilder().setTick(session.tickNumber()).setWallMs(nowMillis)
                .setState(session.state().name().toLowerCase(Locale.ROOT))
                .setStepId(session.scenario() != null ? session.scenario().currentStep() : "");
        List<Participant> participants = session.participantList();
        for (Participant p : participants) {
            Session.copyPoses(p, poses);
            AvatarPose.Builder avatar = AvatarPose.newBuilder().setParticipantId(p.id()).setIndex(p.index())
                    .setDisplayName(p.displayName()).setRole(p.role()).setSpectator(Session.isSpectator(p))
                    .setConnected(Session.isConnected(p)).setScore(p.score());
            for (int part = 0; part < 3; part++) {
                int o = part * 7;
                avatar.addPositionMm(quantizer.quantizeX(poses[o])).addPositionMm(quantizer.quantizeY(poses[o + 1]))
                        .addPositionMm(quantizer.quantizeZ(poses[o + 2]));
                avatar.addRotation(PoseQuantizer.packRotation(poses[o + 3], poses[o + 4], poses[o + 5], poses[o + 6]));
            }
            frame.addAvatars(avatar);
        }
        for (Entity e : session.entityList()) {
            String holder = "";
            if (e.holder() >= 0) {
                for (Participant p : participants) {
                    if (p.index() == e.holder()) {
                        holder = p.id();
                    }
                }
            }
            frame.addEntities(EntityPose.newBuilder().setIndex(e.index())
                    .addPositionMm(quantizer.quantizeX(e.position[0])).addPositionMm(quantizer.quantizeY(e.position[1]))
                    .addPositionMm(quantizer.quantizeZ(e.position[2]))
                    .setRotation(PoseQuantizer.packRotation(e.rotation[0], e.rotation[1], e.rotation[2], e.rotation[3]))
                    .setHolderId(holder).setState(e.state() == null ? "" : e.state()).setPresent(e.present())
                    .setHighlighted(e.highlighted()));
        }
        return frame.build();
    }

    /** The recording's header, from the session's first keyframe (layout and entity definitions). */
    static RecordingHeader header(Session session, WorldCheckpoint keyframe, int frameTicks) {
        return RecordingHeader.newBuilder().setFormat(RecordingFile.FORMAT).setSessionId(session.id())
                .setScenarioId(keyframe.getScenarioId()).setScenarioVersion(keyframe.getScenarioVersion())
                .setTitle(keyframe.getTitle()).setTickRate(session.context().config().tickRate()).setFrameTicks(frameTicks)
                .setStartedAtMs(session.createdAtMillis()).setLayout(keyframe.getLayout())
                .addAllEntities(keyframe.getEntitySpecsList()).build();
    }
}
