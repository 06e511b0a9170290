package ensemble.client.scene;

import com.jme3.asset.AssetManager;
import com.jme3.font.BitmapFont;
import com.jme3.font.BitmapText;
import com.jme3.light.AmbientLight;
import com.jme3.light.DirectionalLight;
import com.jme3.light.PointLight;
import com.jme3.math.ColorRGBA;
import com.jme3.math.Vector3f;
import com.jme3.renderer.queue.RenderQueue;
import com.jme3.scene.Geometry;
import com.jme3.scene.Mesh;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import com.jme3.scene.VertexBuffer;
import com.jme3.scene.control.BillboardControl;
import com.jme3.scene.shape.Box;
import com.jme3.scene.shape.Sphere;
import com.jme3.util.BufferUtils;
import ensemble.v1.Bounds;
import ensemble.v1.Light;
import ensemble.v1.SceneLayout;
import ensemble.v1.Vec3;
import ensemble.v1.Wall;
import ensemble.v1.Zone;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link SceneLayout} into the static scene: floor, walls, lights and zones (soft
 * translucent outlines with a label). The work is cut into small steps so the loading screen can
 * show progress and the window stays responsive. Builds detached nodes only; attaching them is
 * the caller's job on the render thread.
 */
public final class SceneBuilder {
    static final ColorRGBA DEFAULT_FLOOR = new ColorRGBA(0.54f, 0.56f, 0.6f, 1f);
    static final ColorRGBA DEFAULT_SKY = new ColorRGBA(0.72f, 0.83f, 0.94f, 1f);
    static final ColorRGBA DEFAULT_WALL = new ColorRGBA(0.85f, 0.83f, 0.8f, 1f);
    static final ColorRGBA DEFAULT_ZONE = new ColorRGBA(0.2f, 0.8f, 0.4f, 1f);
    /** Opacity of a zone's faces: visible, never hiding what is inside. */
    static final float ZONE_ALPHA = 0.12f;

    private final AssetManager assets;
    private final BitmapFont font;

    public SceneBuilder(AssetManager assets) {
        this.assets = assets;
        this.font = assets.loadFont("Interface/Fonts/Default.fnt");
    }

    /** One unit of work: builds part of the scene into {@code root}. */
    @FunctionalInterface
    public interface Step {
        void run(Node root);
    }

    /** The steps that build {@code layout} into a root node, in order. */
    public List<Step> steps(SceneLayout layout) {
        List<Step> steps = new ArrayList<>();
        steps.add(root -> root.attachChild(floor(layout)));
        for (Wall wall : layout.getWallsList()) {
            steps.add(root -> root.attachChild(wall(wall)));
        }
        steps.add(root -> lights(layout, root));
        for (Zone zone : layout.getZonesList()) {
            steps.add(root -> root.attachChild(zone(zone)));
        }
        return steps;
    }

    /** The sky colour: the viewport's background. */
    public static ColorRGBA sky(SceneLayout layout) {
        return Colors.parse(layout.getSkyColor(), DEFAULT_SKY);
    }

    Spatial floor(SceneLayout layout) {
        Bounds b = layout.getBounds();
        float sx = Math.max(1f, b.getMax().getX() - b.getMin().getX());
        float sz = Math.max(1f, b.getMax().getZ() - b.getMin().getZ());
        Geometry floor = new Geometry("floor", new Box(sx / 2, 0.05f, sz / 2));
        floor.setLocalTranslation((b.getMin().getX() + b.getMax().getX()) / 2, b.getMin().getY() - 0.05f,
                (b.getMin().getZ() + b.getMax().getZ()) / 2);
        floor.setMaterial(Materials.lit(assets, Colors.parse(layout.getFloorColor(), DEFAULT_FLOOR)));
        floor.setShadowMode(RenderQueue.ShadowMode.Receive);
        return floor;
    }

    Spatial wall(Wall wall) {
        Vec3 size = wall.getSize();
        Geometry g = new Geometry("wall", new Box(Math.max(0.01f, size.getX() / 2), Math.max(0.01f, size.getY() / 2),
                Math.max(0.01f, size.getZ() / 2)));
        g.setLocalTranslation(vector(wall.getCenter()));
        g.setMaterial(Materials.lit(assets, Colors.parse(wall.getColor(), DEFAULT_WALL)));
        return g;
    }

    void lights(SceneLayout layout, Node root) {
        boolean any = false;
        for (Light light : layout.getLightsList()) {
            ColorRGBA color = Colors.parse(light.getColor(), ColorRGBA.White).mult(light.getIntensity() > 0 ? light.getIntensity() : 1f);
            switch (light.getKind()) {
                case "ambient" -> root.addLight(new AmbientLight(color));
                case "directional" -> {
                    Vector3f dir = vector(light.getDirection());
                    root.addLight(new DirectionalLight(dir.lengthSquared() > 0 ? dir.normalizeLocal() : new Vector3f(0, -1, 0), color));
                }
                case "point" -> root.addLight(new PointLight(vector(light.getPosition()), color, 15f));
                default -> {
                    continue; // unknown kinds are ignored: an older client still shows the scene
                }
            }
            any = true;
        }
        if (!any) { // a scene without lights would be black: light it like an overcast day
            root.addLight(new AmbientLight(ColorRGBA.White.mult(0.5f)));
            root.addLight(new DirectionalLight(new Vector3f(-0.4f, -1f, -0.3f).normalizeLocal(), ColorRGBA.White.mult(0.8f)));
        }
    }

