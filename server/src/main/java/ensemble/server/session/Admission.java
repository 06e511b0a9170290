package ensemble.server.session;

import static ensemble.server.store.Participant.hashResumeToken;

import ensemble.proto.Protocol;
import ensemble.server.net.Replies;
import ensemble.server.world.Entity;
import ensemble.server.world.Point;
import ensemble.server.world.Scene;
import ensemble.v1.Bounds;
import ensemble.v1.ClientKind;
import ensemble.v1.EntityEvent;
import ensemble.v1.ErrorCode;
import ensemble.v1.ParticipantEvent;
import ensemble.v1.ServerMessage;
import ensemble.v1.Vec3;
import ensemble.v1.Welcome;
import io.netty.channel.Channel;
import java.security.SecureRandom;
import java.util.Map;

/**
 * Who is in a session: joins, resumes after a drop, disconnects, the grace period, and leaving.
 * Tick thread only.
 */
final class Admission {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Eye height of a standing adult, in metres, for spawning heads. */
    static final float EYE_HEIGHT = 1.65f;

    private final Session session;

    Admission(Session session) {
        this.session = session;
    }

    void join(SessionCommand.Join join) {
        Channel channel = join.channel();
        if (!channel.isActive()) {
            return;
        }
        if (session.state == Session.State.ENDED) {
            Replies.fail(channel, ErrorCode.ERROR_CODE_SESSION_ENDED, "session " + session.id + " has ended");
            return;
        }
        TokenSigner.JoinToken token = join.token();
        String refusal = linkRefusal(token);
        if (refusal != null) {
            Replies.fail(channel, ErrorCode.ERROR_CODE_LINK_REVOKED, refusal);
            return;
        }
        int index = freeIndex();
        DisplayNames.Result name = DisplayNames.normalise(join.hello().getDisplayName(), "Participant " + (index + 1));
        if (!name.ok()) {
            Replies.fail(channel, ErrorCode.ERROR_CODE_NAME_REFUSED, name.refusal());
            return;
        }
        TokenSigner.Kind kind = token.kind();
        Scene.Role role = session.scene.role(token.role());
        if (kind == TokenSigner.Kind.SPECTATOR) {
            int cap = session.context.config().joinLimits().maxSpectators();
            if (countSpectators() >= cap) {
                Replies.fail(channel, ErrorCode.ERROR_CODE_SPECTATORS_FULL,
                        "the session has no spectator place left (" + cap + " of " + cap + ")");
                return;
            }
        } else {
            if (role == null) {
                Replies.fail(channel, ErrorCode.ERROR_CODE_BAD_TOKEN, "the scenario has no role '" + token.role() + "'");
                return;
            }
            if (token.personal() && session.links.seated(token.linkId()) != null) {
                Replies.fail(channel, ErrorCode.ERROR_CODE_SEAT_TAKEN, "this personal link's seat is taken by "
                        + session.links.seated(token.linkId()).displayName + "; one person per link");
                return;
            }
            int reserved = session.links.reserved(role.id(), token.personal() ? token.linkId() : null);
            if (countInRole(role.id()) + reserved >= role.maxCount()) {
                Replies.fail(channel, ErrorCode.ERROR_CODE_ROLE_FULL, "role '" + role.id() + "' is full (" + role.maxCount() + " of "
                        + role.maxCount() + (reserved > 0 ? ", " + reserved + " reserved by personal links" : "") + ")");
                return;
            }
        }
        if (index < 0) {
            Replies.fail(channel, ErrorCode.ERROR_CODE_ROLE_FULL, "session is full (" + Session.MAX_PARTICIPANTS + ")");
            return;
        }
        String participantId = "p-" + Long.toHexString(RANDOM.nextLong() & 0xffffffffffL);
        String resumeToken = session.context.signer().resume(session.id, participantId);
        Participant p = new Participant(session.inbox, index, participantId, name.name(),
                kind == TokenSigner.Kind.SPECTATOR ? "spectator" : role.id(), kind, join.hello().getClientKind(),
                hashResumeToken(resumeToken));
        p.linkId = token.linkId();
        p.personKey = ChatAllowance.person(token.linkId(), channel.remoteAddress());
        session.chatAllowance.joining(p, session.participants(), session.context.clock().millis());
        if (token.personal()) {
            session.links.seat(token, p);
        }
        spawn(p, role);
        p.channel = channel;
        session.byIndex[index] = p;
        session.context.openStateLink(p);
        join.admitted().accept(p);
        welcome(p, false, resumeToken);
        session.broadcast(participantEvent(ParticipantEvent.Kind.KIND_JOINED, p));
        session.events.append("join", session.tick, session.context.clock().millis(), p.id,
                Map.of("name", p.displayName, "role", p.role, "kind", p.kind.name(), "index", Integer.toString(p.index),
                        "link", p.linkId));
        session.participantChanged(p);
        session.worldEvent("join", p, "", "");
        session.stepChanged();
    }

