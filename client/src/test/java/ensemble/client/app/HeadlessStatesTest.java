package ensemble.client.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jme3.app.SimpleApplication;
import com.jme3.scene.Spatial;
import com.jme3.system.AppSettings;
import com.jme3.system.JmeContext;
import ensemble.client.avatar.AvatarState;
import ensemble.client.avatar.AvatarView;
import ensemble.client.hud.HudState;
import ensemble.client.input.CameraState;
import ensemble.client.input.DesktopRig;
import ensemble.client.interaction.InteractionState;
import ensemble.client.scene.SceneState;
import ensemble.proto.snapshot.Frame;
import ensemble.v1.Bounds;
import ensemble.v1.Button;
import ensemble.v1.ClientMessage;
import ensemble.v1.EntityInfo;
import ensemble.v1.GrabResult;
import ensemble.v1.Light;
import ensemble.v1.ParticipantInfo;
import ensemble.v1.Pose;
import ensemble.v1.Quat;
import ensemble.v1.ScenarioEvent;
import ensemble.v1.SceneLayout;
import ensemble.v1.ServerMessage;
import ensemble.v1.SessionStatus;
import ensemble.v1.Vec3;
import ensemble.v1.Wall;
import ensemble.v1.Welcome;
import ensemble.v1.Zone;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client's app states in jME's headless context (no window, no GPU): the scene is built from
 * a session status, avatars stand where the pose feed says with their indicators, pointing
 * outlines an entity, a click reaches for it and asks the server, the answer decides, the held
 * entity follows the hand; the HUD shows my role's instruction. Every change to the model happens
 * on the render thread through {@code enqueue}, as in the real client (run with -ea, so jME's
 * scene-graph thread check is on).
 */
class HeadlessStatesTest {
    static SimpleApplication app;
    static ClientContext context;
    static DesktopRig rig;
    static final List<ClientMessage> sent = new CopyOnWriteArrayList<>();
    static final FixedFeed feed = new FixedFeed();

    /** A pose feed with one avatar (index 1) standing at (0, 1.6, 2), and entities where the status put them. */
    static final class FixedFeed implements PoseFeed {
        volatile int flags;

        @Override
        public void beginFrame() {
        }

        @Override
        public boolean avatar(int index, int pose, float[] out) {
            if (index != 1) {
                return false;
            }
            out[0] = pose == Frame.LEFT_HAND ? -0.3f : pose == Frame.RIGHT_HAND ? 0.3f : 0;
            out[1] = pose == Frame.HEAD ? 1.6f : 1.1f;
            out[2] = 2;
            out[3] = 0;
            out[4] = 0;
            out[5] = 0;
            out[6] = 1;
            return true;
        }

        @Override
        public int avatarFlags(int index) {
            return flags;
        }

        @Override
        public boolean entity(int index, float[] out) {
            return false;
        }

        @Override
        public boolean ready() {
            return true;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        rig = new DesktopRig();
        SessionModel model = new SessionModel(System::currentTimeMillis);
        context = new ClientContext(model, rig, sent::add, false);
        context.setFeed(feed);
        app = new SimpleApplication((com.jme3.app.state.AppState[]) null) {
            @Override
            public void simpleInitApp() {
                stateManager.attach(new CameraState(rig, 70));
                stateManager.attach(new SceneState(HeadlessStatesTest.context));
                stateManager.attach(new AvatarState(HeadlessStatesTest.context));
                stateManager.attach(new InteractionState(HeadlessStatesTest.context));
                stateManager.attach(new HudState(HeadlessStatesTest.context));
            }
        };
        AppSettings settings = new AppSettings(true);
        settings.setAudioRenderer(null);
        app.setSettings(settings);
        app.setShowSettings(false);
        app.start(JmeContext.Type.Headless);
        onRenderThread(() -> {
            model.welcomed(Welcome.newBuilder().setParticipantId("me").setParticipantIndex(0).setRole("lead")
                    .setSceneBounds(bounds()).build());
            model.apply(ServerMessage.newBuilder().setSessionStatus(status()).build());
            rig.placeAt(0, 0, 0); // at the origin looking along +Z, toward the box and the other avatar
            return null;
        });
        awaitTrue(() -> app.getStateManager().getState(SceneState.class).ready());
    }

