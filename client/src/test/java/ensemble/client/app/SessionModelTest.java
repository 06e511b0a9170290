package ensemble.client.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.client.net.SessionLocator;
import ensemble.v1.ChatLine;
import ensemble.v1.EntityEvent;
import ensemble.v1.EntityInfo;
import ensemble.v1.ParticipantEvent;
import ensemble.v1.ParticipantInfo;
import ensemble.v1.ScenarioEvent;
import ensemble.v1.ServerMessage;
import ensemble.v1.SessionStatus;
import ensemble.v1.Welcome;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SessionModelTest {
    final AtomicLong now = new AtomicLong(1_000);
    final SessionModel model = new SessionModel(now::get);

    SessionModelTest() {
        model.welcomed(Welcome.newBuilder().setParticipantId("me").setRole("lead").build());
        model.apply(ServerMessage.newBuilder().setSessionStatus(SessionStatus.newBuilder()
                .addParticipants(ParticipantInfo.newBuilder().setParticipantId("me").setRole("lead").setScore(3))
                .addParticipants(ParticipantInfo.newBuilder().setParticipantId("bo").setDisplayName("Bo").setRole("medic"))
                .addEntities(EntityInfo.newBuilder().setId("kit").setState("closed"))).build());
    }

    static ServerMessage scenario(ScenarioEvent.Builder event) {
        return ServerMessage.newBuilder().setScenarioEvent(event).build();
    }

    @Test
    void stepInstructionAndTimerFollowMyRole() {
        model.apply(scenario(ScenarioEvent.newBuilder().setKind(ScenarioEvent.Kind.KIND_STEP_STARTED).setStepId("s1")
                .setRole("lead").setText("Raise the alarm").setTimeLimitMs(60_000)));
        model.apply(scenario(ScenarioEvent.newBuilder().setKind(ScenarioEvent.Kind.KIND_STEP_STARTED).setStepId("s1")
                .setRole("medic").setText("Fetch the kit")));
        assertEquals("Raise the alarm", model.instruction());
        now.addAndGet(15_000);
        assertEquals(45_000, model.stepRemainingMillis());
        now.addAndGet(60_000);
        assertEquals(0, model.stepRemainingMillis());
    }

    @Test
    void scoreMessagesChatAndHolders() {
        assertEquals(3, model.score());
        model.apply(scenario(ScenarioEvent.newBuilder().setKind(ScenarioEvent.Kind.KIND_SCORE).setParticipantId("me")
                .setPoints(5).setTotal(8).setText("alarm raised")));
        model.apply(scenario(ScenarioEvent.newBuilder().setKind(ScenarioEvent.Kind.KIND_SCORE).setParticipantId("bo")
                .setPoints(9).setTotal(9)));
        assertEquals(8, model.score());
        assertEquals("+5 points (alarm raised)", model.messages().get(model.messages().size() - 1).text());
        model.apply(scenario(ScenarioEvent.newBuilder().setKind(ScenarioEvent.Kind.KIND_MESSAGE).setFrom("facilitator")
                .setText("The fire spreads")));
        assertTrue(model.messages().get(model.messages().size() - 1).facilitator());
        for (int i = 0; i < SessionModel.MAX_LINES + 10; i++) {
            model.apply(ServerMessage.newBuilder().setChat(ChatLine.newBuilder().setFromName("Bo").setText("hi " + i)).build());
        }
        assertEquals(SessionModel.MAX_LINES, model.chatLines().size(), "chat is bounded");
        model.apply(ServerMessage.newBuilder().setEntityEvent(EntityEvent.newBuilder().setKind(EntityEvent.Kind.KIND_GRABBED)
                .setEntityId("kit").setParticipantId("bo")).build());
        assertEquals("bo", model.holder("kit"));
        model.apply(ServerMessage.newBuilder().setEntityEvent(EntityEvent.newBuilder().setKind(EntityEvent.Kind.KIND_STATE_CHANGED)
                .setEntityId("kit").setState("open")).build());
        assertEquals("open", model.entity("kit").getState());
        model.apply(ServerMessage.newBuilder().setEntityEvent(EntityEvent.newBuilder().setKind(EntityEvent.Kind.KIND_RELEASED)
                .setEntityId("kit")).build());
        assertNull(model.holder("kit"));
    }

    @Test
    void participantsComeAndGoAndConnectionStatusIsTold() {
        assertEquals(1, model.others().size());
        model.apply(ServerMessage.newBuilder().setParticipantEvent(ParticipantEvent.newBuilder()
                .setKind(ParticipantEvent.Kind.KIND_LEFT).setParticipant(ParticipantInfo.newBuilder().setParticipantId("bo")
                        .setDisplayName("Bo"))).build());
        assertTrue(model.others().isEmpty());
        model.disconnected("timeout", true);
        assertTrue(model.connectionStatus().contains("reconnecting"));
        model.locating(new SessionLocator.Event(0, SessionLocator.Event.Kind.REDIRECT, "10.0.0.2:7777", "10.0.0.3:7777"));
        assertEquals("Connection lost: the session is at 10.0.0.3:7777, going there...", model.connectionStatus());
        model.welcomed(Welcome.newBuilder().setParticipantId("me").setResumed(true).build());
        assertEquals("Reconnected", model.connectionStatus());
    }
}
