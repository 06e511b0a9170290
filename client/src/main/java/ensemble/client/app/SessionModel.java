package ensemble.client.app;

import ensemble.client.net.SessionLocator;
import ensemble.v1.ChatLine;
import ensemble.v1.ClientKind;
import ensemble.v1.EntityEvent;
import ensemble.v1.EntityInfo;
import ensemble.v1.ParticipantEvent;
import ensemble.v1.ParticipantInfo;
import ensemble.v1.ScenarioEvent;
import ensemble.v1.SceneLayout;
import ensemble.v1.ServerMessage;
import ensemble.v1.SessionStatus;
import ensemble.v1.Welcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * What this client knows about its session, built from server messages: who is here, which
 * entities exist and who holds them, the current step and its instruction for my role, my score,
 * scenario and facilitator messages, chat, and the connection's status. No jME: app states read
 * it and listen to it.
 *
 * <p>Threads: render thread only. The connection state hands messages here through
 * {@code app.enqueue}. Collections from the network are bounded (at most {@link #MAX_PARTICIPANTS}
 * participants, {@link #MAX_ENTITIES} entities, {@link #MAX_LINES} lines of each log).
 */
public final class SessionModel {
    public static final int MAX_PARTICIPANTS = 256;
    public static final int MAX_ENTITIES = 4096;
    public static final int MAX_LINES = 50;

    /** A line of chat or a message, stamped with local time (ms). */
    public record Line(String from, String text, boolean facilitator, long atMillis) {
    }

    /** What app states hear about. All callbacks run on the render thread. */
    public interface Listener {
        /** A full status arrived: layout, entities and participants may all have changed. */
        default void statusChanged(SessionStatus status) {
        }

        default void participantChanged(ParticipantInfo info, ParticipantEvent.Kind kind) {
        }

        default void entityChanged(EntityEvent event) {
        }

        default void grabAnswered(ensemble.v1.GrabResult result) {
        }

        default void scenarioEvent(ScenarioEvent event) {
        }

        default void chat(Line line) {
        }
    }

    private final LongSupplier clock;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, ParticipantInfo> participants = new LinkedHashMap<>();
    private final Map<String, EntityInfo> entities = new LinkedHashMap<>();
    private final Map<String, String> holders = new LinkedHashMap<>();
    private final Deque<Line> chat = new ArrayDeque<>();
    private final Deque<Line> messages = new ArrayDeque<>();
    private Welcome welcome;
    private SceneLayout layout;
    private String title = "";
    private SessionStatus.State state = SessionStatus.State.STATE_UNSPECIFIED;
    private String stepId = "";
    private String instruction = "";
    private long stepStartedAtMillis;
    private long stepTimeLimitMillis;
    private int score;
    private boolean ended;
    private String outcome = "";
    private String connectionStatus = "Connecting...";
    private boolean connected;
    private long statusCount;

    /** @param clock local milliseconds (tests pass a manual clock) */
    public SessionModel(LongSupplier clock) {
        this.clock = clock;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    public void welcomed(Welcome w) {
        welcome = w;
        connected = true;
        connectionStatus = w.getResumed() ? "Reconnected" : "Connected";
    }

    public void disconnected(String reason, boolean resuming) {
        connected = false;
        connectionStatus = resuming ? "Connection lost (" + reason + "): reconnecting..." : "Disconnected: " + reason;
    }

    /** A step of looking for the session after a drop: the status says which node is asked. */
    public void locating(SessionLocator.Event event) {
        if (connected) {
            return;
        }
        connectionStatus = switch (event.kind()) {
            case LOOKUP -> "Connection lost: looking for the session at " + event.endpoint() + "...";
            case REDIRECT -> "Connection lost: the session is at " + event.detail() + ", going there...";
            case MOVING -> "Connection lost: the session is moving to another server, waiting...";
            case UNREACHABLE -> "Connection lost: " + event.endpoint() + " does not answer, trying another...";
        };
    }

    public void closed(String reason) {
        connected = false;
        connectionStatus = "Disconnected: " + reason;
    }

    /** Applies one server message. */
    public void apply(ServerMessage message) {
        switch (message.getBodyCase()) {
            case SESSION_STATUS -> status(message.getSessionStatus());
            case PARTICIPANT_EVENT -> participant(message.getParticipantEvent());
            case ENTITY_EVENT -> entity(message.getEntityEvent());
            case SCENARIO_EVENT -> scenario(message.getScenarioEvent());
            case CHAT -> chatLine(message.getChat());
            case GRAB_RESULT -> {
                var result = message.getGrabResult();
                if (result.getGranted() && welcome != null) {
                    holders.put(result.getEntityId(), welcome.getParticipantId());
                }
                listeners.forEach(l -> l.grabAnswered(result));
            }
            case ERROR -> addMessage("Server", message.getError().getMessage(), false);
            case GOODBYE -> addMessage("Server", message.getGoodbye().getReason(), false);
            default -> { }
        }
    }

    private void status(SessionStatus status) {
        statusCount++;
        title = status.getTitle();
        state = status.getState();
        if (status.hasLayout()) {
            layout = status.getLayout();
        }
        participants.clear();
        for (ParticipantInfo info : status.getParticipantsList()) {
            if (participants.size() < MAX_PARTICIPANTS) {
                participants.put(info.getParticipantId(), info);
            }
        }
        entities.clear();
        for (EntityInfo info : status.getEntitiesList()) {
            if (entities.size() < MAX_ENTITIES) {
                entities.put(info.getId(), info);
            }
        }
        holders.keySet().retainAll(entities.keySet());
        if (!status.getStepId().isEmpty() && !status.getStepId().equals(stepId)) {
            stepId = status.getStepId();
            stepStartedAtMillis = clock.getAsLong();
            stepTimeLimitMillis = 0;
        }
        if (!status.getInstruction().isEmpty()) {
            instruction = status.getInstruction();
        }
        if (status.getState() == SessionStatus.State.STATE_ENDED) {
            ended = true;
        }
        ParticipantInfo me = me();
        if (me != null) {
            score = me.getScore();
        }
        listeners.forEach(l -> l.statusChanged(status));
    }

    private void participant(ParticipantEvent event) {
        ParticipantInfo info = event.getParticipant();
        switch (event.getKind()) {
            case KIND_LEFT -> participants.remove(info.getParticipantId());
            default -> {
                if (participants.containsKey(info.getParticipantId()) || participants.size() < MAX_PARTICIPANTS) {
                    participants.put(info.getParticipantId(), info);
                }
            }
        }
        if (event.getKind() == ParticipantEvent.Kind.KIND_JOINED) {
            addMessage("", info.getDisplayName() + " joined as " + info.getRole(), false);
        } else if (event.getKind() == ParticipantEvent.Kind.KIND_LEFT) {
            addMessage("", info.getDisplayName() + " left", false);
        }
        if (isMe(info.getParticipantId())) {
            score = info.getScore();
        }
        listeners.forEach(l -> l.participantChanged(info, event.getKind()));
    }

    private void entity(EntityEvent event) {
        String id = event.getEntityId();
        switch (event.getKind()) {
            case KIND_GRABBED -> holders.put(id, event.getParticipantId());
            case KIND_RELEASED -> holders.remove(id);
            case KIND_SPAWNED -> {
                if (entities.containsKey(id) || entities.size() < MAX_ENTITIES) {
                    entities.put(id, event.getEntity());
                }
            }
            case KIND_DESPAWNED -> {
                entities.remove(id);
                holders.remove(id);
            }
            case KIND_STATE_CHANGED -> {
                EntityInfo info = entities.get(id);
                if (info != null) {
                    entities.put(id, info.toBuilder().setState(event.getState()).build());
                }
            }
            default -> { }
        }
        listeners.forEach(l -> l.entityChanged(event));
    }

    private void scenario(ScenarioEvent event) {
        boolean forMe = event.getRole().isEmpty() || welcome == null || event.getRole().equals(welcome.getRole());
        boolean aboutMe = !event.getParticipantId().isEmpty() && isMe(event.getParticipantId());
        switch (event.getKind()) {
            case KIND_STEP_STARTED -> {
                if (forMe) {
                    stepId = event.getStepId();
                    instruction = event.getText();
                    stepStartedAtMillis = clock.getAsLong();
                    stepTimeLimitMillis = event.getTimeLimitMs();
                }
            }
            case KIND_STEP_COMPLETED -> addMessage("", "Step complete" + (event.getText().isEmpty() ? "" : ": " + event.getText()), false);
            case KIND_STEP_TIMED_OUT -> addMessage("", "Time is up" + (event.getText().isEmpty() ? "" : ": " + event.getText()), false);
            case KIND_MESSAGE -> {
                if (forMe || aboutMe) {
                    addMessage(event.getFrom(), event.getText(), "facilitator".equalsIgnoreCase(event.getFrom()));
                }
            }
            case KIND_SCORE -> {
                if (aboutMe || (event.getParticipantId().isEmpty() && forMe)) {
                    score = event.getTotal();
                    String why = event.getText().isEmpty() ? "" : " (" + event.getText() + ")";
                    addMessage("", (event.getPoints() >= 0 ? "+" : "") + event.getPoints() + " points" + why, false);
                }
            }
            case KIND_ENDED -> {
                ended = true;
                outcome = event.getOutcome();
                addMessage("", "Scenario ended" + (event.getOutcome().isEmpty() ? "" : ": " + event.getOutcome()), false);
            }
            case KIND_PAUSED -> {
                state = SessionStatus.State.STATE_PAUSED;
                addMessage("", "Paused by the facilitator", true);
            }
            case KIND_RESUMED -> {
                state = SessionStatus.State.STATE_RUNNING;
                addMessage("", "Resumed", true);
            }
            default -> { }
        }
        listeners.forEach(l -> l.scenarioEvent(event));
    }

    private void chatLine(ChatLine line) {
        Line l = new Line(line.getFromName(), line.getText(), line.getFromFacilitator(), clock.getAsLong());
        bounded(chat, l);
        listeners.forEach(x -> x.chat(l));
    }

    private void addMessage(String from, String text, boolean facilitator) {
        if (text == null || text.isEmpty()) {
            return;
        }
        bounded(messages, new Line(from == null ? "" : from, text, facilitator, clock.getAsLong()));
    }

    private static void bounded(Deque<Line> lines, Line line) {
        lines.addLast(line);
        while (lines.size() > MAX_LINES) {
            lines.pollFirst();
        }
    }

    public boolean isMe(String participantId) {
        return welcome != null && welcome.getParticipantId().equals(participantId);
    }

    public ParticipantInfo me() {
        return welcome == null ? null : participants.get(welcome.getParticipantId());
    }

    /** Participants whose avatars are drawn: everyone else who is not a spectator. */
    public List<ParticipantInfo> others() {
        List<ParticipantInfo> list = new ArrayList<>();
        for (ParticipantInfo p : participants.values()) {
            if (!isMe(p.getParticipantId()) && p.getClientKind() != ClientKind.CLIENT_KIND_SPECTATOR
                    && !"spectator".equals(p.getRole())) {
                list.add(p);
            }
        }
        return list;
    }

    public Collection<ParticipantInfo> participants() {
        return participants.values();
    }

    public ParticipantInfo participant(String id) {
        return participants.get(id);
    }

    public Collection<EntityInfo> entities() {
        return entities.values();
    }

    public EntityInfo entity(String id) {
        return entities.get(id);
    }

    /** The participant id holding entity {@code id}, or null. */
    public String holder(String entityId) {
        return holders.get(entityId);
    }

    /** Milliseconds since the current step started. */
    public long stepElapsedMillis() {
        return stepId.isEmpty() && instruction.isEmpty() ? 0 : Math.max(0, clock.getAsLong() - stepStartedAtMillis);
    }

    /** Milliseconds left in the current step, or -1 when it has no time limit. */
    public long stepRemainingMillis() {
        return stepTimeLimitMillis <= 0 ? -1 : Math.max(0, stepTimeLimitMillis - stepElapsedMillis());
    }

    public Welcome welcome() {
        return welcome;
    }

    public SceneLayout layout() {
        return layout;
    }

    public String title() {
        return title;
    }

    public SessionStatus.State state() {
        return state;
    }

    public String stepId() {
        return stepId;
    }

    public String instruction() {
        return instruction;
    }

    public int score() {
        return score;
    }

    public boolean ended() {
        return ended;
    }

    public String outcome() {
        return outcome;
    }

    public String connectionStatus() {
        return connectionStatus;
    }

    public boolean connected() {
        return connected;
    }

    public long statusCount() {
        return statusCount;
    }

    public List<Line> chatLines() {
        return List.copyOf(chat);
    }

    public List<Line> messages() {
        return List.copyOf(messages);
    }

    public long now() {
        return clock.getAsLong();
    }
}
