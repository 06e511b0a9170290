package ensemble.client.xr;

import com.jme3.app.Application;
import com.jme3.app.SimpleApplication;
import com.jme3.app.state.BaseAppState;
import com.jme3.math.ColorRGBA;
import com.jme3.scene.Geometry;
import com.jme3.scene.Mesh;
import com.jme3.scene.VertexBuffer;
import com.jme3.scene.shape.Cylinder;
import com.jme3.math.FastMath;
import com.jme3.util.BufferUtils;
import ensemble.client.scene.Materials;
import java.nio.FloatBuffer;

/**
 * Draws the teleport arc while the person aims one, and a ring where they would land: green when
 * they may, red when the arc leaves the scene. Render thread only.
 */
public final class TeleportArcView extends BaseAppState {
    private final XrRig rig;
    private final FloatBuffer vertices = BufferUtils.createFloatBuffer(TeleportArc.MAX_POINTS * 3);
    private Mesh line;
    private Geometry arc;
    private Geometry marker;
    private final ColorRGBA ok = new ColorRGBA(0.3f, 0.9f, 0.4f, 1f);
    private final ColorRGBA no = new ColorRGBA(0.95f, 0.3f, 0.25f, 1f);

    public TeleportArcView(XrRig rig) {
        this.rig = rig;
    }

    @Override
    protected void initialize(Application app) {
        line = new Mesh();
        line.setMode(Mesh.Mode.LineStrip);
        line.setBuffer(VertexBuffer.Type.Position, 3, vertices);
        arc = new Geometry("xr-teleport-arc", line);
        arc.setMaterial(Materials.unlit(app.getAssetManager(), ok));
        marker = new Geometry("xr-teleport-target", new Cylinder(2, 24, 0.3f, 0.02f, true));
        marker.rotate(FastMath.HALF_PI, 0, 0);
        marker.setMaterial(arc.getMaterial());
    }

    @Override
    public void update(float tpf) {
        TeleportArc a = rig.arc();
        SimpleApplication app = (SimpleApplication) getApplication();
        if (a.count() < 2) {
            arc.removeFromParent();
            marker.removeFromParent();
            return;
        }
        vertices.clear();
        vertices.put(a.points(), 0, a.count() * 3).flip();
        line.getBuffer(VertexBuffer.Type.Position).updateData(vertices);
        line.updateBound();
        line.updateCounts();
        arc.updateModelBound();
        arc.getMaterial().setColor("Color", a.valid() ? ok : no);
        app.getRootNode().attachChild(arc);
        marker.setLocalTranslation(a.targetX(), 0.01f, a.targetZ());
        app.getRootNode().attachChild(marker);
    }

    @Override
    protected void cleanup(Application app) {
    }

    @Override
    protected void onEnable() {
    }

    @Override
    protected void onDisable() {
        arc.removeFromParent();
        marker.removeFromParent();
    }
}
