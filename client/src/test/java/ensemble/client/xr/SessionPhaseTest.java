package ensemble.client.xr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.client.xr.SessionPhase.State;
import ensemble.client.xr.SessionPhase.Step;
import org.junit.jupiter.api.Test;

class SessionPhaseTest {
    @Test
    void aNormalSessionBeginsRendersTakesInputLosesFocusAndEnds() {
        SessionPhase p = new SessionPhase();
        assertEquals(Step.NONE, p.changed(State.IDLE));
        assertFalse(p.running());
        assertEquals(Step.BEGIN, p.changed(State.READY));
        assertTrue(p.running());
        assertFalse(p.visible());
        assertEquals(Step.NONE, p.changed(State.SYNCHRONIZED));
        assertEquals(Step.NONE, p.changed(State.VISIBLE));
        assertTrue(p.visible());
        assertFalse(p.focused());
        p.changed(State.FOCUSED);
        assertTrue(p.focused());
        // the system menu takes focus: still drawn, no input
        p.changed(State.VISIBLE);
        assertTrue(p.visible());
        assertFalse(p.focused());
        assertEquals(Step.END, p.changed(State.STOPPING));
        assertFalse(p.running());
        assertEquals(Step.NONE, p.changed(State.IDLE)); // the runtime may start us again
        assertEquals(Step.EXIT, p.changed(State.EXITING));
    }

    @Test
    void lossPendingLeaves() {
        SessionPhase p = new SessionPhase();
        p.changed(State.READY);
        assertEquals(Step.EXIT, p.changed(State.LOSS_PENDING));
        assertFalse(p.running());
    }

    @Test
    void afterAnExitRequestIdleLeaves() {
        SessionPhase p = new SessionPhase();
        p.changed(State.READY);
        p.requestExit();
        assertEquals(Step.END, p.changed(State.STOPPING));
        assertEquals(Step.EXIT, p.changed(State.IDLE));
    }

    @Test
    void specNumbersMapToStates() {
        assertEquals(State.READY, SessionPhase.of(2)); // XR_SESSION_STATE_READY
        assertEquals(State.FOCUSED, SessionPhase.of(5));
        assertEquals(State.EXITING, SessionPhase.of(8));
        assertEquals(State.UNKNOWN, SessionPhase.of(99));
    }
}
