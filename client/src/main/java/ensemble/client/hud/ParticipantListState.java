package ensemble.client.hud;

import com.jme3.app.Application;
import com.jme3.app.SimpleApplication;
import com.jme3.app.state.BaseAppState;
import com.jme3.font.BitmapFont;
import com.jme3.font.BitmapText;
import com.jme3.input.KeyInput;
import com.jme3.input.controls.ActionListener;
import com.jme3.input.controls.KeyTrigger;
import com.jme3.math.ColorRGBA;
import com.jme3.scene.Geometry;
import com.jme3.scene.Node;
import com.jme3.scene.shape.Quad;
import ensemble.client.app.ClientContext;
import ensemble.client.scene.Materials;
import ensemble.v1.ParticipantInfo;

/**
 * The team list, shown while Tab is held: everyone in the session with role, score and whether
 * they are connected. Render thread only.
 */
public final class ParticipantListState extends BaseAppState implements ActionListener {
    static final String SHOW = "ens.participants";

    private final ClientContext context;
    private final Node gui = new Node("participants");
    private BitmapText list;
    private Geometry panel;
    private boolean shown;

    public ParticipantListState(ClientContext context) {
        this.context = context;
    }

    @Override
    protected void initialize(Application app) {
        BitmapFont font = app.getAssetManager().loadFont("Interface/Fonts/Default.fnt");
        panel = new Geometry("panel", new Quad(1, 1));
        panel.setMaterial(Materials.unlit(app.getAssetManager(), new ColorRGBA(0f, 0f, 0f, 0.6f)));
        gui.attachChild(panel);
        list = new BitmapText(font);
        gui.attachChild(list);
        app.getInputManager().addMapping(SHOW, new KeyTrigger(KeyInput.KEY_TAB));
    }

    @Override
    protected void cleanup(Application app) {
        app.getInputManager().deleteMapping(SHOW);
    }

    @Override
    protected void onEnable() {
        getApplication().getInputManager().addListener(this, SHOW);
    }

    @Override
    protected void onDisable() {
        getApplication().getInputManager().removeListener(this);
        setShown(false);
    }

    @Override
    public void onAction(String name, boolean pressed, float tpf) {
        setShown(pressed);
    }

    public void setShown(boolean value) {
        shown = value;
        if (value) {
            ((SimpleApplication) getApplication()).getGuiNode().attachChild(gui);
        } else {
            gui.removeFromParent();
        }
    }

    public boolean isShown() {
        return shown;
    }

    /** The list as text: one participant a line. */
    public String text() {
        StringBuilder text = new StringBuilder("Team (" + context.model().participants().size() + ")\n");
        for (ParticipantInfo p : context.model().participants()) {
            text.append(context.model().isMe(p.getParticipantId()) ? "> " : "  ")
                    .append(HudText.cut(p.getDisplayName(), 24)).append("  ").append(p.getRole())
                    .append("  score ").append(p.getScore())
                    .append(p.getConnected() ? "" : "  (reconnecting)")
                    .append(p.getMuted() ? "  (muted)" : "").append('\n');
        }
        return text.toString().stripTrailing();
    }

    @Override
    public void update(float tpf) {
        if (!shown) {
            return;
        }
        list.setText(text());
        int w = getApplication().getCamera().getWidth();
        int h = getApplication().getCamera().getHeight();
        float x = (w - list.getLineWidth()) / 2;
        float y = (h + list.getHeight()) / 2;
        list.setLocalTranslation(x, y, 1);
        panel.setLocalScale(list.getLineWidth() + 24, list.getHeight() + 24, 1);
        panel.setLocalTranslation(x - 12, y - list.getHeight() - 12, 0);
    }
}
