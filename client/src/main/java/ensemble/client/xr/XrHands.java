package ensemble.client.xr;

import static ensemble.client.xr.XrResults.check;
import static org.lwjgl.openxr.EXTHandTracking.*;
import static org.lwjgl.openxr.XR10.*;
import static org.lwjgl.system.MemoryStack.stackPush;

import org.lwjgl.PointerBuffer;
import org.lwjgl.openxr.XrHandJointLocationEXT;
import org.lwjgl.openxr.XrHandJointLocationsEXT;
import org.lwjgl.openxr.XrHandJointsLocateInfoEXT;
import org.lwjgl.openxr.XrHandTrackerCreateInfoEXT;
import org.lwjgl.openxr.XrHandTrackerEXT;
import org.lwjgl.openxr.XrSession;
import org.lwjgl.openxr.XrSpace;
import org.lwjgl.openxr.XrSystemHandTrackingPropertiesEXT;
import org.lwjgl.openxr.XrSystemProperties;
import org.lwjgl.system.MemoryStack;

/**
 * Articulated hands ({@code XR_EXT_hand_tracking}): when a controller is not tracked but the hand
 * is, the palm joint drives that hand. Render thread only.
 */
final class XrHands implements AutoCloseable {
    private final XrHandTrackerEXT[] trackers = new XrHandTrackerEXT[2];
    private final XrHandJointLocationEXT.Buffer joints = XrHandJointLocationEXT.calloc(XR_HAND_JOINT_COUNT_EXT);

    private XrHands(XrSession session) {
        try (MemoryStack stack = stackPush()) {
            for (int i = 0; i < 2; i++) {
                PointerBuffer p = stack.mallocPointer(1);
                check(xrCreateHandTrackerEXT(session, XrHandTrackerCreateInfoEXT.calloc(stack).type$Default()
                        .hand(i == 0 ? XR_HAND_LEFT_EXT : XR_HAND_RIGHT_EXT)
                        .handJointSet(XR_HAND_JOINT_SET_DEFAULT_EXT), p), "xrCreateHandTrackerEXT");
                trackers[i] = new XrHandTrackerEXT(p.get(0), session);
            }
        }
    }

    /** Hand trackers when the extension is enabled and the system tracks hands, else null. */
    static XrHands open(XrRuntime runtime, XrSession session) {
        if (!runtime.handTrackingExtension()) {
            return null;
        }
        try (MemoryStack stack = stackPush()) {
            XrSystemHandTrackingPropertiesEXT hands = XrSystemHandTrackingPropertiesEXT.calloc(stack).type$Default();
            XrSystemProperties props = XrSystemProperties.calloc(stack).type$Default().next(hands.address());
            check(xrGetSystemProperties(runtime.instance(), runtime.systemId(), props), "xrGetSystemProperties");
            return hands.supportsHandTracking() ? new XrHands(session) : null;
        }
    }

    void read(XrRig rig, XrSpace base, long time) {
        try (MemoryStack stack = stackPush()) {
            for (int i = 0; i < 2; i++) {
                XrHandJointLocationsEXT locations = XrHandJointLocationsEXT.calloc(stack).type$Default()
                        .jointLocations(joints);
                if (xrLocateHandJointsEXT(trackers[i], XrHandJointsLocateInfoEXT.calloc(stack).type$Default()
                        .baseSpace(base).time(time), locations) != XR_SUCCESS || !locations.isActive()) {
                    continue;
                }
                XrHandJointLocationEXT palm = joints.get(XR_HAND_JOINT_PALM_EXT);
                long need = XR_SPACE_LOCATION_POSITION_VALID_BIT | XR_SPACE_LOCATION_ORIENTATION_VALID_BIT;
                if ((palm.locationFlags() & need) == need && !rig.controllerTracked(i == 0)) {
                    var p = palm.pose().position$();
                    var q = palm.pose().orientation();
                    rig.handFromXr(i == 0, true, p.x(), p.y(), p.z(), q.x(), q.y(), q.z(), q.w());
                }
            }
        }
    }

    @Override
    public void close() {
        for (XrHandTrackerEXT t : trackers) {
            xrDestroyHandTrackerEXT(t);
        }
        joints.free();
    }
}
