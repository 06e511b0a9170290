package ensemble.client.xr;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the person can do with their controllers, and the suggested bindings for each interaction
 * profile, as data. {@link XrActions} turns this into OpenXR action sets; the tests check the
 * tables against the inputs each profile has (OpenXR 1.0, section 6.4).
 */
public final class ActionManifest {
    private ActionManifest() {
    }

    /** The value type of an action, as OpenXR knows it. */
    public enum Kind { BOOLEAN, FLOAT, VECTOR2, POSE, VIBRATION }

    /** One action of the {@value #ACTION_SET} set, per hand (subaction paths left and right). */
    public enum Action {
        GRAB("grab", "Grab or release", Kind.FLOAT),
        USE("use", "Use", Kind.FLOAT),
        /** Forward to aim a teleport, left/right to snap turn. */
        MOVE("move", "Teleport and turn", Kind.VECTOR2),
        /** Trackpad controllers: the stick is a pad, the press says the person means it. */
        MOVE_PRESS("move_press", "Teleport and turn (press)", Kind.BOOLEAN),
        MENU("menu", "Participant list", Kind.BOOLEAN),
        GRIP_POSE("grip_pose", "Hand", Kind.POSE),
        AIM_POSE("aim_pose", "Pointer", Kind.POSE),
        HAPTIC("haptic", "Buzz", Kind.VIBRATION);

        public final String id;
        public final String label;
        public final Kind kind;

        Action(String id, String label, Kind kind) {
            this.id = id;
            this.label = label;
            this.kind = kind;
        }
    }

    /** One suggested binding: an action and the full input path, e.g. /user/hand/left/input/squeeze/value. */
    public record Binding(Action action, String path) {
    }

    /** An interaction profile: its path, the input/output components it has per hand, and our bindings. */
    public record Profile(String path, Set<String> components, List<Binding> bindings) {
    }

    public static final String ACTION_SET = "ensemble";
    public static final String LEFT = "/user/hand/left";
    public static final String RIGHT = "/user/hand/right";
    public static final List<String> HANDS = List.of(LEFT, RIGHT);

    /**
     * For each action, the components that can carry it, best first. A profile binds an action to
     * the first of these it has; the tests hold the tables below to that.
     */
    public static final Map<Action, List<String>> PREFERRED = Map.of(
            Action.GRAB, List.of("/input/squeeze/value", "/input/squeeze/click", "/input/select/click"),
            Action.USE, List.of("/input/trigger/value", "/input/select/click"),
            Action.MOVE, List.of("/input/thumbstick", "/input/trackpad"),
            Action.MOVE_PRESS, List.of("/input/trackpad/click"),
            Action.MENU, List.of("/input/menu/click", "/input/b/click", "/input/y/click"),
            Action.GRIP_POSE, List.of("/input/grip/pose"),
            Action.AIM_POSE, List.of("/input/aim/pose"),
            Action.HAPTIC, List.of("/output/haptic"));

    private static final Set<String> POSES = Set.of("/input/grip/pose", "/input/aim/pose", "/output/haptic");

    public static final Profile KHR_SIMPLE = new Profile("/interaction_profiles/khr/simple_controller",
            union(POSES, Set.of("/input/select/click", "/input/menu/click")),
            both(Map.of(Action.GRAB, "/input/select/click", Action.USE, "/input/select/click",
                    Action.MENU, "/input/menu/click")));

    /** Oculus Touch: menu only on the left; the right hand's b button stands in for it. */
    public static final Profile OCULUS_TOUCH = new Profile("/interaction_profiles/oculus/touch_controller",
            union(POSES, Set.of("/input/squeeze/value", "/input/trigger/value", "/input/trigger/touch",
                    "/input/thumbstick", "/input/thumbstick/x", "/input/thumbstick/y", "/input/thumbstick/click",
                    "/input/thumbstick/touch", "/input/thumbrest/touch", "/input/menu/click", "/input/x/click",
                    "/input/x/touch", "/input/y/click", "/input/y/touch", "/input/a/click", "/input/a/touch",
                    "/input/b/click", "/input/b/touch", "/input/system/click")),
            concat(both(Map.of(Action.GRAB, "/input/squeeze/value", Action.USE, "/input/trigger/value",
                    Action.MOVE, "/input/thumbstick")),
                    List.of(new Binding(Action.MENU, LEFT + "/input/menu/click"),
                            new Binding(Action.MENU, RIGHT + "/input/b/click"))));

