package ensemble.client.xr;

import com.jme3.renderer.Renderer;
import com.jme3.util.BufferUtils;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;

/**
 * Saves both eyes' images once, as {@code <base>-left.png} and {@code <base>-right.png}, when
 * {@code due} says the scene is worth it; then runs {@code after} (the client quits). Reads the
 * swapchain images back before they are released. Render thread only.
 */
public final class EyeCapture {
    private final Path base;
    private final BooleanSupplier due;
    private final Runnable after;
    private boolean done;

    public EyeCapture(Path base, BooleanSupplier due, Runnable after) {
        this.base = base;
        this.due = due;
        this.after = after;
    }

    /** The paths written for {@code base} (a .png suffix of the base is dropped). */
    public static Path[] paths(Path base) {
        String name = base.getFileName().toString().replaceFirst("\\.png$", "");
        return new Path[] {base.resolveSibling(name + "-left.png"), base.resolveSibling(name + "-right.png")};
    }

    void offer(Renderer renderer, EyeSwapchain left, EyeSwapchain right) {
        if (done || !due.getAsBoolean()) {
            return;
        }
        done = true;
        Path[] out = paths(base);
        try {
            save(renderer, left, out[0]);
            save(renderer, right, out[1]);
            System.out.println("xr: eye images saved to " + out[0] + " and " + out[1]);
        } catch (IOException e) {
            System.err.println("xr: could not save the eye images: " + e.getMessage());
        }
        after.run();
    }

    private static void save(Renderer renderer, EyeSwapchain eye, Path path) throws IOException {
        ByteBuffer pixels = BufferUtils.createByteBuffer(eye.width * eye.height * 4);
        renderer.readFrameBuffer(eye.current(), pixels);
        BufferedImage image = new BufferedImage(eye.width, eye.height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < eye.height; y++) {
            for (int x = 0; x < eye.width; x++) {
                int i = ((eye.height - 1 - y) * eye.width + x) * 4; // GL rows run bottom-up
                image.setRGB(x, y, (pixels.get(i) & 0xff) << 16 | (pixels.get(i + 1) & 0xff) << 8 | (pixels.get(i + 2) & 0xff));
            }
        }
        ImageIO.write(image, "png", path.toFile());
    }
}
