package ensemble.client.xr;

import static ensemble.client.xr.XrResults.check;
import static org.lwjgl.openxr.XR10.*;
import static org.lwjgl.system.MemoryStack.stackPush;

import com.jme3.texture.FrameBuffer;
import com.jme3.texture.Image;
import com.jme3.texture.Texture2D;
import com.jme3.texture.image.ColorSpace;
import java.nio.IntBuffer;
import org.lwjgl.PointerBuffer;
import org.lwjgl.openxr.KHROpenGLEnable;
import org.lwjgl.openxr.XrSession;
import org.lwjgl.openxr.XrSwapchain;
import org.lwjgl.openxr.XrSwapchainCreateInfo;
import org.lwjgl.openxr.XrSwapchainImageAcquireInfo;
import org.lwjgl.openxr.XrSwapchainImageBaseHeader;
import org.lwjgl.openxr.XrSwapchainImageOpenGLKHR;
import org.lwjgl.openxr.XrSwapchainImageReleaseInfo;
import org.lwjgl.openxr.XrSwapchainImageWaitInfo;
import org.lwjgl.system.MemoryStack;

/**
 * One eye's swapchain, its images wrapped as jME frame buffers: each runtime-owned GL texture
 * becomes the colour target of a {@link FrameBuffer} (the image keeps the runtime's texture name
 * and is marked uploaded, so jME neither allocates nor deletes it), with a depth buffer of jME's.
 *
 * <p>Threads: render thread, with the GL context current.
 */
final class EyeSwapchain implements AutoCloseable {
    /** Colour formats we can render into, best first: linear RGBA8 (jME renders without gamma), then sRGB. */
    static final long[] FORMATS = {0x8058 /* GL_RGBA8 */, 0x8C43 /* GL_SRGB8_ALPHA8 */};

    final XrSwapchain handle;
    final int width;
    final int height;
    final long format;
    private final FrameBuffer[] buffers;
    private int acquired = -1;

    EyeSwapchain(XrSession session, long format, int width, int height) {
        this.width = width;
        this.height = height;
        this.format = format;
        try (MemoryStack stack = stackPush()) {
            PointerBuffer p = stack.mallocPointer(1);
            check(xrCreateSwapchain(session, XrSwapchainCreateInfo.calloc(stack).type$Default()
                    .usageFlags(XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT | XR_SWAPCHAIN_USAGE_SAMPLED_BIT)
                    .format(format).sampleCount(1).width(width).height(height).faceCount(1).arraySize(1).mipCount(1), p),
                    "xrCreateSwapchain");
            handle = new XrSwapchain(p.get(0), session);
            IntBuffer count = stack.mallocInt(1);
            check(xrEnumerateSwapchainImages(handle, count, null), "xrEnumerateSwapchainImages");
            XrSwapchainImageOpenGLKHR.Buffer images = XrSwapchainImageOpenGLKHR.calloc(count.get(0), stack);
            for (XrSwapchainImageOpenGLKHR image : images) {
                image.type(KHROpenGLEnable.XR_TYPE_SWAPCHAIN_IMAGE_OPENGL_KHR);
            }
            check(xrEnumerateSwapchainImages(handle, count, XrSwapchainImageBaseHeader.create(images.address(), images.capacity())),
                    "xrEnumerateSwapchainImages");
            buffers = new FrameBuffer[count.get(0)];
            for (int i = 0; i < buffers.length; i++) {
                buffers[i] = wrap(images.get(i).image(), width, height, format == 0x8C43);
            }
        }
    }

    private static FrameBuffer wrap(int glTexture, int width, int height, boolean srgb) {
        Image image = new Image(Image.Format.RGBA8, width, height, null, srgb ? ColorSpace.sRGB : ColorSpace.Linear);
        image.setId(glTexture);
        image.clearUpdateNeeded();
        FrameBuffer fb = new FrameBuffer(width, height, 1);
        fb.addColorTarget(FrameBuffer.FrameBufferTarget.newTarget(new Texture2D(image)));
        fb.setDepthTarget(FrameBuffer.FrameBufferTarget.newTarget(Image.Format.Depth));
        fb.setSrgb(srgb);
        return fb;
    }

    /** Acquires and waits for the next image; returns the frame buffer to render this eye into. */
    FrameBuffer acquire() {
        try (MemoryStack stack = stackPush()) {
            IntBuffer index = stack.mallocInt(1);
            check(xrAcquireSwapchainImage(handle, XrSwapchainImageAcquireInfo.calloc(stack).type$Default(), index),
                    "xrAcquireSwapchainImage");
            check(xrWaitSwapchainImage(handle, XrSwapchainImageWaitInfo.calloc(stack).type$Default()
                    .timeout(XR_INFINITE_DURATION)), "xrWaitSwapchainImage");
            acquired = index.get(0);
            return buffers[acquired];
        }
    }

    /** The frame buffer acquired this frame, or null. */
    FrameBuffer current() {
        return acquired < 0 ? null : buffers[acquired];
    }

    void release() {
        if (acquired < 0) {
            return;
        }
        try (MemoryStack stack = stackPush()) {
            check(xrReleaseSwapchainImage(handle, XrSwapchainImageReleaseInfo.calloc(stack).type$Default()),
                    "xrReleaseSwapchainImage");
        }
        acquired = -1;
    }

    @Override
    public void close() {
        xrDestroySwapchain(handle);
    }
}
