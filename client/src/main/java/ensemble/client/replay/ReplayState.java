package ensemble.client.replay;

import com.jme3.app.Application;
import com.jme3.app.state.BaseAppState;
import com.jme3.input.InputManager;
import com.jme3.input.KeyInput;
import com.jme3.input.controls.ActionListener;
import com.jme3.input.controls.KeyTrigger;
import ensemble.client.app.SessionModel;
import ensemble.v1.ScenarioEvent;
import ensemble.v1.ServerMessage;

/**
 * Playback controls of a replay in the 3D client — P pauses and plays, [ and ] jump back and
 * ahead ten seconds, - and = halve and double the speed — and the HUD line that says which step of
 * the recording is showing. Render thread only.
 */
public final class ReplayState extends BaseAppState {
    static final String PAUSE = "replay-pause";
    static final String BACK = "replay-back";
    static final String AHEAD = "replay-ahead";
    static final String SLOWER = "replay-slower";
    static final String FASTER = "replay-faster";
    static final long JUMP_MS = 10_000;

    private final ReplayWorld world;
    private final SessionModel model;
    private final String title;
    private final ActionListener keys = this::onKey;
    private String shownStep = null;
    private double speed = 1;

    public ReplayState(ReplayWorld world, SessionModel model, String title) {
        this.world = world;
        this.model = model;
        this.title = title;
    }

    @Override
    protected void initialize(Application app) {
    }

    @Override
    protected void cleanup(Application app) {
    }

    @Override
    protected void onEnable() {
        InputManager input = getApplication().getInputManager();
        input.addMapping(PAUSE, new KeyTrigger(KeyInput.KEY_P));
        input.addMapping(BACK, new KeyTrigger(KeyInput.KEY_LBRACKET));
        input.addMapping(AHEAD, new KeyTrigger(KeyInput.KEY_RBRACKET));
        input.addMapping(SLOWER, new KeyTrigger(KeyInput.KEY_MINUS));
        input.addMapping(FASTER, new KeyTrigger(KeyInput.KEY_EQUALS));
        input.addListener(keys, PAUSE, BACK, AHEAD, SLOWER, FASTER);
    }

    @Override
    protected void onDisable() {
        InputManager input = getApplication().getInputManager();
        input.removeListener(keys);
        for (String mapping : new String[] {PAUSE, BACK, AHEAD, SLOWER, FASTER}) {
            if (input.hasMapping(mapping)) {
                input.deleteMapping(mapping);
            }
        }
    }

    private void onKey(String name, boolean pressed, float tpf) {
        if (!pressed) {
            return;
        }
        switch (name) {
            case PAUSE -> world.togglePause();
            case BACK -> world.seek(world.positionMs() - JUMP_MS);
            case AHEAD -> world.seek(world.positionMs() + JUMP_MS);
            case SLOWER -> world.setSpeed(speed = Math.max(0.25, speed / 2));
            case FASTER -> world.setSpeed(speed = Math.min(8, speed * 2));
            default -> { }
        }
        shownStep = null; // refresh the HUD line
    }

    @Override
    public void update(float tpf) {
        String step = world.step();
        if (!step.equals(shownStep)) {
            shownStep = step;
            model.apply(ServerMessage.newBuilder().setScenarioEvent(ScenarioEvent.newBuilder()
                    .setKind(ScenarioEvent.Kind.KIND_STEP_STARTED).setStepId(step)
                    .setText(title + " — step " + (step.isEmpty() ? "(none)" : step) + " at " + clock(world.positionMs())
                            + " of " + clock(world.durationMs()) + (world.paused() ? " (paused)" : "")
                            + "  ·  P pause, [ ] jump 10 s, - = speed"))
                    .build());
        }
    }

    static String clock(long ms) {
        long s = ms / 1000;
        return String.format("%d:%02d", s / 60, s % 60);
    }
}
