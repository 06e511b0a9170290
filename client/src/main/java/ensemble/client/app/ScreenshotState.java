package ensemble.client.app;

import com.jme3.app.Application;
import com.jme3.app.state.BaseAppState;
import com.jme3.post.SceneProcessor;
import com.jme3.profile.AppProfiler;
import com.jme3.renderer.RenderManager;
import com.jme3.renderer.ViewPort;
import com.jme3.renderer.queue.RenderQueue;
import com.jme3.texture.FrameBuffer;
import com.jme3.util.BufferUtils;
import com.jme3.util.Screenshots;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;

/**
 * Saves one PNG of what the window shows once {@code when} holds (checked every frame after the
 * scene is up), then runs {@code after}. Used by {@code --screenshot} for bug reports and by the
 * end-to-end test. The pixels are read back after the GUI is drawn, so the HUD is in the picture.
 *
 * <p>Threads: render thread only (the read-back happens in the GUI viewport's post-frame).
 */
public final class ScreenshotState extends BaseAppState {
    private final Path file;
    private final BooleanSupplier when;
    private final Runnable after;
    private final Capture capture = new Capture();
    private RenderManager renderManager;
    private boolean armed;
    private boolean saved;

    public ScreenshotState(Path file, BooleanSupplier when, Runnable after) {
        this.file = file;
        this.when = when;
        this.after = after;
    }

    @Override
    protected void initialize(Application app) {
        app.getGuiViewPort().addProcessor(capture);
    }

    @Override
    protected void cleanup(Application app) {
        app.getGuiViewPort().removeProcessor(capture);
    }

    @Override
    protected void onEnable() {
    }

    @Override
    protected void onDisable() {
    }

    @Override
    public void update(float tpf) {
        if (!saved && !armed && when.getAsBoolean()) {
            armed = true; // read back at the end of this frame
        }
    }

    public boolean saved() {
        return saved;
    }

    /** Reads the frame back after the GUI viewport has drawn. */
    private final class Capture implements SceneProcessor {
        @Override
        public void initialize(RenderManager rm, ViewPort vp) {
            renderManager = rm;
        }

        @Override
        public void reshape(ViewPort vp, int w, int h) {
        }

        @Override
        public boolean isInitialized() {
            return renderManager != null;
        }

        @Override
        public void preFrame(float tpf) {
        }

        @Override
        public void postQueue(RenderQueue rq) {
        }

        @Override
        public void postFrame(FrameBuffer out) {
            save(out);
        }

        @Override
        public void cleanup() {
        }

        @Override
        public void setProfiler(AppProfiler profiler) {
        }
    }

    private void save(FrameBuffer out) {
        if (!armed || saved) {
            return;
        }
        int w = getApplication().getCamera().getWidth();
        int h = getApplication().getCamera().getHeight();
        ByteBuffer pixels = BufferUtils.createByteBuffer(w * h * 4);
        // BGRA is the layout Screenshots.convertScreenShot expects
        renderManager.getRenderer().readFrameBufferWithFormat(out, pixels, com.jme3.texture.Image.Format.BGRA8);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_4BYTE_ABGR);
        Screenshots.convertScreenShot(pixels, image);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write screenshot " + file, e);
        }
        saved = true;
        System.out.println("screenshot saved: " + file.toAbsolutePath());
        getApplication().enqueue(after::run);
    }
}
