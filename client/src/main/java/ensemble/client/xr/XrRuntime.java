package ensemble.client.xr;

import static org.lwjgl.openxr.XR10.*;
import static org.lwjgl.system.MemoryStack.stackPush;

import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.HashSet;
import java.util.Set;
import org.lwjgl.PointerBuffer;
import org.lwjgl.openxr.EXTHandTracking;
import org.lwjgl.openxr.KHROpenGLEnable;
import org.lwjgl.openxr.XR;
import org.lwjgl.openxr.XrApplicationInfo;
import org.lwjgl.openxr.XrExtensionProperties;
import org.lwjgl.openxr.XrInstance;
import org.lwjgl.openxr.XrInstanceCreateInfo;
import org.lwjgl.openxr.XrSystemGetInfo;
import org.lwjgl.openxr.XrSystemProperties;
import org.lwjgl.system.MemoryStack;

/**
 * The OpenXR instance and the headset system, found before any window opens so a missing runtime
 * or headset is told to the person up front. {@link #open} never throws for a missing runtime: it
 * returns {@link Unavailable} with the runtime's own words.
 *
 * <p>Threads: created on the launching thread, then used and closed on jME's render thread only.
 */
public final class XrRuntime implements AutoCloseable {
    /** What {@link #open} found. */
    public sealed interface Outcome permits Opened, Unavailable {
    }

    public record Opened(XrRuntime runtime) implements Outcome {
    }

    /** No runtime, or no headset: {@code reason} says which, with the runtime's error. */
    public record Unavailable(String reason) implements Outcome {
    }

    private final XrInstance instance;
    private final long systemId;
    private final String runtimeName;
    private final String systemName;
    private final boolean handTracking;

    private XrRuntime(XrInstance instance, long systemId, String runtimeName, String systemName, boolean handTracking) {
        this.instance = instance;
        this.systemId = systemId;
        this.runtimeName = runtimeName;
        this.systemName = systemName;
        this.handTracking = handTracking;
    }

    /** Loads the OpenXR loader, creates an instance with OpenGL, and finds a head-mounted display. */
    public static Outcome open() {
        try {
            // Load the loader here, where its failure becomes a message, not in XR's static initialiser.
            org.lwjgl.system.Configuration.OPENXR_EXPLICIT_INIT.set(true);
            XR.create();
        } catch (Throwable e) { // UnsatisfiedLinkError from the loader's natives; nothing else to do
            return new Unavailable("the OpenXR loader could not be loaded: " + e.getMessage());
        }
        try (MemoryStack stack = stackPush()) {
            IntBuffer count = stack.mallocInt(1);
            int r = xrEnumerateInstanceExtensionProperties((CharSequence) null, count, null);
            if (r != XR_SUCCESS) {
                XR.destroy();
                return new Unavailable("no OpenXR runtime is installed or active (" + XrResults.name(r) + ")"
                        + XrResults.runtimeHint());
            }
            XrExtensionProperties.Buffer props = XrExtensionProperties.calloc(count.get(0), stack);
            for (XrExtensionProperties p : props) {
                p.type$Default();
            }
            xrEnumerateInstanceExtensionProperties((CharSequence) null, count, props);
            Set<String> available = new HashSet<>();
            for (XrExtensionProperties p : props) {
                available.add(p.extensionNameString());
            }
            if (!available.contains(KHROpenGLEnable.XR_KHR_OPENGL_ENABLE_EXTENSION_NAME)) {
                XR.destroy();
                return new Unavailable("the OpenXR runtime cannot render OpenGL (no XR_KHR_opengl_enable)");
            }
            boolean hands = available.contains(EXTHandTracking.XR_EXT_HAND_TRACKING_EXTENSION_NAME);
            PointerBuffer extensions = stack.mallocPointer(hands ? 2 : 1);
            extensions.put(stack.UTF8(KHROpenGLEnable.XR_KHR_OPENGL_ENABLE_EXTENSION_NAME));
            if (hands) {
                extensions.put(stack.UTF8(EXTHandTracking.XR_EXT_HAND_TRACKING_EXTENSION_NAME));
            }
            extensions.flip();
            XrInstanceCreateInfo info = XrInstanceCreateInfo.calloc(stack).type$Default()
                    .applicationInfo(XrApplicationInfo.calloc(stack)
                            .applicationName(stack.UTF8("Ensemble")).applicationVersion(1)
                            .engineName(stack.UTF8("jMonkeyEngine")).engineVersion(3)
                            .apiVersion(XR_MAKE_VERSION(1, 0, 0)))
                    .enabledExtensionNames(extensions);
            PointerBuffer handle = stack.mallocPointer(1);
            r = xrCreateInstance(info, handle);
            if (r != XR_SUCCESS) {
                XR.destroy();
                return new Unavailable("the OpenXR runtime refused to start (" + XrResults.name(r) + ")"
                        + XrResults.runtimeHint());
            }
            XrInstance instance = new XrInstance(handle.get(0), info);
            XrSystemProperties system = XrSystemProperties.calloc(stack).type$Default();
            LongBuffer systemId = stack.mallocLong(1);
            r = xrGetSystem(instance, XrSystemGetInfo.calloc(stack).type$Default()
                    .formFactor(XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY), systemId);
            String runtimeName = XrResults.runtimeName(instance, stack);
            if (r != XR_SUCCESS) {
                xrDestroyInstance(instance);
                XR.destroy();
                return new Unavailable("the OpenXR runtime " + runtimeName + " found no headset ("
                        + XrResults.name(r) + "): connect and switch on the headset, then start again");
            }
            xrGetSystemProperties(instance, systemId.get(0), system);
            return new Opened(new XrRuntime(instance, systemId.get(0), runtimeName, system.systemNameString(), hands));
        }
    }

    public XrInstance instance() {
        return instance;
    }

    public long systemId() {
        return systemId;
    }

    public String runtimeName() {
        return runtimeName;
    }

    public String systemName() {
        return systemName;
    }

    /** The runtime offers {@code XR_EXT_hand_tracking} (whether the system tracks hands is asked later). */
    public boolean handTrackingExtension() {
        return handTracking;
    }

    @Override
    public void close() {
        xrDestroyInstance(instance);
        XR.destroy();
    }
}
