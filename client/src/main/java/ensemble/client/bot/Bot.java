package ensemble.client.bot;

import ensemble.client.net.ConnectionListener;
import ensemble.client.net.ServerConnection;
import ensemble.v1.Bounds;
import ensemble.v1.Button;
import ensemble.v1.ChatSend;
import ensemble.v1.ClientMessage;
import ensemble.v1.EntityInfo;
import ensemble.v1.Grab;
import ensemble.v1.Hand;
import ensemble.v1.Input;
import ensemble.v1.Pose;
import ensemble.v1.Quat;
import ensemble.v1.Release;
import ensemble.v1.ServerMessage;
import ensemble.v1.Vec3;
import ensemble.v1.Welcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A headless participant that behaves like a person: walks at human speed between places with
 * smooth turns, swings its hands, now and then walks to a grabbable entity, picks it up, carries
 * it for a few seconds and puts it down, and says something in chat. Runs entirely on its
 * connection's event loop.
 */
public final class Bot implements ConnectionListener, ServerConnection.InputSource {
    static final float WALK_SPEED = 1.3f;
    static final float TURN_RATE = 2.5f;
    static final float EYE_HEIGHT = 1.65f;
    private static final String[] LINES = {
        "I'll take this one.", "Clear on my side.", "Can someone check the exit?", "Moving it now.",
        "Got it.", "Over here!", "Step two done.", "Watch out behind you.",
    };

    private enum Mode { WANDER, FETCH, CARRY }

    private final SplittableRandom random;
    private final int inputRate;
    private final AtomicLong grabsGranted = new AtomicLong();
    private final AtomicLong grabsRefused = new AtomicLong();
    private final AtomicLong chats = new AtomicLong();
    private ServerConnection connection;
    private float minX = -10;
    private float minZ = -10;
    private float maxX = 10;
    private float maxZ = 10;
    private float x;
    private float z;
    private float heading;
    private float targetX;
    private float targetZ;
    private double phase;
    private Mode mode = Mode.WANDER;
    private String fetching;
    private int fetchIndex = -1;
    /** The entity held, written on the event loop and read by the resume file's writer. */
    private volatile String carrying;
    private long modeUntilMillis;
    private long nextGrabMillis;
    private long nextChatMillis;
    private int requestId;
    private final Map<Integer, EntityInfo> entities = new HashMap<>();
    private final float[] entityPose = new float[7];
    private final boolean chatty;

    public Bot(long seed, int inputRate, boolean chatty) {
        this.random = new SplittableRandom(seed);
        this.inputRate = inputRate;
        this.chatty = chatty;
    }

    /**
     * A bot resumed from an earlier run holds {@code entityId} (empty: nothing): it carries it a
     * little longer and puts it down, as if it had never left.
     */
    public void holding(String entityId) {
        if (!entityId.isEmpty()) {
            carrying = entityId;
            mode = Mode.CARRY;
            modeUntilMillis = System.currentTimeMillis() + 2000;
        }
    }

    /** The entity this bot holds, or empty. */
    public String carrying() {
        String held = carrying;
        return held == null ? "" : held;
    }

    public void attach(ServerConnection connection) {
        this.connection = connection;
        connection.setInputSource(this);
    }

    @Override
    public void onWelcome(Welcome welcome) {
        Bounds b = welcome.getSceneBounds();
        minX = b.getMin().getX() + 1;
        minZ = b.getMin().getZ() + 1;
        maxX = b.getMax().getX() - 1;
        maxZ = b.getMax().getZ() - 1;
        if (!welcome.getResumed()) {
            x = (float) random.nextDouble(-1, 1);
            z = (float) random.nextDouble(-1, 1);
        } else if (welcome.hasHead() && x == 0 && z == 0) {
            // resumed by a new process: stand where the server last saw this participant
            x = welcome.getHead().getPosition().getX();
            z = welcome.getHead().getPosition().getZ();
        }
        long now = System.currentTimeMillis();
        nextGrabMillis = now + 2000 + random.nextInt(6000);
        nextChatMillis = now + 10_000 + random.nextInt(20_000);
        pickTarget();
    }

    @Override
    public void onMessage(ServerMessage message) {
        switch (message.getBodyCase()) {
            case SESSION_STATUS -> {
                for (EntityInfo info : message.getSessionStatus().getEntitiesList()) {
                    entities.put(info.getIndex(), info);
                }
            }
            case GRAB_RESULT -> {
                if (message.getGrabResult().getGranted()) {
                    grabsGranted.incrementAndGet();
                    carrying = message.getGrabResult().getEntityId();
                    mode = Mode.CARRY;
                    modeUntilMillis = System.currentTimeMillis() + 3000 + random.nextInt(3000);
                    pickTarget();
                } else {
                    grabsRefused.incrementAndGet();
                    mode = Mode.WANDER;
                    nextGrabMillis = System.currentTimeMillis() + 3000 + random.nextInt(5000);
                }
                fetching = null;
            }
            default -> { }
        }
    }