    @AfterAll
    static void stop() {
        app.stop(true);
    }

    static Bounds bounds() {
        return Bounds.newBuilder().setMin(Vec3.newBuilder().setX(-10).setY(0).setZ(-10))
                .setMax(Vec3.newBuilder().setX(10).setY(4).setZ(10)).build();
    }

    static SessionStatus status() {
        return SessionStatus.newBuilder().setTitle("Drill").setState(SessionStatus.State.STATE_RUNNING)
                .setLayout(SceneLayout.newBuilder().setBounds(bounds()).setFloorColor("#808080").setSkyColor("#b8d4f0")
                        .addWalls(Wall.newBuilder().setCenter(Vec3.newBuilder().setZ(9)).setSize(Vec3.newBuilder().setX(20).setY(3).setZ(0.2f)))
                        .addLights(Light.newBuilder().setKind("ambient").setColor("#ffffff").setIntensity(0.5f))
                        .addZones(Zone.newBuilder().setId("exit").setShape("box").setCenter(Vec3.newBuilder().setX(5).setY(1))
                                .setSize(Vec3.newBuilder().setX(2).setY(2).setZ(2)).setLabel("Exit")))
                .addEntities(EntityInfo.newBuilder().setId("box").setIndex(0).setShape("box").setColor("#c08040")
                        .setPose(Pose.newBuilder().setPosition(Vec3.newBuilder().setY(1.5f).setZ(0.9f)).setRotation(Quat.newBuilder().setW(1)))
                        .setScale(Vec3.newBuilder().setX(0.3f).setY(0.3f).setZ(0.3f)).setGrabbable(true).setUsable(true).setLabel("Kit"))
                .addEntities(EntityInfo.newBuilder().setId("ball").setIndex(1).setShape("sphere").setModel("Models/missing.gltf")
                        .setPose(Pose.newBuilder().setPosition(Vec3.newBuilder().setX(-4).setY(0.5f)).setRotation(Quat.newBuilder().setW(1))))
                .addParticipants(ParticipantInfo.newBuilder().setParticipantId("me").setIndex(0).setDisplayName("Me").setRole("lead").setColor("#ff0000"))
                .addParticipants(ParticipantInfo.newBuilder().setParticipantId("ada").setIndex(1).setDisplayName("Ada").setRole("medic").setColor("#3080ff"))
                .build();
    }

    static <T> T onRenderThread(Callable<T> task) throws Exception {
        java.util.concurrent.CompletableFuture<T> result = new java.util.concurrent.CompletableFuture<>();
        app.enqueue(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error; // assertion failures read as themselves
            }
            throw e;
        }
    }

