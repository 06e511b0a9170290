package ensemble.client.xr;

import static ensemble.client.xr.XrResults.check;
import static org.lwjgl.openxr.XR10.*;
import static org.lwjgl.system.MemoryStack.stackPush;

import com.jme3.system.JmeContext;
import com.jme3.system.lwjgl.LwjglWindow;
import java.nio.LongBuffer;
import java.nio.IntBuffer;
import org.lwjgl.PointerBuffer;
import org.lwjgl.glfw.GLFWNativeGLX;
import org.lwjgl.glfw.GLFWNativeWGL;
import org.lwjgl.glfw.GLFWNativeX11;
import org.lwjgl.openxr.KHROpenGLEnable;
import org.lwjgl.openxr.XrGraphicsBindingOpenGLWin32KHR;
import org.lwjgl.openxr.XrGraphicsBindingOpenGLXlibKHR;
import org.lwjgl.openxr.XrGraphicsRequirementsOpenGLKHR;
import org.lwjgl.openxr.XrSession;
import org.lwjgl.openxr.XrSessionCreateInfo;
import org.lwjgl.opengl.GLX13;
import org.lwjgl.opengl.WGL;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.Platform;
import org.lwjgl.system.Struct;
import org.lwjgl.system.linux.XVisualInfo;

/**
 * The session bound to jME's OpenGL context: GLX on Linux (X11), WGL on Windows, taken from the
 * GLFW window jME's LWJGL 3 backend opened. Render thread only, the context current.
 */
final class XrGraphics {
    private XrGraphics() {
    }

    static XrSession createSession(XrRuntime runtime, JmeContext context) {
        if (!(context instanceof LwjglWindow window)) {
            throw new IllegalStateException("XR mode needs jME's LWJGL 3 window, not " + context.getClass().getName());
        }
        long glfw = window.getWindowHandle();
        try (MemoryStack stack = stackPush()) {
            XrGraphicsRequirementsOpenGLKHR req = XrGraphicsRequirementsOpenGLKHR.calloc(stack).type$Default();
            check(KHROpenGLEnable.xrGetOpenGLGraphicsRequirementsKHR(runtime.instance(), runtime.systemId(), req),
                    "xrGetOpenGLGraphicsRequirementsKHR");
            Struct<?> binding;
            if (Platform.get() == Platform.WINDOWS) {
                binding = XrGraphicsBindingOpenGLWin32KHR.calloc(stack).type$Default()
                        .hDC(WGL.wglGetCurrentDC()).hGLRC(GLFWNativeWGL.glfwGetWGLContext(glfw));
            } else if (Platform.get() == Platform.LINUX) {
                long display = GLFWNativeX11.glfwGetX11Display();
                long fbConfig = GLFWNativeGLX.glfwGetGLXFBConfig(glfw);
                XVisualInfo visual = GLX13.glXGetVisualFromFBConfig(display, fbConfig);
                binding = XrGraphicsBindingOpenGLXlibKHR.calloc(stack).type$Default()
                        .xDisplay(display).visualid(visual == null ? 0 : (int) visual.visualid()).glxFBConfig(fbConfig)
                        .glxDrawable(GLFWNativeGLX.glfwGetGLXWindow(glfw)).glxContext(GLFWNativeGLX.glfwGetGLXContext(glfw));
            } else {
                throw new IllegalStateException("XR mode runs on Linux and Windows, not " + Platform.get());
            }
            PointerBuffer p = stack.mallocPointer(1);
            check(xrCreateSession(runtime.instance(), XrSessionCreateInfo.calloc(stack).type$Default()
                    .next(binding.address()).systemId(runtime.systemId()), p), "xrCreateSession");
            return new XrSession(p.get(0), runtime.instance());
        }
    }

    /** The first of {@link EyeSwapchain#FORMATS} the runtime offers. */
    static long chooseFormat(XrSession session) {
        try (MemoryStack stack = stackPush()) {
            IntBuffer count = stack.mallocInt(1);
            check(xrEnumerateSwapchainFormats(session, count, null), "xrEnumerateSwapchainFormats");
            LongBuffer formats = stack.mallocLong(count.get(0));
            check(xrEnumerateSwapchainFormats(session, count, formats), "xrEnumerateSwapchainFormats");
            for (long wanted : EyeSwapchain.FORMATS) {
                for (int i = 0; i < count.get(0); i++) {
                    if (formats.get(i) == wanted) {
                        return wanted;
                    }
                }
            }
            throw new IllegalStateException("the runtime offers no RGBA8 swapchain format");
        }
    }
}
