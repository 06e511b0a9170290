package ensemble.client.xr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.client.input.Intent;
import ensemble.v1.Button;
import org.junit.jupiter.api.Test;

class XrRigTest {
    static final float EPS = 1e-4f;

    @Test
    void placedFacingMinusZTheHeadLooksThere() {
        XrRig rig = new XrRig(30);
        rig.headFromXr(0, 1.6f, 0, 0, 0, 0, 1);
        rig.placeAt(0, 3, (float) Math.PI); // the desktop's yaw 180°: looking along -Z
        assertEquals(3f, rig.head().z, EPS);
        assertEquals(0f, XrMath.yawOf(rig.head()) - (float) Math.PI, 1e-3f);
        // a hand half a metre ahead in the stage ends up half a metre toward -Z in the world
        rig.handFromXr(true, true, -0.2f, 1.3f, -0.5f, 0, 0, 0, 1);
        rig.update(0);
        assertEquals(-0.2f, rig.leftHand().x, EPS); // facing -Z, the left is -X, as in the stage itself
        assertEquals(2.5f, rig.leftHand().z, EPS);
    }

    @Test
    void squeezeAndTriggerQueueOneIntentPerPressWithHysteresis() {
        XrRig rig = new XrRig(30);
        rig.controls(0.9f, 0, 0, 0, false);
        rig.update(0);
        rig.controls(0.5f, 0, 0, 0, false); // between release and press: still held
        rig.update(0);
        assertEquals(Intent.GRAB_OR_RELEASE, rig.pollIntent());
        assertNull(rig.pollIntent());
        assertEquals(Button.BUTTON_RIGHT_GRIP_VALUE, rig.buttons());
        rig.controls(0.1f, 0.8f, 0, 0, false);
        rig.update(0);
        assertEquals(Intent.USE, rig.pollIntent());
        assertEquals(Button.BUTTON_RIGHT_TRIGGER_VALUE, rig.buttons());
    }

    @Test
    void snapTurnTurnsOnTheSpotOncePerPush() {
        XrRig rig = new XrRig(45);
        rig.headFromXr(0.5f, 1.6f, 0.3f, 0, 0, 0, 1); // standing off the stage centre
        rig.placeAt(2, 2, 0);
        float x = rig.head().x;
        float z = rig.head().z;
        float yaw = XrMath.yawOf(rig.head());
        rig.controls(0, 0, 1, 0, false);
        rig.update(0);
        rig.update(0); // still pushed: no second turn
        assertEquals(x, rig.head().x, EPS);
        assertEquals(z, rig.head().z, EPS);
        assertEquals(-45, Math.toDegrees(XrMath.yawOf(rig.head()) - yaw), 1e-2); // right = clockwise
        rig.controls(0, 0, 0, 0, false);
        rig.update(0);
        rig.controls(0, 0, -1, 0, false);
        rig.update(0);
        assertEquals(0, Math.toDegrees(XrMath.yawOf(rig.head()) - yaw), 1e-2);
    }

    @Test
    void stickForwardAimsTheArcAndReleasingTeleportsTheHeadToTheTarget() {
        XrRig rig = new XrRig(30);
        rig.setBounds(-10, -10, 10, 10);
        rig.headFromXr(0.3f, 1.6f, 0.2f, 0, 0, 0, 1);
        // pointing ahead and 30° down from the right hand
        float h = (float) Math.toRadians(-15);
        rig.aimFromXr(true, 0.2f, 1.2f, -0.2f, (float) Math.sin(h), 0, 0, (float) Math.cos(h));
        rig.placeAt(0, 0, (float) Math.PI);
        rig.controls(0, 0, 0, 1, false);
        rig.update(0);
        TeleportArc arc = rig.arc();
        assertTrue(arc.count() > 2 && arc.valid(), "an arc to a valid target");
        float tx = arc.targetX();
        float tz = arc.targetZ();
        assertTrue(tz < -1, "lands ahead (toward -Z): " + tz);
        rig.controls(0, 0, 0, 0, false);
        rig.update(0);
        assertEquals(tx, rig.head().x, EPS);
        assertEquals(tz, rig.head().z, EPS);
        assertEquals(0, rig.arc().count());
    }

    @Test
    void anArcLeavingTheSceneDoesNotTeleport() {
        XrRig rig = new XrRig(30);
        rig.setBounds(-1, -1, 1, 1);
        rig.aimFromXr(true, 0, 1.2f, 0, 0, 0, 0, 1); // level: flies far
        rig.placeAt(0, 0, (float) Math.PI);
        rig.controls(0, 0, 0, 1, false);
        rig.update(0);
        assertTrue(!rig.arc().valid());
        float x = rig.head().x;
        float z = rig.head().z;
        rig.controls(0, 0, 0, 0, false);
        rig.update(0);
        assertEquals(x, rig.head().x, EPS);
        assertEquals(z, rig.head().z, EPS);
    }

    @Test
    void menuTogglesOncePerPress() {
        XrRig rig = new XrRig(30);
        rig.controls(0, 0, 0, 0, true);
        rig.controls(0, 0, 0, 0, true);
        assertTrue(rig.takeMenuToggle());
        assertTrue(!rig.takeMenuToggle());
    }
}
