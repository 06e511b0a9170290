package ensemble.client.bench;

import ensemble.client.app.PoseFeed;
import ensemble.proto.snapshot.Frame;
import ensemble.v1.Bounds;
import ensemble.v1.Button;
import ensemble.v1.ClientKind;
import ensemble.v1.EntityInfo;
import ensemble.v1.Light;
import ensemble.v1.ParticipantInfo;
import ensemble.v1.Pose;
import ensemble.v1.Quat;
import ensemble.v1.RoleInfo;
import ensemble.v1.SceneLayout;
import ensemble.v1.SessionStatus;
import ensemble.v1.Vec3;
import ensemble.v1.Wall;
import ensemble.v1.Zone;
import java.util.function.LongSupplier;

/**
 * A self-contained world for the benchmark: a furnished 20 m x 20 m room (walls, lights, zones,
 * boxes, cylinders, spheres and capsules) and {@code avatars} people walking their own circles,
 * swinging their hands, some talking or typing. It speaks the same protocol types as a server,
 * so the very same app states draw it; no server or GPU is needed. Render thread only.
 */
public final class SyntheticWorld implements ensemble.client.app.OfflineWorld {
    static final String[] ROLES = {"lead", "responder", "observer", "safety"};
    static final String[] ROLE_COLORS = {"#3080ff", "#ff6040", "#40c060", "#e0c020"};

    private final int avatars;
    private final LongSupplier clock;
    private final SessionStatus scene;
    private double t;

    public SyntheticWorld(int avatars, LongSupplier clock) {
        this(avatars, clock, null);
    }

    /**
     * Walkers in the scene of {@code scene} (a catalogue scenario's status, see
     * {@link ScenarioLayout}), or in the built-in furnished room when it is null.
     */
    public SyntheticWorld(int avatars, LongSupplier clock, SessionStatus scene) {
        this.avatars = avatars;
        this.clock = clock;
        this.scene = scene;
    }

    /** The session status a server would send: layout, entities and the walkers as participants. */
    @Override
    public SessionStatus status() {
        if (scene != null) {
            SessionStatus.Builder status = scene.toBuilder().setStepId("bench")
                    .setInstruction("Benchmark: flying a fixed path past " + avatars + " avatars");
            var roles = scene.getLayout().getRolesList();
            for (int i = 0; i < avatars; i++) {
                RoleInfo role = roles.get(i % roles.size());
                status.addParticipants(ParticipantInfo.newBuilder().setParticipantId("walker-" + i).setIndex(i + 1)
                        .setDisplayName("Walker " + (i + 1)).setRole(role.getId()).setColor(role.getColor())
                        .setClientKind(ClientKind.CLIENT_KIND_BOT).setConnected(true));
            }
            return status.build();
        }
        return furnishedRoom();
    }