    /** Why a link admits nobody (another incarnation of the session id, or revoked), or null. */
    private String linkRefusal(TokenSigner.JoinToken token) {
        if (!token.generation().equals(session.generation())) {
            return "this link is for an earlier session " + session.id + ", which was deleted; ask for a new link";
        }
        if (session.links.isRevoked(token.linkId())) {
            return "this link was revoked by the facilitator; ask for a new one";
        }
        return null;
    }

    void resume(SessionCommand.Resume resume) {
        Channel channel = resume.channel();
        Participant p = session.participant(resume.token().participantId());
        if (p == null) {
            Replies.fail(channel, ErrorCode.ERROR_CODE_SESSION_NOT_FOUND,
                    "participant " + resume.token().participantId() + " is no longer in session " + session.id);
            return;
        }
        String presented = resume.hello().getResumeToken();
        if (!p.resumesWith(presented)) {
            Replies.fail(channel, ErrorCode.ERROR_CODE_BAD_TOKEN, "this resume token is not the one issued to "
                    + p.id + " (a newer join replaced it, or it was never issued here)");
            return;
        }
        Channel old = p.channel;
        if (old != null && old != channel) {
            Replies.goodbye(old, ErrorCode.ERROR_CODE_REMOVED, "replaced by a newer connection of the same participant");
        }
        p.channel = channel;
        // A new key and connection id: the old ones die now, and with them any address they bound.
        session.context.openStateLink(p);
        p.takeInput();
        p.lastInputSeq = 0;
        p.connected = true;
        p.ackTick = 0;
        for (int i = 0; i < Participant.HISTORY; i++) {
            p.history[i].clear(-1);
        }
        resume.admitted().accept(p);
        welcome(p, true, presented);
        session.broadcast(participantEvent(ParticipantEvent.Kind.KIND_RESUMED, p));
        session.events.append("resume", session.tick, session.context.clock().millis(), p.id, Map.of());
        session.recordEvent();
    }

    void disconnected(Participant p, Channel channel) {
        if (session.byIndex[p.index] != p || p.channel != channel) {
            return; // already gone, or replaced by a resumed connection
        }
        if (!p.active) {
            // Welcomed but never heard from again: a ghost keeps no slot for the whole grace period.
            leave(p, "the connection closed before it became active");
            return;
        }
        p.channel = null;
        session.context.closeStateLink(p);
        p.connected = false;
        p.disconnectedAtMillis = session.context.clock().millis();
        session.broadcast(participantEvent(ParticipantEvent.Kind.KIND_DISCONNECTED, p));
        session.events.append("disconnect", session.tick, p.disconnectedAtMillis, p.id, Map.of());
        session.recordEvent();
    }

    /** Removes participants whose connection dropped longer ago than the resume grace. */
    void expireDropped(long nowMillis) {
        long grace = session.context.config().resumeGrace().toMillis();
        for (Participant p : session.byIndex) {
            if (p != null && !p.connected && nowMillis - p.disconnectedAtMillis > grace) {
                leave(p, "did not come back within " + grace / 1000 + " s");
            }
        }
    }

    /** Removes a participant now: releases what they hold and tells everyone. */
    void leave(Participant p, String reason) {
        if (session.byIndex[p.index] != p) {
            return;
        }
        for (Entity entity : session.entities) {
            if (entity.holder() == p.index) {
                entity.release();
                session.broadcast(ServerMessage.newBuilder().setEntityEvent(EntityEvent.newBuilder()
                        .setKind(EntityEvent.Kind.KIND_RELEASED).setEntityId(entity.id()).setParticipantId(p.id)
                        .setTick(session.tick)).build());
            }
        }
        session.byIndex[p.index] = null;
        session.context.closeStateLink(p);
        session.chatAllowance.leaving(p, session.context.clock().millis());
        Channel channel = p.channel;
        p.channel = null;
        if (channel != null) {
            Replies.goodbye(channel, ErrorCode.ERROR_CODE_REMOVED, reason);
        }
        session.broadcast(participantEvent(ParticipantEvent.Kind.KIND_LEFT, p));
        session.events.append("leave", session.tick, session.context.clock().millis(), p.id, Map.of("reason", reason));
        session.worldEvent("leave", p, "", reason);
        session.participantChanged(p);
        session.stepChanged();
    }