    @Override
    public void fill(Input.Builder input) {
        if (connection == null || connection.welcome() == null) {
            return;
        }
        float dt = 1f / inputRate;
        long now = System.currentTimeMillis();
        decide(now);
        float dx = targetX - x;
        float dz = targetZ - z;
        float distance = (float) Math.sqrt(dx * dx + dz * dz);
        float wanted = (float) Math.atan2(dx, dz);
        float turn = wrap(wanted - heading);
        heading = wrap(heading + Math.max(-TURN_RATE * dt, Math.min(TURN_RATE * dt, turn)));
        float stopAt = mode == Mode.FETCH ? 0.45f : 0.3f;
        float speed = distance > stopAt ? WALK_SPEED * (float) Math.max(0.2, Math.cos(turn)) : 0f;
        x += (float) Math.sin(heading) * speed * dt;
        z += (float) Math.cos(heading) * speed * dt;
        x = Math.max(minX, Math.min(maxX, x));
        z = Math.max(minZ, Math.min(maxZ, z));
        phase += speed * dt * 2.2;
        if (distance <= stopAt && mode == Mode.WANDER) {
            pickTarget();
        }
        float bob = (float) Math.sin(phase * 2) * 0.02f;
        input.setHead(pose(x, EYE_HEIGHT + bob, z, heading));
        float swing = (float) Math.sin(phase) * 0.15f * Math.min(1f, speed);
        input.setLeftHand(pose(localX(-0.25f, -swing), 1.0f, localZ(-0.25f, -swing), heading));
        if (mode == Mode.FETCH && fetchIndex >= 0 && distance <= 0.8f && entityPosition(fetchIndex)) {
            input.setRightHand(pose(entityPose[0], entityPose[1], entityPose[2], heading));
            if (fetching != null && requestId >= 0) {
                String id = fetching;
                fetching = null;
                connection.send(ClientMessage.newBuilder().setGrab(Grab.newBuilder().setRequestId(++requestId)
                        .setEntityId(id).setHand(Hand.HAND_RIGHT)).build());
            }
        } else if (mode == Mode.CARRY) {
            input.setRightHand(pose(localX(0.25f, 0.35f), 1.1f, localZ(0.25f, 0.35f), heading));
        } else {
            input.setRightHand(pose(localX(0.25f, swing), 1.0f, localZ(0.25f, swing), heading));
        }
        input.setButtons(mode == Mode.CARRY ? Button.BUTTON_RIGHT_GRIP_VALUE : 0);
    }

    private void decide(long now) {
        if (mode == Mode.CARRY && now > modeUntilMillis && carrying != null) {
            connection.send(ClientMessage.newBuilder().setRelease(Release.newBuilder().setRequestId(++requestId)
                    .setEntityId(carrying)).build());
            carrying = null;
            mode = Mode.WANDER;
            nextGrabMillis = now + 4000 + random.nextInt(8000);
        }
        if (mode == Mode.WANDER && now > nextGrabMillis && !entities.isEmpty()) {
            startFetch(now);
        }
        if (mode == Mode.FETCH && now > modeUntilMillis) {
            mode = Mode.WANDER; // gave up: it moved away or someone else has it
            nextGrabMillis = now + 3000;
        }
        if (chatty && now > nextChatMillis) {
            chats.incrementAndGet();
            connection.send(ClientMessage.newBuilder().setChat(ChatSend.newBuilder()
                    .setText(LINES[random.nextInt(LINES.length)])).build());
            nextChatMillis = now + 20_000 + random.nextInt(20_000);
        }
    }

    private void startFetch(long now) {
        List<EntityInfo> grabbable = new ArrayList<>();
        for (EntityInfo info : entities.values()) {
            if (info.getGrabbable()) {
                grabbable.add(info);
            }
        }
        if (grabbable.isEmpty()) {
            nextGrabMillis = Long.MAX_VALUE;
            return;
        }
        EntityInfo nearest = null;
        float best = Float.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            EntityInfo candidate = grabbable.get(random.nextInt(grabbable.size()));
            if (entityPosition(candidate.getIndex())) {
                float d = (entityPose[0] - x) * (entityPose[0] - x) + (entityPose[2] - z) * (entityPose[2] - z);
                if (d < best) {
                    best = d;
                    nearest = candidate;
                }
            }
        }
        if (nearest == null) {
            nextGrabMillis = now + 2000;
            return;
        }
        fetching = nearest.getId();
        fetchIndex = nearest.getIndex();
        mode = Mode.FETCH;
        modeUntilMillis = now + 15_000;
        targetX = entityPose[0];
        targetZ = entityPose[2];
    }

    private boolean entityPosition(int index) {
        var interpolator = connection.interpolator();
        if (interpolator == null || interpolator.isEmpty()) {
            return false;
        }
        double renderTime = System.currentTimeMillis() + connection.clock().offsetMs();
        return interpolator.sampleEntity(index, renderTime, entityPose);
    }

    private void pickTarget() {
        targetX = minX + random.nextFloat() * (maxX - minX);
        targetZ = minZ + random.nextFloat() * (maxZ - minZ);
    }

    private float localX(float side, float forward) {
        return x + (float) (Math.cos(heading) * side + Math.sin(heading) * forward);
    }

    private float localZ(float side, float forward) {
        return z + (float) (-Math.sin(heading) * side + Math.cos(heading) * forward);
    }

    private static Pose pose(float px, float py, float pz, float yaw) {
        return Pose.newBuilder().setPosition(Vec3.newBuilder().setX(px).setY(py).setZ(pz))
                .setRotation(Quat.newBuilder().setY((float) Math.sin(yaw / 2)).setW((float) Math.cos(yaw / 2))).build();
    }

    private static float wrap(float angle) {
        while (angle > Math.PI) {
            angle -= (float) (2 * Math.PI);
        }
        while (angle < -Math.PI) {
            angle += (float) (2 * Math.PI);
        }
        return angle;
    }

    public long grabsGranted() {
        return grabsGranted.get();
    }

    public long grabsRefused() {
        return grabsRefused.get();
    }

    public long chats() {
        return chats.get();
    }

    /** Current position (x, z) for tests. */
    public float[] position() {
        return new float[] {x, z};
    }

}
