package ensemble.client.hud;

import com.jme3.app.Application;
import com.jme3.app.SimpleApplication;
import com.jme3.app.state.BaseAppState;
import com.jme3.font.BitmapFont;
import com.jme3.font.BitmapText;
import com.jme3.math.ColorRGBA;
import com.jme3.scene.Geometry;
import com.jme3.scene.Node;
import com.jme3.scene.shape.Quad;
import ensemble.client.app.ClientContext;
import ensemble.client.app.SessionModel;
import ensemble.client.interaction.InteractionState;
import ensemble.client.scene.Materials;
import ensemble.v1.SessionStatus;
import java.util.List;

/**
 * The heads-up display: top left the scenario title, the current step's instruction for my role
 * and the step timer; top right my score and the connection status; bottom right scenario and
 * facilitator messages (recent ones, fading out); a crosshair with a hint about what it points at.
 *
 * <p>Threads: render thread only; it reads the {@link SessionModel} every frame.
 */
public final class HudState extends BaseAppState {
    /** How long a message stays on screen, milliseconds. */
    static final long MESSAGE_MS = 12_000;
    static final int MESSAGE_LINES = 5;

    private final ClientContext context;
    private final Node gui = new Node("hud");
    private BitmapText title;
    private BitmapText instruction;
    private BitmapText timer;
    private BitmapText score;
    private BitmapText status;
    private BitmapText messages;
    private BitmapText hint;
    private Geometry panel;
    private int width;
    private int height;

    public HudState(ClientContext context) {
        this.context = context;
    }

    @Override
    protected void initialize(Application app) {
        width = app.getCamera().getWidth();
        height = app.getCamera().getHeight();
        BitmapFont font = app.getAssetManager().loadFont("Interface/Fonts/Default.fnt");
        float line = font.getCharSet().getRenderedSize();
        panel = new Geometry("instruction-panel", new Quad(1, 1));
        panel.setMaterial(Materials.unlit(app.getAssetManager(), new ColorRGBA(0f, 0f, 0f, 0.45f)));
        gui.attachChild(panel);
        title = text(font, 12, height - 8, new ColorRGBA(0.7f, 0.85f, 1f, 1f));
        instruction = text(font, 12, height - 8 - line * 1.3f, ColorRGBA.White);
        timer = text(font, 12, 0, new ColorRGBA(1f, 0.9f, 0.5f, 1f));
        score = text(font, 0, height - 8, new ColorRGBA(1f, 0.9f, 0.5f, 1f));
        status = text(font, 0, height - 8 - line * 1.3f, ColorRGBA.LightGray);
        messages = text(font, 0, 0, ColorRGBA.White);
        hint = text(font, 0, height / 2f - 14, ColorRGBA.White);
        BitmapText crosshair = text(font, 0, 0, ColorRGBA.White);
        crosshair.setText("+");
        crosshair.setLocalTranslation((width - crosshair.getLineWidth()) / 2, (height + crosshair.getLineHeight()) / 2, 0);
    }

    private BitmapText text(BitmapFont font, float x, float y, ColorRGBA color) {
        BitmapText t = new BitmapText(font);
        t.setColor(color);
        t.setLocalTranslation(x, y, 1);
        gui.attachChild(t);
        return t;
    }

    @Override
    protected void cleanup(Application app) {
    }

    @Override
    protected void onEnable() {
        ((SimpleApplication) getApplication()).getGuiNode().attachChild(gui);
    }

    @Override
    protected void onDisable() {
        gui.removeFromParent();
    }

    @Override
    public void update(float tpf) {
        SessionModel model = context.model();
        title.setText(model.title() + (model.state() == SessionStatus.State.STATE_PAUSED ? "  (paused)" : ""));
        String text = model.instruction().isEmpty()
                ? (context.spectator() ? "Spectating: F follows the next participant, G flies free" : "Waiting for the scenario to start")
                : model.instruction();
        if (model.ended()) {
            text = "The scenario has ended" + (model.outcome().isEmpty() ? "" : ": " + model.outcome());
        }
        instruction.setText(HudText.wrap(text, Math.max(30, width / 18)));
        long remaining = model.stepRemainingMillis();
        String clock = model.stepId().isEmpty() && model.instruction().isEmpty() ? ""
                : remaining >= 0 ? "Time left " + HudText.clock(remaining) : "Step time " + HudText.clock(model.stepElapsedMillis());
        timer.setText(clock);
        float bottom = instruction.getLocalTranslation().y - instruction.getHeight();
        timer.setLocalTranslation(12, bottom - 4, 1);
        float panelBottom = bottom - (clock.isEmpty() ? 0 : timer.getLineHeight()) - 10;
        float panelWidth = Math.max(Math.max(title.getLineWidth(), instruction.getLineWidth()), timer.getLineWidth()) + 16;
        panel.setLocalScale(panelWidth, height - panelBottom, 1);
        panel.setLocalTranslation(4, panelBottom, 0);

        score.setText(context.spectator() ? "Spectator" : "Score " + model.score());
        score.setLocalTranslation(width - score.getLineWidth() - 12, height - 8, 1);
        status.setText(model.connectionStatus());
        status.setColor(model.connected() ? ColorRGBA.LightGray : new ColorRGBA(1f, 0.5f, 0.4f, 1f));
        status.setLocalTranslation(width - status.getLineWidth() - 12, height - 8 - score.getLineHeight() * 1.3f, 1);

        StringBuilder recent = new StringBuilder();
        List<SessionModel.Line> lines = model.messages();
        int shown = 0;
        for (int i = lines.size() - 1; i >= 0 && shown < MESSAGE_LINES; i--) {
            SessionModel.Line l = lines.get(i);
            if (model.now() - l.atMillis() > MESSAGE_MS) {
                break;
            }
            String line = (l.from().isEmpty() ? "" : l.from() + ": ") + l.text();
            recent.insert(0, HudText.cut(line, 90) + (shown == 0 ? "" : "\n"));
            shown++;
        }
        messages.setText(recent.toString());
        messages.setLocalTranslation(width - messages.getLineWidth() - 12, messages.getHeight() + 12, 1);

        InteractionState interaction = getState(InteractionState.class);
        String h = interaction == null ? "" : interaction.hint();
        hint.setText(h);
        hint.setLocalTranslation((width - hint.getLineWidth()) / 2, height / 2f - 14, 1);
    }

    public String instructionText() {
        return instruction.getText();
    }

    public String scoreText() {
        return score.getText();
    }

    public String statusText() {
        return status.getText();
    }

    public String timerText() {
        return timer.getText();
    }

    public String messagesText() {
        return messages.getText();
    }
}