    /** {@code resumeToken} is handed over here only; the participant keeps its hash. */
    private void welcome(Participant p, boolean resumed, String resumeToken) {
        var config = session.context.config();
        Scene scene = session.scene;
        Welcome welcome = Welcome.newBuilder()
                .setParticipantId(p.id).setSessionId(session.id)
                .setScenarioId(scene.scenarioId()).setScenarioVersion(scene.scenarioVersion())
                .setTickRate(config.tickRate()).setSnapshotRate(config.snapshotRate())
                .setUdpEndpoint(config.publicHost() + ":" + localPort(p.channel))
                .setUdpKey(com.google.protobuf.ByteString.copyFrom(p.stateLink.link().keyBytes()))
                .setUdpConnectionId(p.stateLink.link().connectionId())
                .setResumeToken(resumeToken).setRole(p.role)
                .setSceneBounds(Bounds.newBuilder()
                        .setMin(Vec3.newBuilder().setX(scene.minX()).setY(scene.minY()).setZ(scene.minZ()))
                        .setMax(Vec3.newBuilder().setX(scene.maxX()).setY(scene.maxY()).setZ(scene.maxZ())))
                .setServerTick(session.tick).setServerTimeMs(session.context.clock().millis())
                .setResumed(resumed).setMaxFrameBytes(config.maxFrameBytes()).setParticipantIndex(p.index)
                .addAllAlternates(session.context.alternates())
                .setHead(ensemble.v1.Pose.newBuilder()
                        .setPosition(Vec3.newBuilder().setX(p.head[0]).setY(p.head[1]).setZ(p.head[2]))
                        .setRotation(ensemble.v1.Quat.newBuilder().setX(p.head[3]).setY(p.head[4]).setZ(p.head[5])
                                .setW(p.head[6])))
                .build();
        Channel channel = p.channel;
        channel.write(ServerMessage.newBuilder().setWelcome(welcome).build(), channel.voidPromise());
        channel.write(ServerMessage.newBuilder().setSessionStatus(SessionViews.status(session)).build(),
                channel.voidPromise());
        if (session.scenario instanceof ScenarioDriver driver && !driver.currentStep().isEmpty()) {
            channel.write(driver.stepFor(p), channel.voidPromise());
        }
        session.markForFlush(channel);
    }

    private static int localPort(Channel channel) {
        return channel.localAddress() instanceof java.net.InetSocketAddress address ? address.getPort()
                : Protocol.DEFAULT_PORT;
    }

    ServerMessage participantEvent(ParticipantEvent.Kind kind, Participant p) {
        return ServerMessage.newBuilder().setParticipantEvent(ParticipantEvent.newBuilder()
                .setKind(kind).setParticipant(SessionViews.info(session, p))).build();
    }

    private void spawn(Participant p, Scene.Role role) {
        Point spawn = role != null ? role.spawn() : new Point(0, 0, 0);
        double angle = p.index * 2.39996; // golden angle spreads people around the spawn point
        float x = spawn.x() + (float) Math.cos(angle) * 1.0f;
        float z = spawn.z() + (float) Math.sin(angle) * 1.0f;
        setPose(p.head, x, spawn.y() + EYE_HEIGHT, z);
        setPose(p.leftHand, x - 0.25f, spawn.y() + 1.0f, z);
        setPose(p.rightHand, x + 0.25f, spawn.y() + 1.0f, z);
        if (p.clientKind == ClientKind.CLIENT_KIND_SPECTATOR) {
            p.head[1] = spawn.y() + 3f;
        }
    }

    private static void setPose(float[] pose, float x, float y, float z) {
        pose[0] = x;
        pose[1] = y;
        pose[2] = z;
        pose[3] = 0;
        pose[4] = 0;
        pose[5] = 0;
        pose[6] = 1;
    }

    private int countSpectators() {
        int n = 0;
        for (Participant p : session.byIndex) {
            if (p != null && p.isSpectator()) {
                n++;
            }
        }
        return n;
    }

    int countInRole(String roleId) {
        int n = 0;
        for (Participant p : session.byIndex) {
            if (p != null && p.role.equals(roleId)) {
                n++;
            }
        }
        return n;
    }

    private int freeIndex() {
        for (int i = 0; i < session.byIndex.length; i++) {
            if (session.byIndex[i] == null) {
                return i;
            }
        }
        return -1;
    }
}
