package ensemble.client.xr;

import static org.lwjgl.openxr.XR10.*;

import org.lwjgl.openxr.XrInstance;
import org.lwjgl.openxr.XrInstanceProperties;
import org.lwjgl.system.MemoryStack;

/** Names of OpenXR results for messages people read, and a check that turns failures into {@link XrException}. */
final class XrResults {
    private XrResults() {
    }

    static String name(int result) {
        return switch (result) {
            case XR_SUCCESS -> "XR_SUCCESS";
            case XR_ERROR_RUNTIME_FAILURE -> "XR_ERROR_RUNTIME_FAILURE";
            case XR_ERROR_INITIALIZATION_FAILED -> "XR_ERROR_INITIALIZATION_FAILED";
            case XR_ERROR_RUNTIME_UNAVAILABLE -> "XR_ERROR_RUNTIME_UNAVAILABLE";
            case XR_ERROR_FORM_FACTOR_UNAVAILABLE -> "XR_ERROR_FORM_FACTOR_UNAVAILABLE";
            case XR_ERROR_FORM_FACTOR_UNSUPPORTED -> "XR_ERROR_FORM_FACTOR_UNSUPPORTED";
            case XR_ERROR_EXTENSION_NOT_PRESENT -> "XR_ERROR_EXTENSION_NOT_PRESENT";
            case XR_ERROR_API_VERSION_UNSUPPORTED -> "XR_ERROR_API_VERSION_UNSUPPORTED";
            case XR_ERROR_GRAPHICS_DEVICE_INVALID -> "XR_ERROR_GRAPHICS_DEVICE_INVALID";
            case XR_ERROR_GRAPHICS_REQUIREMENTS_CALL_MISSING -> "XR_ERROR_GRAPHICS_REQUIREMENTS_CALL_MISSING";
            case XR_ERROR_SESSION_LOST -> "XR_ERROR_SESSION_LOST";
            case XR_ERROR_INSTANCE_LOST -> "XR_ERROR_INSTANCE_LOST";
            case XR_ERROR_VALIDATION_FAILURE -> "XR_ERROR_VALIDATION_FAILURE";
            case XR_ERROR_PATH_UNSUPPORTED -> "XR_ERROR_PATH_UNSUPPORTED";
            case XR_ERROR_SWAPCHAIN_FORMAT_UNSUPPORTED -> "XR_ERROR_SWAPCHAIN_FORMAT_UNSUPPORTED";
            case XR_SESSION_LOSS_PENDING -> "XR_SESSION_LOSS_PENDING";
            case XR_SESSION_NOT_FOCUSED -> "XR_SESSION_NOT_FOCUSED";
            case XR_FRAME_DISCARDED -> "XR_FRAME_DISCARDED";
            default -> "XrResult " + result;
        };
    }

    /** Where the loader looks, said when it found nothing. */
    static String runtimeHint() {
        String json = System.getenv("XR_RUNTIME_JSON");
        return json != null ? "; XR_RUNTIME_JSON is " + json
                : "; start SteamVR, Monado or the Oculus app, or set XR_RUNTIME_JSON to a runtime's manifest";
    }

    static String runtimeName(XrInstance instance, MemoryStack stack) {
        XrInstanceProperties p = XrInstanceProperties.calloc(stack).type$Default();
        if (xrGetInstanceProperties(instance, p) != XR_SUCCESS) {
            return "(unnamed)";
        }
        long v = p.runtimeVersion();
        return p.runtimeNameString() + " " + XR_VERSION_MAJOR(v) + "." + XR_VERSION_MINOR(v) + "." + XR_VERSION_PATCH(v);
    }

    /** Throws when {@code result} is a failure (a bug or a runtime gone wrong; the lifecycle reports it). */
    static int check(int result, String call) {
        if (result < 0) {
            throw new XrException(call + " failed: " + name(result), result);
        }
        return result;
    }

    /** An OpenXR call failed after the session was up. */
    static final class XrException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int result;

        XrException(String message, int result) {
            super(message);
            this.result = result;
        }
    }
}
