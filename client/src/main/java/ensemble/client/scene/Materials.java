package ensemble.client.scene;

import com.jme3.asset.AssetManager;
import com.jme3.material.Material;
import com.jme3.material.RenderState;
import com.jme3.math.ColorRGBA;

/** The few materials the client draws with: lit solid colours and unlit translucent overlays. */
public final class Materials {
    private Materials() {
    }

    /** A lit, matte material of one colour. */
    public static Material lit(AssetManager assets, ColorRGBA color) {
        Material m = new Material(assets, "Common/MatDefs/Light/Lighting.j3md");
        m.setBoolean("UseMaterialColors", true);
        m.setColor("Diffuse", color);
        m.setColor("Ambient", color);
        m.setColor("Specular", ColorRGBA.Black);
        m.setFloat("Shininess", 1f);
        return m;
    }

    /** An unlit colour; with alpha below 1 it blends (put the geometry in the transparent bucket). */
    public static Material unlit(AssetManager assets, ColorRGBA color) {
        Material m = new Material(assets, "Common/MatDefs/Misc/Unshaded.j3md");
        m.setColor("Color", color);
        if (color.a < 1f) {
            m.getAdditionalRenderState().setBlendMode(RenderState.BlendMode.Alpha);
            m.getAdditionalRenderState().setDepthWrite(false);
            m.getAdditionalRenderState().setFaceCullMode(RenderState.FaceCullMode.Off);
        }
        return m;
    }
}
