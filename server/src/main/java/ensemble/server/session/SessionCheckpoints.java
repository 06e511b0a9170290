package ensemble.server.session;

import ensemble.scenario.model.Scenario;
import ensemble.server.world.Entity;
import ensemble.server.world.Point;
import ensemble.server.world.Scene;
import ensemble.v1.CheckpointEntity;
import ensemble.v1.CheckpointLink;
import ensemble.v1.CheckpointParticipant;
import ensemble.v1.EntityInfo;
import ensemble.v1.Pose;
import ensemble.v1.Quat;
import ensemble.v1.RoleInfo;
import ensemble.v1.SceneLayout;
import ensemble.v1.Vec3;
import ensemble.v1.WorldCheckpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * World checkpoints: what a session is (scene, participants, entities, scenario state) as
 * protobuf bytes for Redis, and a session rebuilt from one plus the events recorded after it.
 * {@link #capture} runs on the session's tick thread; {@link #restore} builds a session that no
 * thread ticks yet.
 */
public final class SessionCheckpoints {
    private static final Logger log = LoggerFactory.getLogger(SessionCheckpoints.class);

    private SessionCheckpoints() {
    }

    public static WorldCheckpoint capture(Session session) {
        Scene scene = session.scene;
        WorldCheckpoint.Builder out = WorldCheckpoint.newBuilder()
                .setSessionId(session.id).setTick(session.tick)
                .setState(session.state.name().toLowerCase(Locale.ROOT)).setCreatedAtMs(session.createdAtMillis)
                .setScenarioId(scene.scenarioId()).setScenarioVersion(scene.scenarioVersion()).setTitle(scene.title())
                .setLayout(SessionViews.layout(scene));
        for (Entity e : session.entities) {
            out.addEntitySpecs(spec(e));
            out.addSpecPresent(e.spec().present());
            Participant holder = e.holder() >= 0 ? session.byIndex[e.holder()] : null;
            out.addEntities(CheckpointEntity.newBuilder().setId(e.id())
                    .setPose(pose(e.position[0], e.position[1], e.position[2], e.rotation))
                    .setHolderId(holder != null ? holder.id : "").setLeftHand(e.heldInLeftHand())
                    .setState(e.state() == null ? "" : e.state()).setPresent(e.present()).setHighlighted(e.highlighted()));
        }
        for (Participant p : session.participants()) {
            out.addParticipants(CheckpointParticipant.newBuilder().setId(p.id).setIndex(p.index)
                    .setDisplayName(p.displayName).setRole(p.role).setSpectator(p.isSpectator())
                    .setClientKind(p.clientKind).setScore(p.score).setMuted(p.muted)
                    .setHead(pose(p.head)).setLeftHand(pose(p.leftHand)).setRightHand(pose(p.rightHand))
                    .setResumeTokenHash(p.resumeTokenHash));
        }
        if (session.scenario instanceof ScenarioDriver driver) {
            out.setScenarioState(driver.saveState());
        }
        out.setGeneration(session.generation());
        Map<String, String> seats = session.links.seatMap();
        for (Links.Link link : session.links.all()) {
            out.addLinks(CheckpointLink.newBuilder().setId(link.id()).setRole(link.role())
                    .setSpectator(link.kind() == TokenSigner.Kind.SPECTATOR).setPersonal(link.personal())
                    .setLabel(link.label()).setExpiresAtSeconds(link.expiresAtSeconds())
                    .setHolderId(seats.getOrDefault(link.id(), "")));
        }
        out.addAllRevokedLinks(session.links.revokedIds());
        return out.build();
    }

    /**
     * Rebuilds a session from a checkpoint. Participants come back disconnected, within their resume
     * grace; the scenario continues from its saved state. {@code scenarios} finds the scenario by id
     * (a node's catalogue); when its version differs from the checkpoint's, the catalogue's is used.
     */
    public static Session restore(WorldCheckpoint checkpoint, SessionContext context,
            Function<String, Optional<Scenario>> scenarios) {
        return restore(checkpoint, context.clock().millis(), context, scenarios);
    }

    /** An event recorded after a checkpoint, as a takeover replays it. */
    public record Recorded(String type, String actor, Map<String, String> data, long tick, long wallMillis) {
    }

    /**
     * Rebuilds a session another node ran, from its checkpoint (saved at {@code savedAtMillis}) and
     * every event recorded after it, in order. Recorded scenario events are facts: the scenario
     * takes them in without producing them again, so a trigger that fired, a step that began and
     * points that were given after the checkpoint happen exactly once. Ticks continue above any the
     * old node can have reached (it ticks at most at the tick rate since the checkpoint); the
     * scenario clock continues from the last recorded moment.
     */
    public static Session takeOver(WorldCheckpoint checkpoint, long savedAtMillis, List<Recorded> after,
            SessionContext context, Function<String, Optional<Scenario>> scenarios) {
        Session session = restore(checkpoint, savedAtMillis, context, scenarios);
        ScenarioDriver driver = session.scenario instanceof ScenarioDriver d ? d : null;
        long lastMillis = savedAtMillis;
        long lastTick = checkpoint.getTick();
        for (Recorded event : after) {
            lastMillis = Math.max(lastMillis, event.wallMillis());
            lastTick = Math.max(lastTick, event.tick());
            if (driver != null) {
                driver.absorb(event.type(), event.actor(), event.data(), event.wallMillis());
            }
            replay(session, event.type(), event.actor(), event.data());
        }
        long now = context.clock().millis();
        long ticksSince = Math.max(0, now - savedAtMillis) * context.config().tickRate() / 1000;
        session.tick = (int) Math.min(Integer.MAX_VALUE - 1, Math.max(checkpoint.getTick() + ticksSince, lastTick) + 1);
        if (driver != null) {
            driver.rebase(lastMillis, now);
        }
        return session;
    }

    private static Session restore(WorldCheckpoint checkpoint, long scenarioClockMillis, SessionContext context,
            Function<String, Optional<Scenario>> scenarios) {
        long now = context.clock().millis();
        Optional<Scenario> scenario = checkpoint.getScenarioState().isEmpty() ? Optional.empty()
                : scenarios.apply(checkpoint.getScenarioId());
        Scene scene = scenario.isPresent() ? ensemble.server.scenario.SceneBuilder.from(scenario.get()) : scene(checkpoint);
        if (scenario.isPresent() && !scenario.get().version().equals(checkpoint.getScenarioVersion())) {
            log.warn("session {}: scenario {} was version {}, this node has {}; continuing with {}",
                    checkpoint.getSessionId(), checkpoint.getScenarioId(), checkpoint.getScenarioVersion(),
                    scenario.get().version(), scenario.get().version());
        }
        Session session = new Session(checkpoint.getSessionId(), scene, context);
        if (!checkpoint.getGeneration().isEmpty()) {
            session.generation(checkpoint.getGeneration());
        }
        restoreLinks(session, checkpoint);
        session.tick = checkpoint.getTick();
        session.createdAtMillis = checkpoint.getCreatedAtMs();
        for (CheckpointParticipant c : checkpoint.getParticipantsList()) {
            Participant p = new Participant(session.inbox, c.getIndex(), c.getId(), c.getDisplayName(), c.getRole(),
                    c.getSpectator() ? TokenSigner.Kind.SPECTATOR : TokenSigner.Kind.PARTICIPANT, c.getClientKind(),
                    resumeTokenHash(c));
            p.score = c.getScore();
            p.muted = c.getMuted();
            p.active = true; // they were in; a resume gets the full grace
            copy(c.getHead(), p.head);
            copy(c.getLeftHand(), p.leftHand);
            copy(c.getRightHand(), p.rightHand);
            p.connected = false;
            p.disconnectedAtMillis = now;
            session.byIndex[p.index] = p;
        }
        for (CheckpointEntity c : checkpoint.getEntitiesList()) {
            Entity e = session.entitiesById.get(c.getId());
            if (e == null) {
                continue;
            }
            e.moveTo(c.getPose().getPosition().getX(), c.getPose().getPosition().getY(), c.getPose().getPosition().getZ());
            e.rotation[0] = c.getPose().getRotation().getX();
            e.rotation[1] = c.getPose().getRotation().getY();
            e.rotation[2] = c.getPose().getRotation().getZ();
            e.rotation[3] = c.getPose().getRotation().getW();
            e.setState(c.getState());
            e.setPresent(c.getPresent());
            e.setHighlighted(c.getHighlighted());
            Participant holder = session.participant(c.getHolderId());
            if (holder != null) {
                float[] hand = c.getLeftHand() ? holder.leftHand : holder.rightHand;
                e.grab(holder.index, c.getLeftHand(), new float[] {hand[0], hand[1], hand[2]},
                        new float[] {hand[3], hand[4], hand[5], hand[6]});
            }
        }
        Session.State state = Session.State.valueOf(checkpoint.getState().toUpperCase(Locale.ROOT));
        if (scenario.isPresent()) {
            ScenarioDriver driver = new ScenarioDriver(session, scenario.get());
            session.bindScenario(driver, false);
            driver.restoreState(checkpoint.getScenarioState(), scenarioClockMillis);
        }
        session.state = state;
        return session;
    }

    /**
     * Applies the world side of an event recorded after the checkpoint: who joined or left, what
     * was grabbed or released, scores, entity states, pauses; world events also go to the scenario
     * so conditions they latched still count. Call before the session is ticked.
     */
    static void replay(Session session, String type, String actor, Map<String, String> data) {
        Participant p = session.participant(actor);
        switch (type) {
            case "join" -> {
                if (p == null) {
                    int index = Integer.parseInt(data.getOrDefault("index", "-1"));
                    if (index >= 0 && index < Session.MAX_PARTICIPANTS && session.byIndex[index] == null) {
                        boolean spectator = "SPECTATOR".equals(data.get("kind"));
                        Participant joined = new Participant(session.inbox, index, actor, data.getOrDefault("name", actor),
                                data.getOrDefault("role", "spectator"),
                                spectator ? TokenSigner.Kind.SPECTATOR : TokenSigner.Kind.PARTICIPANT,
                                ensemble.v1.ClientKind.CLIENT_KIND_UNSPECIFIED, "");
                        joined.connected = false;
                        joined.active = true;
                        joined.linkId = data.getOrDefault("link", "");
                        session.links.replaySeat(joined.linkId, actor);
                        joined.disconnectedAtMillis = session.context.clock().millis();
                        session.byIndex[index] = joined;
                        feed(session, "join", joined, "", "");
                    }
                }
            }
            case "leave" -> {
                if (p != null) {
                    for (Entity e : session.entities) {
                        if (e.holder() == p.index) {
                            e.release();
                        }
                    }
                    session.byIndex[p.index] = null;
                    session.context.closeStateLink(p);
                    feed(session, "leave", p, "", "");
                }
            }
            case "grab" -> {
                Entity e = session.entitiesById.get(data.get("entity"));
                if (p != null && e != null) {
                    boolean left = "left".equals(data.get("hand"));
                    float[] hand = left ? p.leftHand : p.rightHand;
                    e.grab(p.index, left, new float[] {hand[0], hand[1], hand[2]}, new float[] {hand[3], hand[4], hand[5], hand[6]});
                    feed(session, "grab", p, e.id(), "");
                }
            }
            case "release" -> {
                Entity e = session.entitiesById.get(data.get("entity"));
                if (p != null && e != null && e.holder() == p.index) {
                    e.release();
                    feed(session, "release", p, e.id(), "");
                }
            }
            case "use" -> {
                if (p != null) {
                    feed(session, "use", p, data.getOrDefault("entity", ""), data.getOrDefault("action", ""));
                }
            }
            case "chat" -> {
                if (p != null) {
                    feed(session, "chat", p, data.getOrDefault("to", ""), data.getOrDefault("text", ""));
                }
            }
            case "score" -> {
                Participant scored = session.participant(data.get("participant"));
                if (scored != null && data.containsKey("total")) {
                    scored.score = Integer.parseInt(data.get("total"));
                }
            }
            case "facilitator" -> {
                String command = data.getOrDefault("command", "");
                if (command.equals("pause")) {
                    session.state = Session.State.PAUSED;
                } else if (command.equals("resume") || command.equals("start")) {
                    session.state = Session.State.RUNNING;
                } else if (command.equals("end")) {
                    session.state = Session.State.ENDED;
                }
            }
            case "state" -> entity(session, data).ifPresent(e -> e.setState(data.getOrDefault("state", "")));
            case "spawn" -> entity(session, data).ifPresent(e -> e.setPresent(true));
            case "despawn" -> entity(session, data).ifPresent(e -> e.setPresent(false));
            case "reset" -> {
                for (Entity e : session.entities) {
                    e.reset();
                }
                for (Participant each : session.participants()) {
                    each.score = 0;
                }
            }
            case "ended" -> session.state = Session.State.ENDED;
            case "link" -> session.links.replay(data);
            default -> {
                // chat lines, messages and the like need nothing rebuilt
            }
        }
    }

    /**
     * Fills in resume-token hashes the checkpoint and events did not carry (participants who joined
     * after the last checkpoint), from the participant records of the store. Before the first tick.
     */
    public static void knownResumeHashes(Session session, Map<String, String> hashByParticipant) {
        for (Participant p : session.participants()) {
            if (p.resumeTokenHash.isEmpty()) {
                p.resumeTokenHash = hashByParticipant.getOrDefault(p.id, "");
            }
        }
    }

    private static void restoreLinks(Session session, WorldCheckpoint checkpoint) {
        List<Links.Link> links = new ArrayList<>();
        Map<String, String> seats = new java.util.HashMap<>();
        for (CheckpointLink c : checkpoint.getLinksList()) {
            links.add(new Links.Link(c.getId(), c.getRole(),
                    c.getSpectator() ? TokenSigner.Kind.SPECTATOR : TokenSigner.Kind.PARTICIPANT, c.getPersonal(),
                    c.getLabel(), c.getExpiresAtSeconds()));
            if (!c.getHolderId().isEmpty()) {
                seats.put(c.getId(), c.getHolderId());
            }
        }
        session.links.restore(links, java.util.Set.copyOf(checkpoint.getRevokedLinksList()), seats);
    }

    /** The stored hash; a checkpoint written before hashes were kept holds the token itself. */
    private static String resumeTokenHash(CheckpointParticipant c) {
        if (!c.getResumeTokenHash().isEmpty()) {
            return c.getResumeTokenHash();
        }
        return c.getResumeToken().isEmpty() ? "" : ensemble.server.store.Participant.hashResumeToken(c.getResumeToken());
    }

    private static Optional<Entity> entity(Session session, Map<String, String> data) {
        return Optional.ofNullable(session.entitiesById.get(data.getOrDefault("entity", "")));
    }

    private static void feed(Session session, String type, Participant p, String target, String detail) {
        if (session.scenario instanceof ScenarioDriver driver) {
            driver.replay(type, p, target, detail);
        }
    }

    private static Scene scene(WorldCheckpoint c) {
        SceneLayout layout = c.getLayout();
        List<Scene.Role> roles = new ArrayList<>();
        for (RoleInfo role : layout.getRolesList()) {
            roles.add(new Scene.Role(role.getId(), role.getName(), role.getMinCount(), role.getMaxCount(), role.getColor(),
                    point(role.getSpawn())));
        }
        List<Scene.EntitySpec> specs = new ArrayList<>();
        for (int i = 0; i < c.getEntitySpecsCount(); i++) {
            EntityInfo e = c.getEntitySpecs(i);
            Quat r = e.getPose().getRotation();
            specs.add(new Scene.EntitySpec(e.getId(), e.getShape(), e.getModel().isEmpty() ? null : e.getModel(),
                    point(e.getPose().getPosition()), new float[] {r.getX(), r.getY(), r.getZ(), r.getW()},
                    e.hasScale() ? point(e.getScale()) : null, e.getColor(), e.getGrabbable(), e.getUsable(), e.getLabel(),
                    e.getState(), i < c.getSpecPresentCount() ? c.getSpecPresent(i) : true));
        }
        List<Scene.Wall> walls = layout.getWallsList().stream()
                .map(w -> new Scene.Wall(point(w.getCenter()), point(w.getSize()), w.getColor())).toList();
        List<Scene.Light> lights = layout.getLightsList().stream()
                .map(l -> new Scene.Light(l.getKind(), point(l.getPosition()), point(l.getDirection()), l.getColor(),
                        l.getIntensity())).toList();
        List<Scene.Zone> zones = layout.getZonesList().stream()
                .map(z -> new Scene.Zone(z.getId(), z.getShape(), point(z.getCenter()), z.hasSize() ? point(z.getSize()) : null,
                        z.getRadius(), z.getColor(), z.getLabel())).toList();
        var b = layout.getBounds();
        return new Scene(c.getScenarioId(), c.getScenarioVersion(), c.getTitle(), b.getMin().getX(), b.getMin().getY(),
                b.getMin().getZ(), b.getMax().getX(), b.getMax().getY(), b.getMax().getZ(), roles, specs,
                new Scene.Environment(layout.getFloorColor(), layout.getSkyColor(), walls, lights), zones, null);
    }

    private static EntityInfo spec(Entity e) {
        Scene.EntitySpec spec = e.spec();
        float[] r = spec.rotation();
        EntityInfo.Builder info = EntityInfo.newBuilder().setId(spec.id()).setIndex(e.index())
                .setShape(spec.shape() == null ? "" : spec.shape()).setModel(spec.model() == null ? "" : spec.model())
                .setPose(pose(spec.position().x(), spec.position().y(), spec.position().z(), r))
                .setColor(spec.color() == null ? "" : spec.color()).setGrabbable(spec.grabbable()).setUsable(spec.usable())
                .setLabel(spec.label() == null ? "" : spec.label()).setState(spec.state() == null ? "" : spec.state());
        if (spec.scale() != null) {
            info.setScale(Vec3.newBuilder().setX(spec.scale().x()).setY(spec.scale().y()).setZ(spec.scale().z()));
        }
        return info.build();
    }

    private static Pose pose(float x, float y, float z, float[] q) {
        return Pose.newBuilder().setPosition(Vec3.newBuilder().setX(x).setY(y).setZ(z))
                .setRotation(Quat.newBuilder().setX(q[0]).setY(q[1]).setZ(q[2]).setW(q[3])).build();
    }

    private static Pose pose(float[] p) {
        return pose(p[0], p[1], p[2], new float[] {p[3], p[4], p[5], p[6]});
    }

    private static void copy(Pose pose, float[] into) {
        into[0] = pose.getPosition().getX();
        into[1] = pose.getPosition().getY();
        into[2] = pose.getPosition().getZ();
        into[3] = pose.getRotation().getX();
        into[4] = pose.getRotation().getY();
        into[5] = pose.getRotation().getZ();
        into[6] = pose.getRotation().getW();
    }

    private static Point point(Vec3 v) {
        return new Point(v.getX(), v.getY(), v.getZ());
    }
}
