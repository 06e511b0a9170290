package ensemble.client.xr;

import static ensemble.client.xr.XrResults.check;
import static org.lwjgl.openxr.XR10.*;
import static org.lwjgl.system.MemoryStack.stackPush;

import ensemble.client.xr.ActionManifest.Action;
import ensemble.client.xr.ActionManifest.Binding;
import ensemble.client.xr.ActionManifest.Profile;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.lwjgl.PointerBuffer;
import org.lwjgl.openxr.XrAction;
import org.lwjgl.openxr.XrActionCreateInfo;
import org.lwjgl.openxr.XrActionSet;
import org.lwjgl.openxr.XrActionSetCreateInfo;
import org.lwjgl.openxr.XrActionSpaceCreateInfo;
import org.lwjgl.openxr.XrActionStateBoolean;
import org.lwjgl.openxr.XrActionStateFloat;
import org.lwjgl.openxr.XrActionStateGetInfo;
import org.lwjgl.openxr.XrActionStateVector2f;
import org.lwjgl.openxr.XrActionSuggestedBinding;
import org.lwjgl.openxr.XrActionsSyncInfo;
import org.lwjgl.openxr.XrActiveActionSet;
import org.lwjgl.openxr.XrInstance;
import org.lwjgl.openxr.XrInteractionProfileSuggestedBinding;
import org.lwjgl.openxr.XrPosef;
import org.lwjgl.openxr.XrSession;
import org.lwjgl.openxr.XrSessionActionSetsAttachInfo;
import org.lwjgl.openxr.XrSpace;
import org.lwjgl.openxr.XrSpaceLocation;
import org.lwjgl.system.MemoryStack;

/**
 * The {@link ActionManifest} made real: one action set with an action per manifest entry (left
 * and right hand as subaction paths), suggested bindings for every profile, pose spaces for both
 * grips and the right aim. Reads the actions each frame into the {@link XrRig}.
 *
 * <p>Threads: render thread only.
 */
final class XrActions implements AutoCloseable {
    private final XrSession session;
    private final XrActionSet set;
    private final Map<Action, XrAction> actions = new EnumMap<>(Action.class);
    private final long[] hands = new long[2];
    private final XrSpace[] grips = new XrSpace[2];
    private final XrSpace aim;
    /** Profiles the runtime refused (it need not know them all); said once in the log. */
    final List<String> refused = new java.util.ArrayList<>();

    XrActions(XrInstance instance, XrSession session) {
        this.session = session;
        try (MemoryStack stack = stackPush()) {
            PointerBuffer p = stack.mallocPointer(1);
            check(xrCreateActionSet(instance, XrActionSetCreateInfo.calloc(stack).type$Default()
                    .actionSetName(stack.UTF8(ActionManifest.ACTION_SET))
                    .localizedActionSetName(stack.UTF8("Ensemble")).priority(0), p), "xrCreateActionSet");
            set = new XrActionSet(p.get(0), instance);
            for (int i = 0; i < 2; i++) {
                hands[i] = path(instance, ActionManifest.HANDS.get(i), stack);
            }
            for (Action a : Action.values()) {
                check(xrCreateAction(set, XrActionCreateInfo.calloc(stack).type$Default()
                        .actionName(stack.UTF8(a.id)).localizedActionName(stack.UTF8(a.label))
                        .actionType(type(a.kind)).subactionPaths(stack.longs(hands[0], hands[1])), p), "xrCreateAction " + a.id);
                actions.put(a, new XrAction(p.get(0), set));
            }
            for (Profile profile : ActionManifest.PROFILES) {
                XrActionSuggestedBinding.Buffer bindings = XrActionSuggestedBinding.calloc(profile.bindings().size(), stack);
                for (int i = 0; i < profile.bindings().size(); i++) {
                    Binding b = profile.bindings().get(i);
                    bindings.get(i).action(actions.get(b.action())).binding(path(instance, b.path(), stack));
                }
                int r = xrSuggestInteractionProfileBindings(instance, XrInteractionProfileSuggestedBinding.calloc(stack)
                        .type$Default().interactionProfile(path(instance, profile.path(), stack)).suggestedBindings(bindings));
                if (r != XR_SUCCESS) {
                    refused.add(profile.path() + " (" + XrResults.name(r) + ")");
                }
            }
            check(xrAttachSessionActionSets(session, XrSessionActionSetsAttachInfo.calloc(stack).type$Default()
                    .actionSets(stack.pointers(set))), "xrAttachSessionActionSets");
            for (int i = 0; i < 2; i++) {
                grips[i] = space(Action.GRIP_POSE, hands[i], stack);
            }
            aim = space(Action.AIM_POSE, hands[1], stack);
        }
    }

    private XrSpace space(Action action, long hand, MemoryStack stack) {
        PointerBuffer p = stack.mallocPointer(1);
        check(xrCreateActionSpace(session, XrActionSpaceCreateInfo.calloc(stack).type$Default()
                .action(actions.get(action)).subactionPath(hand)
                .poseInActionSpace(XrPosef.calloc(stack).orientation(q -> q.w(1))), p), "xrCreateActionSpace");
        return new XrSpace(p.get(0), session);
    }