    public static final Profile VALVE_INDEX = new Profile("/interaction_profiles/valve/index_controller",
            union(POSES, Set.of("/input/system/click", "/input/system/touch", "/input/a/click", "/input/a/touch",
                    "/input/b/click", "/input/b/touch", "/input/squeeze/value", "/input/squeeze/force",
                    "/input/trigger/click", "/input/trigger/value", "/input/trigger/touch", "/input/thumbstick",
                    "/input/thumbstick/x", "/input/thumbstick/y", "/input/thumbstick/click",
                    "/input/thumbstick/touch", "/input/trackpad", "/input/trackpad/x", "/input/trackpad/y",
                    "/input/trackpad/force", "/input/trackpad/touch")),
            both(Map.of(Action.GRAB, "/input/squeeze/value", Action.USE, "/input/trigger/value",
                    Action.MOVE, "/input/thumbstick", Action.MENU, "/input/b/click")));

    public static final Profile HTC_VIVE = new Profile("/interaction_profiles/htc/vive_controller",
            union(POSES, Set.of("/input/system/click", "/input/squeeze/click", "/input/menu/click",
                    "/input/trigger/click", "/input/trigger/value", "/input/trackpad", "/input/trackpad/x",
                    "/input/trackpad/y", "/input/trackpad/click", "/input/trackpad/touch")),
            both(Map.of(Action.GRAB, "/input/squeeze/click", Action.USE, "/input/trigger/value",
                    Action.MOVE, "/input/trackpad", Action.MOVE_PRESS, "/input/trackpad/click",
                    Action.MENU, "/input/menu/click")));

    /** Windows Mixed Reality: the thumbstick moves; the trackpad is left to the system. */
    public static final Profile MICROSOFT_MOTION = new Profile("/interaction_profiles/microsoft/motion_controller",
            union(POSES, Set.of("/input/menu/click", "/input/squeeze/click", "/input/trigger/value",
                    "/input/thumbstick", "/input/thumbstick/x", "/input/thumbstick/y", "/input/thumbstick/click",
                    "/input/trackpad", "/input/trackpad/x", "/input/trackpad/y", "/input/trackpad/click",
                    "/input/trackpad/touch")),
            both(Map.of(Action.GRAB, "/input/squeeze/click", Action.USE, "/input/trigger/value",
                    Action.MOVE, "/input/thumbstick", Action.MENU, "/input/menu/click")));

    public static final List<Profile> PROFILES = List.of(KHR_SIMPLE, OCULUS_TOUCH, VALVE_INDEX, HTC_VIVE,
            MICROSOFT_MOTION);

    /** Bindings of the same components on both hands, plus the pose and haptic actions every profile has. */
    private static List<Binding> both(Map<Action, String> components) {
        java.util.ArrayList<Binding> out = new java.util.ArrayList<>();
        java.util.Map<Action, String> all = new java.util.EnumMap<>(Action.class);
        all.putAll(components);
        all.put(Action.GRIP_POSE, "/input/grip/pose");
        all.put(Action.AIM_POSE, "/input/aim/pose");
        all.put(Action.HAPTIC, "/output/haptic");
        for (String hand : HANDS) {
            all.forEach((action, component) -> out.add(new Binding(action, hand + component)));
        }
        return List.copyOf(out);
    }

    private static List<Binding> concat(List<Binding> a, List<Binding> b) {
        java.util.ArrayList<Binding> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> out = new java.util.HashSet<>(a);
        out.addAll(b);
        return Set.copyOf(out);
    }

    /** True for a well-formed OpenXR path: lowercase letters, digits, '-', '_', '.' between single slashes. */
    public static boolean wellFormed(String path) {
        return path.matches("(/[a-z0-9_\\-][a-z0-9_.\\-]*)+") && !path.contains("/./") && !path.endsWith("/.");
    }
}
