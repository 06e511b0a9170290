package ensemble.client.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DesktopRigTest {
    @Test
    void walksAlongTheViewAtWalkingSpeedAndStaysInBounds() {
        DesktopRig rig = new DesktopRig();
        rig.setBounds(-10, 0, -10, 10, 4, 10);
        rig.placeAt(0, 0, 0);
        rig.setMove(1, 0, 0);
        rig.update(1f);
        assertEquals(DesktopRig.WALK_SPEED, rig.head().z, 1e-4, "yaw 0 walks along +Z");
        assertEquals(DesktopRig.EYE_HEIGHT, rig.head().y, 1e-6);
        rig.setMove(1, 1, 0);
        rig.update(1f);
        assertEquals(DesktopRig.WALK_SPEED, rig.head().distanceTo(0, DesktopRig.EYE_HEIGHT, DesktopRig.WALK_SPEED), 1e-3,
                "diagonal is no faster than straight");
        assertTrue(rig.head().x < 0, "strafing right while looking along +Z goes toward -X");
        rig.setMove(1, 0, 0);
        rig.update(100f);
        assertEquals(9.8f, rig.head().z, 1e-4, "clamped 0.2 m inside the bounds");
    }

    @Test
    void snapTurnTurnsRightByTheGivenDegreesAndHandsFollow() {
        DesktopRig rig = new DesktopRig();
        rig.placeAt(0, 0, 0);
        rig.snapTurn(90);
        float[] forward = new float[3];
        rig.forward(forward);
        assertEquals(-1f, forward[0], 1e-5, "a right turn from +Z faces -X");
        for (int i = 0; i < 30; i++) {
            rig.update(1 / 60f); // hands swing round at hand speed, they do not teleport
        }
        assertTrue(rig.rightHand().z < 0, "the right hand is on the right: toward -Z when facing -X");
        assertTrue(rig.leftHand().z > 0);
    }

    @Test
    void handReachesAtMostAnArmAndCarriesInFront() {
        DesktopRig rig = new DesktopRig();
        rig.placeAt(0, 0, 0);
        rig.reachToward(0, DesktopRig.EYE_HEIGHT, 5);
        for (int i = 0; i < 60; i++) {
            rig.update(1 / 60f);
        }
        assertTrue(rig.handArrived());
        assertEquals(DesktopRig.ARM_REACH, rig.rightHand().distanceTo(0, DesktopRig.EYE_HEIGHT, 0), 1e-3);
        rig.setHolding(true);
        for (int i = 0; i < 60; i++) {
            rig.update(1 / 60f);
        }
        assertTrue(rig.rightHand().z > 0.4f && rig.rightHand().distanceTo(0, DesktopRig.EYE_HEIGHT, 0) < 1.1f,
                "held things are carried in front, within the server's reach");
    }

    @Test
    void lookingIsClampedAndFlyingMovesAlongTheView() {
        DesktopRig rig = new DesktopRig();
        rig.setFlying(true);
        rig.placeEyes(0, 2, 0, 0, 0);
        rig.look(0, 10);
        assertEquals(DesktopRig.MAX_PITCH, rig.pitch(), 1e-6);
        rig.setMove(1, 0, 0);
        rig.update(0.5f);
        assertTrue(rig.head().y < 2 - 1.5f, "flying forward while looking down descends");
    }

    @Test
    void intentsAreBoundedAndTakenInOrder() {
        DesktopRig rig = new DesktopRig();
        for (int i = 0; i < 20; i++) {
            rig.queue(i % 2 == 0 ? Intent.GRAB_OR_RELEASE : Intent.USE);
        }
        int n = 0;
        assertEquals(Intent.GRAB_OR_RELEASE, rig.pollIntent());
        for (Intent i = rig.pollIntent(); i != null; i = rig.pollIntent()) {
            n++;
        }
        assertEquals(DesktopRig.MAX_QUEUED_INTENTS - 1, n);
    }
}
