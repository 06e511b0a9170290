package ensemble.client.xr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.client.xr.ActionManifest.Action;
import ensemble.client.xr.ActionManifest.Binding;
import ensemble.client.xr.ActionManifest.Profile;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ActionManifestTest {
    @Test
    void everyBindingIsAWellFormedPathOfAComponentTheProfileHas() {
        for (Profile p : ActionManifest.PROFILES) {
            assertTrue(ActionManifest.wellFormed(p.path()), p.path());
            assertTrue(p.path().startsWith("/interaction_profiles/"), p.path());
            for (Binding b : p.bindings()) {
                assertTrue(ActionManifest.wellFormed(b.path()), b.path());
                String hand = ActionManifest.HANDS.stream().filter(h -> b.path().startsWith(h + "/")).findFirst()
                        .orElseThrow(() -> new AssertionError("not a hand path: " + b.path()));
                String component = b.path().substring(hand.length());
                assertTrue(p.components().contains(component), p.path() + " has no " + component);
            }
        }
    }

    @Test
    void everyProfileBindsEveryActionItCanOnBothHands() {
        for (Profile p : ActionManifest.PROFILES) {
            for (Action a : Action.values()) {
                String best = ActionManifest.PREFERRED.get(a).stream().filter(p.components()::contains).findFirst().orElse(null);
                boolean padMoves = p.bindings().stream().anyMatch(b -> b.action() == Action.MOVE && b.path().endsWith("/input/trackpad"));
                if (a == Action.MOVE_PRESS && !padMoves) {
                    best = null; // the press only matters where a trackpad stands in for the stick
                }
                if (best == null) {
                    assertTrue(p.bindings().stream().noneMatch(b -> b.action() == a), p.path() + " binds " + a);
                    continue;
                }
                for (String hand : ActionManifest.HANDS) {
                    boolean bound = p.bindings().stream().anyMatch(b -> b.action() == a && b.path().startsWith(hand + "/"));
                    if (a == Action.MENU && p == ActionManifest.OCULUS_TOUCH) {
                        // Touch has a menu button on the left only; b stands in on the right
                        assertTrue(bound, "menu on " + hand);
                        continue;
                    }
                    assertTrue(p.bindings().contains(new Binding(a, hand + best)),
                            p.path() + " binds " + a + " on " + hand + " to " + best);
                }
            }
        }
    }

    @Test
    void theFiveRequiredProfilesAreThereAndDistinct() {
        Set<String> paths = new HashSet<>();
        ActionManifest.PROFILES.forEach(p -> paths.add(p.path()));
        assertEquals(Set.of("/interaction_profiles/khr/simple_controller", "/interaction_profiles/oculus/touch_controller",
                "/interaction_profiles/valve/index_controller", "/interaction_profiles/htc/vive_controller",
                "/interaction_profiles/microsoft/motion_controller"), paths);
    }

    @Test
    void grabUseAndTeleportAreWhereTheIssueSays() {
        assertTrue(ActionManifest.OCULUS_TOUCH.bindings().contains(new Binding(Action.GRAB, "/user/hand/right/input/squeeze/value")));
        assertTrue(ActionManifest.VALVE_INDEX.bindings().contains(new Binding(Action.USE, "/user/hand/left/input/trigger/value")));
        assertTrue(ActionManifest.MICROSOFT_MOTION.bindings().contains(new Binding(Action.MOVE, "/user/hand/right/input/thumbstick")));
        assertTrue(ActionManifest.HTC_VIVE.bindings().contains(new Binding(Action.MOVE_PRESS, "/user/hand/right/input/trackpad/click")));
    }

    @Test
    void actionIdsAreValidOpenXrNames() {
        for (Action a : Action.values()) {
            assertTrue(a.id.matches("[a-z0-9_.\\-]+"), a.id);
        }
        assertTrue(ActionManifest.ACTION_SET.matches("[a-z0-9_.\\-]+"));
    }

    @Test
    void malformedPathsAreRejected() {
        assertFalse(ActionManifest.wellFormed("/user/hand//left"));
        assertFalse(ActionManifest.wellFormed("/user/Hand/left"));
        assertFalse(ActionManifest.wellFormed("user/hand/left"));
        assertFalse(ActionManifest.wellFormed("/user/hand/left/"));
        assertFalse(ActionManifest.wellFormed("/user/./x"));
        assertTrue(ActionManifest.wellFormed("/user/hand/left/input/squeeze/value"));
    }
}