    private static long path(XrInstance instance, String path, MemoryStack stack) {
        var out = stack.mallocLong(1);
        check(xrStringToPath(instance, path, out), "xrStringToPath " + path);
        return out.get(0);
    }

    private static int type(ActionManifest.Kind kind) {
        return switch (kind) {
            case BOOLEAN -> XR_ACTION_TYPE_BOOLEAN_INPUT;
            case FLOAT -> XR_ACTION_TYPE_FLOAT_INPUT;
            case VECTOR2 -> XR_ACTION_TYPE_VECTOR2F_INPUT;
            case POSE -> XR_ACTION_TYPE_POSE_INPUT;
            case VIBRATION -> XR_ACTION_TYPE_VIBRATION_OUTPUT;
        };
    }

    /** Syncs the actions (only while focused: a runtime reports nothing otherwise) and feeds the rig. */
    void read(XrRig rig, XrSpace stage, long time, boolean focused) {
        try (MemoryStack stack = stackPush()) {
            if (focused) {
                check(xrSyncActions(session, XrActionsSyncInfo.calloc(stack).type$Default()
                        .activeActionSets(XrActiveActionSet.calloc(1, stack).actionSet(set).subactionPath(XR_NULL_PATH))),
                        "xrSyncActions");
            }
            float grab = focused ? floatValue(Action.GRAB, hands[1], stack) : 0;
            float use = focused ? floatValue(Action.USE, hands[1], stack) : 0;
            float sx = 0;
            float sy = 0;
            boolean menu = false;
            if (focused) {
                XrActionStateVector2f v = XrActionStateVector2f.calloc(stack).type$Default();
                check(xrGetActionStateVector2f(session, info(Action.MOVE, hands[1], stack), v), "xrGetActionStateVector2f");
                boolean pad = isBound(Action.MOVE_PRESS, hands[1], stack);
                if (v.isActive() && (!pad || booleanValue(Action.MOVE_PRESS, hands[1], stack))) {
                    sx = v.currentState().x();
                    sy = v.currentState().y();
                }
                menu = booleanValue(Action.MENU, hands[0], stack) || booleanValue(Action.MENU, hands[1], stack);
            }
            rig.controls(grab, use, sx, sy, menu);
            for (int i = 0; i < 2; i++) {
                XrSpaceLocation l = locate(grips[i], stage, time, stack);
                rig.controllerTracked(i == 0, tracked(l));
                rig.handFromXr(i == 0, tracked(l), l.pose().position$().x(), l.pose().position$().y(),
                        l.pose().position$().z(), l.pose().orientation().x(), l.pose().orientation().y(),
                        l.pose().orientation().z(), l.pose().orientation().w());
            }
            XrSpaceLocation l = locate(aim, stage, time, stack);
            rig.aimFromXr(tracked(l), l.pose().position$().x(), l.pose().position$().y(), l.pose().position$().z(),
                    l.pose().orientation().x(), l.pose().orientation().y(), l.pose().orientation().z(),
                    l.pose().orientation().w());
        }
    }

    static XrSpaceLocation locate(XrSpace space, XrSpace base, long time, MemoryStack stack) {
        XrSpaceLocation l = XrSpaceLocation.calloc(stack).type$Default();
        check(xrLocateSpace(space, base, time, l), "xrLocateSpace");
        return l;
    }

    static boolean tracked(XrSpaceLocation l) {
        long need = XR_SPACE_LOCATION_POSITION_VALID_BIT | XR_SPACE_LOCATION_ORIENTATION_VALID_BIT;
        return (l.locationFlags() & need) == need;
    }

    private XrActionStateGetInfo info(Action a, long hand, MemoryStack stack) {
        return XrActionStateGetInfo.calloc(stack).type$Default().action(actions.get(a)).subactionPath(hand);
    }

    private float floatValue(Action a, long hand, MemoryStack stack) {
        XrActionStateFloat s = XrActionStateFloat.calloc(stack).type$Default();
        check(xrGetActionStateFloat(session, info(a, hand, stack), s), "xrGetActionStateFloat");
        return s.isActive() ? s.currentState() : 0;
    }

    private boolean booleanValue(Action a, long hand, MemoryStack stack) {
        XrActionStateBoolean s = XrActionStateBoolean.calloc(stack).type$Default();
        check(xrGetActionStateBoolean(session, info(a, hand, stack), s), "xrGetActionStateBoolean");
        return s.isActive() && s.currentState();
    }

    private boolean isBound(Action a, long hand, MemoryStack stack) {
        XrActionStateBoolean s = XrActionStateBoolean.calloc(stack).type$Default();
        return xrGetActionStateBoolean(session, info(a, hand, stack), s) == XR_SUCCESS && s.isActive();
    }

    @Override
    public void close() {
        for (XrSpace s : grips) {
            if (s != null) {
                xrDestroySpace(s);
            }
        }
        if (aim != null) {
            xrDestroySpace(aim);
        }
        xrDestroyActionSet(set); // destroys its actions too
    }
}