    Spatial zone(Zone zone) {
        Node node = new Node("zone:" + zone.getId());
        ColorRGBA base = Colors.parse(zone.getColor(), DEFAULT_ZONE);
        ColorRGBA faces = new ColorRGBA(base.r, base.g, base.b, ZONE_ALPHA);
        ColorRGBA edges = new ColorRGBA(base.r, base.g, base.b, 0.6f);
        Vector3f center = vector(zone.getCenter());
        float top;
        if ("sphere".equals(zone.getShape())) {
            float r = Math.max(0.05f, zone.getRadius());
            Geometry shell = new Geometry("zone-shell", new Sphere(24, 32, r));
            shell.setMaterial(Materials.unlit(assets, faces));
            shell.setQueueBucket(RenderQueue.Bucket.Transparent);
            node.attachChild(shell);
            Geometry ring = new Geometry("zone-outline", circle(r, 48));
            ring.setMaterial(Materials.unlit(assets, edges));
            ring.setQueueBucket(RenderQueue.Bucket.Transparent);
            ring.setLocalTranslation(0, -center.y + 0.02f, 0);
            node.attachChild(ring);
            top = r;
        } else {
            Vec3 size = zone.getSize();
            float hx = Math.max(0.05f, size.getX() / 2);
            float hy = Math.max(0.05f, size.getY() / 2);
            float hz = Math.max(0.05f, size.getZ() / 2);
            Geometry shell = new Geometry("zone-shell", new Box(hx, hy, hz));
            shell.setMaterial(Materials.unlit(assets, faces));
            shell.setQueueBucket(RenderQueue.Bucket.Transparent);
            node.attachChild(shell);
            Geometry outline = new Geometry("zone-outline", boxEdges(hx, hy, hz));
            outline.setMaterial(Materials.unlit(assets, edges));
            outline.setQueueBucket(RenderQueue.Bucket.Transparent);
            node.attachChild(outline);
            top = hy;
        }
        node.setLocalTranslation(center);
        String text = zone.getLabel().isEmpty() ? zone.getId() : zone.getLabel();
        node.attachChild(label(text, new ColorRGBA(base.r, base.g, base.b, 1f), top + 0.25f));
        return node;
    }

    /** A text label floating {@code height} metres above its parent's origin, always facing the camera. */
    public Spatial label(String text, ColorRGBA color, float height) {
        BitmapText label = new BitmapText(font);
        label.setText(text);
        label.setColor(color);
        label.setSize(0.18f);
        label.setQueueBucket(RenderQueue.Bucket.Transparent);
        label.setLocalTranslation(-label.getLineWidth() / 2, label.getLineHeight(), 0);
        Node holder = new Node("label");
        holder.attachChild(label);
        holder.setLocalTranslation(0, height, 0);
        holder.addControl(new BillboardControl());
        return holder;
    }

    public BitmapFont font() {
        return font;
    }

    static Vector3f vector(Vec3 v) {
        return new Vector3f(v.getX(), v.getY(), v.getZ());
    }

    private static Mesh circle(float radius, int segments) {
        float[] points = new float[segments * 3];
        for (int i = 0; i < segments; i++) {
            double a = 2 * Math.PI * i / segments;
            points[i * 3] = (float) Math.cos(a) * radius;
            points[i * 3 + 2] = (float) Math.sin(a) * radius;
        }
        Mesh mesh = new Mesh();
        mesh.setMode(Mesh.Mode.LineLoop);
        mesh.setBuffer(VertexBuffer.Type.Position, 3, BufferUtils.createFloatBuffer(points));
        mesh.updateBound();
        return mesh;
    }

    /** The twelve edges of a box as lines. */
    static Mesh boxEdges(float hx, float hy, float hz) {
        float[] p = new float[8 * 3];
        for (int i = 0; i < 8; i++) {
            p[i * 3] = (i & 1) == 0 ? -hx : hx;
            p[i * 3 + 1] = (i & 2) == 0 ? -hy : hy;
            p[i * 3 + 2] = (i & 4) == 0 ? -hz : hz;
        }
        short[] edges = {0, 1, 2, 3, 4, 5, 6, 7, 0, 2, 1, 3, 4, 6, 5, 7, 0, 4, 1, 5, 2, 6, 3, 7};
        Mesh mesh = new Mesh();
        mesh.setMode(Mesh.Mode.Lines);
        mesh.setBuffer(VertexBuffer.Type.Position, 3, BufferUtils.createFloatBuffer(p));
        mesh.setBuffer(VertexBuffer.Type.Index, 2, BufferUtils.createShortBuffer(edges));
        mesh.updateBound();
        return mesh;
    }
}