    static void awaitTrue(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (onRenderThread(condition)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not within 10 s");
    }

    @Test
    void sceneIsBuiltFromTheLayoutAndEntities() throws Exception {
        onRenderThread(() -> {
            SceneState scene = app.getStateManager().getState(SceneState.class);
            assertEquals(1f, scene.progress());
            assertNotNull(scene.root().getChild("floor"));
            assertNotNull(scene.root().getChild("wall"));
            assertNotNull(scene.root().getChild("zone:exit"));
            assertEquals(2, scene.views().size());
            assertFalse(scene.view("ball").fromModel(), "a missing model falls back to its shape");
            assertFalse(app.getRootNode().getLocalLightList().size() == 0, "lights light the whole scene, avatars too");
            return null;
        });
    }

    @Test
    void avatarsStandWhereTheFeedSaysAndShowWhoIsSpeaking() throws Exception {
        feed.flags = Button.BUTTON_TALKING_VALUE;
        awaitTrue(() -> {
            AvatarView ada = app.getStateManager().getState(AvatarState.class).view("ada");
            return ada != null && ada.isVisible() && "speaking".equals(ada.indicatorText());
        });
        onRenderThread(() -> {
            AvatarState avatars = app.getStateManager().getState(AvatarState.class);
            assertEquals(1, avatars.views().size(), "no avatar for myself");
            AvatarView ada = avatars.view("ada");
            assertEquals(1.6f, ada.headPosition().y, 1e-4);
            assertEquals(2f, ada.headPosition().z, 1e-4);
            assertEquals("Ada (medic)", ada.nameText());
            return null;
        });
        feed.flags = Button.BUTTON_TYPING_VALUE;
        awaitTrue(() -> "typing...".equals(app.getStateManager().getState(AvatarState.class).view("ada").indicatorText()));
        feed.flags = 0;
    }

    @Test
    void pointingOutlinesAndAGrantedGrabMakesTheEntityFollowTheHand() throws Exception {
        onRenderThread(() -> {
            rig.look(0, (float) Math.atan2(0.15, 0.9)); // down a little, at the box
            return null;
        });
        awaitTrue(() -> "box".equals(app.getStateManager().getState(InteractionState.class).pointed()));
        onRenderThread(() -> {
            assertTrue(app.getStateManager().getState(SceneState.class).view("box").isPointed());
            assertTrue(app.getStateManager().getState(InteractionState.class).hint().startsWith("Kit: click to grab"));
            rig.queue(ensemble.client.input.Intent.GRAB_OR_RELEASE);
            return null;
        });
        long deadline = System.currentTimeMillis() + 5000;
        while (sent.stream().noneMatch(ClientMessage::hasGrab) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        ClientMessage grab = sent.stream().filter(ClientMessage::hasGrab).findFirst().orElseThrow();
        assertEquals("box", grab.getGrab().getEntityId());
        AtomicReference<Float> handToBox = new AtomicReference<>();
        onRenderThread(() -> {
            var hand = rig.rightHand();
            handToBox.set(hand.distanceTo(0, 1.5f, 0.9f));
            assertFalse(rig.isHolding(), "nothing is held before the server answers");
            context.model().apply(ServerMessage.newBuilder().setGrabResult(GrabResult.newBuilder()
                    .setRequestId(grab.getGrab().getRequestId()).setEntityId("box").setGranted(true)).build());
            return null;
        });
        assertTrue(handToBox.get() < 0.3f, "the hand reached for the box before asking: " + handToBox.get());
        onRenderThread(() -> {
            assertTrue(rig.isHolding());
            assertEquals("box", app.getStateManager().getState(InteractionState.class).held());
            rig.snapTurn(90);
            return null;
        });
        Thread.sleep(300); // the hand carries the box round
        onRenderThread(() -> {
            Spatial box = app.getStateManager().getState(SceneState.class).view("box").node();
            var hand = rig.rightHand();
            assertTrue(box.getLocalTranslation().distance(new com.jme3.math.Vector3f(hand.x, hand.y, hand.z)) < 0.6f,
                    "the held box follows the hand");
            assertTrue(box.getLocalTranslation().x < -0.2f, "turned right (toward -X): the box came along, at "
                    + box.getLocalTranslation());
            rig.queue(ensemble.client.input.Intent.GRAB_OR_RELEASE);
            return null;
        });
        awaitTrue(() -> !rig.isHolding());
        assertTrue(sent.stream().anyMatch(m -> m.hasRelease() && m.getRelease().getEntityId().equals("box")));
        onRenderThread(() -> {
            rig.snapTurn(-90);
            rig.look(0, -rig.pitch());
            return null;
        });
    }

    @Test
    void hudShowsTheInstructionForMyRoleOnly() throws Exception {
        onRenderThread(() -> {
            context.model().apply(ServerMessage.newBuilder().setScenarioEvent(ScenarioEvent.newBuilder()
                    .setKind(ScenarioEvent.Kind.KIND_STEP_STARTED).setStepId("s1").setRole("medic")
                    .setText("Check the casualty")).build());
            context.model().apply(ServerMessage.newBuilder().setScenarioEvent(ScenarioEvent.newBuilder()
                    .setKind(ScenarioEvent.Kind.KIND_STEP_STARTED).setStepId("s1").setRole("lead")
                    .setText("Call the fire brigade").setTimeLimitMs(90_000)).build());
            return null;
        });
        awaitTrue(() -> app.getStateManager().getState(HudState.class).instructionText().contains("Call the fire brigade"));
        onRenderThread(() -> {
            HudState hud = app.getStateManager().getState(HudState.class);
            assertFalse(hud.instructionText().contains("casualty"));
            assertTrue(hud.timerText().startsWith("Time left 1:"), hud.timerText());
            assertEquals("Score 0", hud.scoreText());
            return null;
        });
    }
}
