package ensemble.client.scene;

import com.jme3.asset.AssetManager;
import com.jme3.asset.AssetNotFoundException;
import com.jme3.bounding.BoundingBox;
import com.jme3.math.ColorRGBA;
import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import com.jme3.renderer.queue.RenderQueue;
import com.jme3.scene.Geometry;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import com.jme3.scene.shape.Box;
import com.jme3.scene.shape.Cylinder;
import com.jme3.scene.shape.Sphere;
import ensemble.v1.EntityInfo;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One entity in the scene: its body (a primitive of unit size scaled by the entity's scale, or a
 * glTF model), and a wire box shown when it is pointed at or highlighted by the scenario. The
 * node carries the entity id as user data {@link #ENTITY_ID} so picking finds it.
 *
 * <p>Threads: render thread (or before attachment).
 */
public final class EntityView {
    public static final String ENTITY_ID = "entityId";
    private static final Logger LOG = Logger.getLogger(EntityView.class.getName());
    static final ColorRGBA DEFAULT_COLOR = new ColorRGBA(0.75f, 0.75f, 0.75f, 1f);
    static final ColorRGBA POINTED = new ColorRGBA(1f, 0.9f, 0.2f, 1f);
    static final ColorRGBA HIGHLIGHTED = new ColorRGBA(0.2f, 1f, 0.5f, 1f);

    private final EntityInfo info;
    private final Node node;
    private final Spatial body;
    private final Geometry outline;
    private boolean pointed;
    private boolean highlighted;
    private boolean fromModel;

    public EntityView(AssetManager assets, EntityInfo info) {
        this.info = info;
        node = new Node("entity:" + info.getId());
        node.setUserData(ENTITY_ID, info.getId());
        body = body(assets, info);
        node.attachChild(body);
        BoundingBox bounds = body.getWorldBound() instanceof BoundingBox box ? box : new BoundingBox(Vector3f.ZERO, 0.25f, 0.25f, 0.25f);
        Vector3f extent = bounds.getExtent(null).addLocal(0.02f, 0.02f, 0.02f);
        outline = new Geometry("outline", SceneBuilder.boxEdges(extent.x, extent.y, extent.z));
        outline.setLocalTranslation(bounds.getCenter().subtract(body.getWorldTranslation()));
        outline.setMaterial(Materials.unlit(assets, POINTED.clone()));
        outline.setQueueBucket(RenderQueue.Bucket.Transparent);
        outline.setCullHint(Spatial.CullHint.Always);
        node.attachChild(outline);
        setPose(info.getPose().getPosition().getX(), info.getPose().getPosition().getY(), info.getPose().getPosition().getZ(),
                info.getPose().getRotation().getX(), info.getPose().getRotation().getY(), info.getPose().getRotation().getZ(),
                info.getPose().hasRotation() ? info.getPose().getRotation().getW() : 1f);
    }

    private Spatial body(AssetManager assets, EntityInfo info) {
        Vector3f scale = info.hasScale() ? new Vector3f(positive(info.getScale().getX()), positive(info.getScale().getY()),
                positive(info.getScale().getZ())) : new Vector3f(1, 1, 1);
        if (!info.getModel().isEmpty()) {
            try {
                Spatial model = assets.loadModel(info.getModel());
                model.setLocalScale(scale);
                fromModel = true;
                model.updateGeometricState();
                return model;
            } catch (AssetNotFoundException | IllegalArgumentException | IllegalStateException e) {
                LOG.log(Level.WARNING, "entity {0}: cannot load model {1} ({2}); drawing its shape instead",
                        new Object[] {info.getId(), info.getModel(), e.getMessage()});
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "entity " + info.getId() + ": model " + info.getModel() + " is broken", e);
            }
        }
        Geometry g = switch (info.getShape()) {
            case "sphere" -> new Geometry("sphere", new Sphere(16, 24, 0.5f));
            case "cylinder" -> cylinder(0.5f, 1f);
            case "capsule" -> cylinder(0.25f, 0.5f); // the middle; rounded ends are added below
            case "plane" -> new Geometry("plane", new Box(0.5f, 0.005f, 0.5f));
            default -> new Geometry("box", new Box(0.5f, 0.5f, 0.5f));
        };
        g.setMaterial(Materials.lit(assets, Colors.parse(info.getColor(), DEFAULT_COLOR)));
        g.setShadowMode(RenderQueue.ShadowMode.CastAndReceive);
        // the shape node is unit size; scaling it (not the mesh) keeps rotated meshes right
        Node shape = new Node("shape:" + info.getShape());
        shape.attachChild(g);
        if ("capsule".equals(info.getShape())) {
            for (float end : new float[] {-0.25f, 0.25f}) {
                Geometry cap = new Geometry("cap", new Sphere(12, 16, 0.25f));
                cap.setMaterial(g.getMaterial());
                cap.setLocalTranslation(0, end, 0);
                shape.attachChild(cap);
            }
        }
        shape.setLocalScale(scale);
        shape.updateGeometricState();
        return shape;
    }

    /** A cylinder standing along Y (jME's runs along Z). */
    private static Geometry cylinder(float radius, float height) {
        Geometry g = new Geometry("cylinder", new Cylinder(2, 24, radius, height, true));
        g.setLocalRotation(new Quaternion().fromAngles((float) Math.PI / 2, 0, 0));
        return g;
    }

    private static float positive(float v) {
        return v > 0 ? v : 1f;
    }

    public void setPose(float x, float y, float z, float qx, float qy, float qz, float qw) {
        node.setLocalTranslation(x, y, z);
        node.setLocalRotation(new Quaternion(qx, qy, qz, qw));
    }

    /** Pointed at by this person (yellow) or highlighted by the scenario (green). */
    public void setPointed(boolean value) {
        pointed = value;
        refreshOutline();
    }

    public void setHighlighted(boolean value) {
        highlighted = value;
        refreshOutline();
    }

    private void refreshOutline() {
        outline.setCullHint(pointed || highlighted ? Spatial.CullHint.Inherit : Spatial.CullHint.Always);
        outline.getMaterial().setColor("Color", pointed ? POINTED : HIGHLIGHTED);
    }

    public boolean isPointed() {
        return pointed;
    }

    public boolean isHighlighted() {
        return highlighted;
    }

    public boolean fromModel() {
        return fromModel;
    }

    public EntityInfo info() {
        return info;
    }

    public Node node() {
        return node;
    }

    public Spatial body() {
        return body;
    }
}
