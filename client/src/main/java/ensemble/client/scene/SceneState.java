package ensemble.client.scene;

import com.jme3.app.Application;
import com.jme3.app.SimpleApplication;
import com.jme3.app.state.BaseAppState;
import com.jme3.scene.Node;
import ensemble.client.app.ClientContext;
import ensemble.client.app.PoseFeed;
import ensemble.client.app.SessionModel;
import ensemble.v1.EntityEvent;
import ensemble.v1.EntityInfo;
import ensemble.v1.SessionStatus;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The shared scene: builds the static layout and the entities from the session status a few
 * steps per frame (so the loading screen shows progress), then keeps entities where the snapshots
 * say they are and follows spawn, despawn, state and highlight events.
 *
 * <p>Threads: render thread only; it learns about the network through the {@link SessionModel}
 * listener, which the connection state calls on the render thread.
 */
public final class SceneState extends BaseAppState implements SessionModel.Listener {
    /** Time budget per frame for building, nanoseconds: keeps the loading screen animating. */
    static final long BUILD_BUDGET_NANOS = 8_000_000;

    private final ClientContext context;
    private final Node root = new Node("scene");
    private final Node entityRoot = new Node("entities");
    private final ArrayDeque<Runnable> pending = new ArrayDeque<>();
    private final Map<String, EntityView> views = new HashMap<>();
    private final float[] pose = new float[7];
    private final java.util.List<com.jme3.light.Light> lights = new java.util.ArrayList<>();
    private SceneBuilder builder;
    private int totalSteps;
    private int doneSteps;
    private boolean layoutBuilt;
    private boolean attached;
    private String overridden;

    public SceneState(ClientContext context) {
        this.context = context;
        root.attachChild(entityRoot);
    }

    @Override
    protected void initialize(Application app) {
        builder = new SceneBuilder(app.getAssetManager());
        context.model().addListener(this);
        if (context.model().layout() != null) {
            schedule(context.model().layout() != null);
        }
    }

    @Override
    protected void cleanup(Application app) {
        context.model().removeListener(this);
    }

    @Override
    protected void onEnable() {
        if (layoutBuilt && !attached) {
            attach();
        }
    }

    @Override
    protected void onDisable() {
        Node rootNode = ((SimpleApplication) getApplication()).getRootNode();
        for (com.jme3.light.Light light : lights) {
            rootNode.removeLight(light);
        }
        root.removeFromParent();
        attached = false;
    }

    @Override
    public void statusChanged(SessionStatus status) {
        schedule(status.hasLayout());
    }

    /** Queues the work that brings the scene in line with the model. */
    private void schedule(boolean hasLayout) {
        if (!layoutBuilt && hasLayout && totalSteps == 0) {
            var layout = context.model().layout();
            getApplication().getViewPort().setBackgroundColor(SceneBuilder.sky(layout));
            for (SceneBuilder.Step step : builder.steps(layout)) {
                pending.add(() -> step.run(root));
            }
            pending.add(() -> layoutBuilt = true);
        }
        Set<String> wanted = new HashSet<>();
        for (EntityInfo info : context.model().entities()) {
            wanted.add(info.getId());
            EntityView view = views.get(info.getId());
            if (view == null || !sameLook(view.info(), info)) {
                pending.add(() -> replace(info));
            }
        }
        for (String id : Set.copyOf(views.keySet())) {
            if (!wanted.contains(id)) {
                pending.add(() -> remove(id));
            }
        }
        totalSteps = doneSteps + pending.size();
    }

    private static boolean sameLook(EntityInfo a, EntityInfo b) {
        return a.getShape().equals(b.getShape()) && a.getModel().equals(b.getModel()) && a.getColor().equals(b.getColor())
                && a.getScale().equals(b.getScale());
    }

    private void replace(EntityInfo info) {
        EntityInfo current = context.model().entity(info.getId());
        if (current == null) {
            return; // despawned while waiting
        }
        remove(info.getId());
        EntityView view = new EntityView(getApplication().getAssetManager(), current);
        views.put(current.getId(), view);
        entityRoot.attachChild(view.node());
    }

    private void remove(String id) {
        EntityView view = views.remove(id);
        if (view != null) {
            view.node().removeFromParent();
        }
    }

    @Override
    public void entityChanged(EntityEvent event) {
        switch (event.getKind()) {
            case KIND_SPAWNED -> {
                pending.add(() -> replace(event.getEntity()));
                totalSteps = doneSteps + pending.size();
            }
            case KIND_DESPAWNED -> remove(event.getEntityId());
            case KIND_HIGHLIGHTED -> {
                EntityView view = views.get(event.getEntityId());
                if (view != null) {
                    view.setHighlighted(event.getHighlighted());
                }
            }
            default -> { }
        }
    }

    @Override
    public void update(float tpf) {
        long deadline = System.nanoTime() + BUILD_BUDGET_NANOS;
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            pending.poll().run();
            doneSteps++;
        }
        if (layoutBuilt && !attached && isEnabled()) {
            attach();
        }
        PoseFeed feed = context.feed();
        if (feed == null) {
            return;
        }
        for (EntityView view : views.values()) {
            if (view.info().getId().equals(overridden)) {
                continue;
            }
            if (feed.entity(view.info().getIndex(), pose)) {
                view.setPose(pose[0], pose[1], pose[2], pose[3], pose[4], pose[5], pose[6]);
            }
        }
    }

    /**
     * Attaches the scene. The layout's lights move to the root node: a light on a node lights only
     * that subtree, and avatars and this person's hands live outside it.
     */
    private void attach() {
        Node rootNode = ((SimpleApplication) getApplication()).getRootNode();
        for (com.jme3.light.Light light : root.getLocalLightList().clone()) {
            root.removeLight(light);
            lights.add(light);
        }
        for (com.jme3.light.Light light : lights) {
            rootNode.addLight(light);
        }
        rootNode.attachChild(root);
        attached = true;
    }

    /** Stops following the snapshots for entity {@code id} (the one this person holds), or none. */
    public void setOverridden(String id) {
        overridden = id;
    }

    /** Building progress in [0, 1]; 1 when nothing is waiting. */
    public float progress() {
        if (!layoutBuilt && totalSteps == 0) {
            return 0f;
        }
        return totalSteps == 0 ? 1f : Math.min(1f, doneSteps / (float) totalSteps);
    }

    /** True when the layout and every known entity are built and in the scene graph. */
    public boolean ready() {
        return layoutBuilt && attached && pending.isEmpty();
    }

    public EntityView view(String entityId) {
        return views.get(entityId);
    }

    public Map<String, EntityView> views() {
        return views;
    }

    public Node entityRoot() {
        return entityRoot;
    }

    public Node root() {
        return root;
    }

    public SceneBuilder builder() {
        return builder;
    }
}