    private SessionStatus furnishedRoom() {
        SceneLayout.Builder layout = SceneLayout.newBuilder()
                .setBounds(Bounds.newBuilder().setMin(vec(-10, 0, -10)).setMax(vec(10, 4, 10)))
                .setFloorColor("#8a8f98").setSkyColor("#b8d4f0")
                .addLights(Light.newBuilder().setKind("ambient").setColor("#ffffff").setIntensity(0.4f))
                .addLights(Light.newBuilder().setKind("directional").setDirection(vec(-0.4f, -1, -0.3f))
                        .setColor("#ffffff").setIntensity(0.9f))
                .addLights(Light.newBuilder().setKind("point").setPosition(vec(0, 3.5f, 0)).setColor("#fff0d0").setIntensity(0.6f))
                .addZones(Zone.newBuilder().setId("exit").setShape("box").setCenter(vec(8, 1, 8)).setSize(vec(3, 2, 3))
                        .setColor("#30ff60").setLabel("Assembly point"))
                .addZones(Zone.newBuilder().setId("hazard").setShape("sphere").setCenter(vec(-5, 0.5f, 4)).setRadius(1.5f)
                        .setColor("#ff4030").setLabel("Spill"));
        float[][] walls = {{0, 1.5f, -10, 20, 3, 0.2f}, {0, 1.5f, 10, 20, 3, 0.2f}, {-10, 1.5f, 0, 0.2f, 3, 20},
            {10, 1.5f, 0, 0.2f, 3, 20}, {-3, 1, 2, 4, 2, 0.2f}};
        for (float[] w : walls) {
            layout.addWalls(Wall.newBuilder().setCenter(vec(w[0], w[1], w[2])).setSize(vec(w[3], w[4], w[5])).setColor("#d8d4cc"));
        }
        for (int i = 0; i < ROLES.length; i++) {
            layout.addRoles(RoleInfo.newBuilder().setId(ROLES[i]).setName(ROLES[i]).setColor(ROLE_COLORS[i]).setMaxCount(8));
        }
        SessionStatus.Builder status = SessionStatus.newBuilder().setState(SessionStatus.State.STATE_RUNNING)
                .setTitle("Benchmark: warehouse drill").setStepId("bench").setLayout(layout)
                .setInstruction("Benchmark: flying a fixed path past " + avatars + " avatars");
        String[] shapes = {"box", "cylinder", "sphere", "capsule"};
        for (int i = 0; i < 48; i++) {
            float x = -8 + (i % 8) * 2.2f;
            float z = -8 + (i / 8) * 3.0f;
            status.addEntities(EntityInfo.newBuilder().setId("item-" + i).setIndex(i).setShape(shapes[i % 4])
                    .setPose(Pose.newBuilder().setPosition(vec(x, 0.4f, z)).setRotation(Quat.newBuilder().setW(1)))
                    .setScale(vec(0.4f, 0.8f, 0.4f)).setColor(i % 3 == 0 ? "#c08040" : i % 3 == 1 ? "#7090b0" : "#a0a0a0")
                    .setGrabbable(true).setLabel("Item " + i));
        }
        for (int i = 0; i < avatars; i++) {
            status.addParticipants(ParticipantInfo.newBuilder().setParticipantId("walker-" + i).setIndex(i + 1)
                    .setDisplayName("Walker " + (i + 1)).setRole(ROLES[i % ROLES.length])
                    .setColor(ROLE_COLORS[i % ROLES.length]).setClientKind(ClientKind.CLIENT_KIND_BOT).setConnected(true));
        }
        return status.build();
    }

    private static Vec3 vec(float x, float y, float z) {
        return Vec3.newBuilder().setX(x).setY(y).setZ(z).build();
    }

    @Override
    public void beginFrame() {
        t = clock.getAsLong() / 1000.0;
    }

    @Override
    public boolean avatar(int index, int pose, float[] out) {
        int i = index - 1;
        if (i < 0 || i >= avatars) {
            return false;
        }
        double cx = -6 + (i % 4) * 4;
        double cz = -6 + (i / 4) * 4;
        double phase = t * 0.5 + i;
        double x = cx + Math.cos(phase) * 1.2;
        double z = cz + Math.sin(phase) * 1.2;
        double heading = Math.atan2(-Math.sin(phase), Math.cos(phase)); // along the circle
        double swing = Math.sin(t * 4 + i) * 0.15;
        double side = pose == Frame.LEFT_HAND ? -0.25 : 0.25;
        double ahead = pose == Frame.LEFT_HAND ? -swing : swing;
        switch (pose) {
            case Frame.HEAD -> {
                out[0] = (float) x;
                out[1] = 1.65f + (float) Math.sin(t * 4 + i) * 0.02f;
                out[2] = (float) z;
            }
            default -> {
                out[0] = (float) (x + Math.sin(heading) * ahead - Math.cos(heading) * side);
                out[1] = 1.0f;
                out[2] = (float) (z + Math.cos(heading) * ahead + Math.sin(heading) * side);
            }
        }
        out[3] = 0;
        out[4] = (float) Math.sin(heading / 2);
        out[5] = 0;
        out[6] = (float) Math.cos(heading / 2);
        return true;
    }

    @Override
    public int avatarFlags(int index) {
        long second = (long) t;
        if ((second + index) % 7 == 0) {
            return Button.BUTTON_TALKING_VALUE;
        }
        return (second + index) % 11 == 0 ? Button.BUTTON_TYPING_VALUE : 0;
    }

    @Override
    public boolean entity(int index, float[] out) {
        return false; // entities stay where the status put them
    }

    @Override
    public boolean ready() {
        return true;
    }
}
