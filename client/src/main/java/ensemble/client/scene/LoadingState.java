package ensemble.client.scene;

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

/**
 * The loading screen: a title, a progress bar that follows the scene's construction, and the
 * connection status, shown until the scene is built and the first snapshot has arrived. Then it
 * runs {@code onReady} once and disables itself. If the connection ends first, it stays and says
 * why.
 *
 * <p>Threads: render thread only.
 */
public final class LoadingState extends BaseAppState {
    static final float BAR_WIDTH = 0.5f;

    private final ClientContext context;
    private final String title;
    private final Runnable onReady;
    private final Node gui = new Node("loading");
    private Geometry fill;
    private BitmapText status;
    private float barPixels;
    private float shown;
    private boolean done;

    public LoadingState(ClientContext context, String title, Runnable onReady) {
        this.context = context;
        this.title = title;
        this.onReady = onReady;
    }

    @Override
    protected void initialize(Application app) {
        int w = app.getCamera().getWidth();
        int h = app.getCamera().getHeight();
        Geometry backdrop = new Geometry("backdrop", new Quad(w, h));
        backdrop.setMaterial(Materials.unlit(app.getAssetManager(), new ColorRGBA(0.08f, 0.1f, 0.14f, 1f)));
        backdrop.setLocalTranslation(0, 0, -2);
        gui.attachChild(backdrop);
        BitmapFont font = app.getAssetManager().loadFont("Interface/Fonts/Default.fnt");
        BitmapText heading = new BitmapText(font);
        heading.setSize(font.getCharSet().getRenderedSize() * 1.6f);
        heading.setText(title);
        heading.setLocalTranslation((w - heading.getLineWidth()) / 2, h * 0.6f, 0);
        gui.attachChild(heading);
        barPixels = w * BAR_WIDTH;
        float x = (w - barPixels) / 2;
        float y = h * 0.48f;
        Geometry track = new Geometry("track", new Quad(barPixels, 14));
        track.setMaterial(Materials.unlit(app.getAssetManager(), new ColorRGBA(0.25f, 0.28f, 0.34f, 1f)));
        track.setLocalTranslation(x, y, -1);
        gui.attachChild(track);
        fill = new Geometry("fill", new Quad(1, 14));
        fill.setMaterial(Materials.unlit(app.getAssetManager(), new ColorRGBA(0.3f, 0.6f, 1f, 1f)));
        fill.setLocalTranslation(x, y, 0);
        fill.setLocalScale(0.001f, 1, 1);
        gui.attachChild(fill);
        status = new BitmapText(font);
        status.setLocalTranslation(x, y - 12, 0);
        gui.attachChild(status);
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

    /** Share of the work done, in [0, 1]: connecting is the first tenth, building the rest. */
    public float progress() {
        SceneState scene = getState(SceneState.class);
        float built = scene == null ? 0 : scene.progress();
        boolean welcomed = context.model().welcome() != null;
        return (welcomed ? 0.1f : 0f) + 0.85f * built + (context.feed() != null && context.feed().ready() ? 0.05f : 0f);
    }

    public boolean isDone() {
        return done;
    }

    @Override
    public void update(float tpf) {
        float target = progress();
        shown += (target - shown) * Math.min(1f, tpf * 8f);
        fill.setLocalScale(Math.max(0.001f, shown * barPixels), 1, 1);
        SceneState scene = getState(SceneState.class);
        String what = context.model().welcome() == null ? context.model().connectionStatus()
                : scene != null && !scene.ready() ? "Building the scene... " + Math.round(target * 100) + "%"
                : "Waiting for the team...";
        status.setText(what);
        if (scene != null && scene.ready() && context.feed() != null && context.feed().ready()) {
            done = true;
            setEnabled(false);
            onReady.run();
        }
    }
}
