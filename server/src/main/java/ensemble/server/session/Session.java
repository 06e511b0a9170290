package ensemble.server.session;

import ensemble.proto.PoseQuantizer;
import ensemble.server.world.Entity;
import ensemble.server.world.Scene;
import ensemble.v1.ClientMessage;
import ensemble.v1.ErrorCode;
import ensemble.v1.ServerMessage;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live session: its world (participants' avatars and the entities), its tick, and the
 * snapshots it sends. Everything in here is owned by the session's tick thread; other threads
 * only {@link #offer(SessionCommand)} work or put messages into a participant's inbox.
 */
public final class Session {
    private static final Logger log = LoggerFactory.getLogger(Session.class);

    /** Participants per session, spectators included; also the avatar id space of snapshots. */
    public static final int MAX_PARTICIPANTS = 256;
    /** Messages taken from one participant's inbox per tick; the rest wait for the next tick. */
    public static final int MAX_MESSAGES_PER_TICK = 16;
    /** Commands (joins, API calls) waiting for the tick; beyond this new ones are refused. */
    public static final int MAX_PENDING_COMMANDS = 1024;

    public enum State { WAITING, RUNNING, PAUSED, ENDED }

    final String id;
    final Scene scene;
    final SessionContext context;
    final PoseQuantizer quantizer;
    final Participant[] byIndex = new Participant[MAX_PARTICIPANTS];
    final List<Entity> entities = new ArrayList<>();
    final Map<String, Entity> entitiesById = new HashMap<>();
    final Admission admission;
    final Interactions interactions;
    final SnapshotSender snapshots;
    final EventLog events = new EventLog(EventLog.DEFAULT_CAPACITY);
    final Links links;
    final ChatAllowance chatAllowance = new ChatAllowance();
    /** This incarnation of the session id; join links carry it. Set before the first tick, read anywhere. */
    private volatile String generation = Links.newGeneration();

    private final Queue<SessionCommand> commands = new ConcurrentLinkedQueue<>();
    /** Control messages of every participant, in arrival order (bounded per participant). */
    final Queue<Participant.Inbound> inbox = new ConcurrentLinkedQueue<>();
    /** Messages held over because their sender used up its per-tick share. */
    private final java.util.ArrayDeque<Participant.Inbound> deferred = new java.util.ArrayDeque<>();
    private final Map<Participant, Integer> takenThisTick = new HashMap<>();
    private final AtomicInteger pendingCommands = new AtomicInteger();
    private final Set<Channel> toFlush = new LinkedHashSet<>();
    int tick;
    /** Server wall clock (µs) when the current tick began; sent in snapshots for input timing. */
    long tickStartMicros;
    long createdAtMillis;
    State state = State.RUNNING;
    /** The scenario this session runs, or null for a plain room. */
    ScenarioBinding scenario;
    private volatile int publishedTick;
    private volatile int publishedParticipants;
    private volatile State publishedState = State.RUNNING;

    public Session(String id, Scene scene, SessionContext context) {
        this.id = id;
        this.scene = scene;
        this.context = context;
        this.quantizer = new PoseQuantizer(scene.minX(), scene.minY(), scene.minZ(), scene.maxX(), scene.maxY(),
                scene.maxZ());
        for (Scene.EntitySpec spec : scene.entities()) {
            Entity entity = new Entity(entities.size(), spec);
            entities.add(entity);
            entitiesById.put(spec.id(), entity);
        }
        this.createdAtMillis = context.clock().millis();
        this.admission = new Admission(this);
        this.links = new Links(this);
        this.interactions = new Interactions(this);
        this.snapshots = new SnapshotSender(this);
    }

    public String id() {
        return id;
    }

    /** The generation join links of this session must carry. Any thread. */
    public String generation() {
        return generation;
    }

    /** Restores the generation of a checkpointed session; before the first tick. */
    void generation(String value) {
        generation = value;
    }

    /** The session's join links: issue, revoke, list (tick thread; {@link Links#isRevoked} from any). */
    public Links links() {
        return links;
    }

    /** Attaches the scenario; call before the session is ticked. */
    public void bindScenario(ScenarioBinding binding, boolean startNow) {
        this.scenario = binding;
        this.state = startNow ? State.RUNNING : State.WAITING;
        this.publishedState = state;
        if (startNow) {
            binding.start(context.clock().millis());
        }
    }

    public ScenarioBinding scenario() {
        return scenario;
    }

    /** Facilitator command on the tick thread; see {@link Facilitation}. */
    public Facilitation.Outcome control(ensemble.v1.FacilitatorCommand command, String actor) {
        return Facilitation.apply(this, command, actor);
    }

    public Scene scene() {
        return scene;
    }

    public SessionContext context() {
        return context;
    }

    /** Latest tick number, readable from any thread. */
    public int currentTick() {
        return publishedTick;
    }

    /** Participant count at the end of the last tick, readable from any thread. */
    public int participantCount() {
        return publishedParticipants;
    }

    public State stateSnapshot() {
        return publishedState;
    }

    /** Hands work to the tick thread. False when the session is overloaded with commands. */
    public boolean offer(SessionCommand command) {
        if (pendingCommands.incrementAndGet() > MAX_PENDING_COMMANDS) {
            pendingCommands.decrementAndGet();
            return false;
        }
        commands.add(command);
        return true;
    }

    /** Runs {@code work} on the tick thread. False when the session is overloaded. */
    public boolean submit(java.util.function.Consumer<Session> work) {
        return offer(new SessionCommand.Task(work));
    }

    /**
     * One tick, in order: commands → each participant's messages and latest input → held entities
     * follow their hands → expire dropped participants → snapshots → one flush per channel.
     */
    void tick() {
        tickStartMicros = SnapshotSender.epochMicros(context.clock());
        tick++;
        runCommands();
        long nowMillis = context.clock().millis();
        drainMessages();
        for (Participant participant : participants()) {
            ensemble.v1.Input input = participant.takeInput();
            if (input != null) {
                participant.active = true;
            }
            interactions.applyInput(participant, input);
        }
        interactions.heldEntitiesFollowHands();
        if (scenario != null && state == State.RUNNING) {
            scenario.tick(nowMillis);
        }
        if (recorder != null) {
            recorder.tick(this, nowMillis);
        }
        TickObserver observer = context.tickObserver();
        if (observer != null) {
            observer.afterTick(this, nowMillis);
        }
        admission.expireDropped(nowMillis);
        if (tick % Math.max(1, context.config().tickRate() / context.config().snapshotRate()) == 0) {
            snapshots.sendAll();
        }
        flush();
        publishedTick = tick;
        publishedState = state;
        int count = 0;
        for (Participant p : byIndex) {
            if (p != null) {
                count++;
            }
        }
        publishedParticipants = count;
    }

    /**
     * Runs the commands that were waiting when the tick began; commands offered meanwhile wait for
     * the next tick, so a stream of commands can neither hold the tick up nor see one tick twice.
     */
    private void runCommands() {
        int waiting = pendingCommands.get();
        SessionCommand command;
        while (waiting-- > 0 && (command = commands.poll()) != null) {
            pendingCommands.decrementAndGet();
            try {
                // Java 17 has no pattern switch; the sealed interface keeps this chain exhaustive by review.
                if (command instanceof SessionCommand.Join join) {
                    admission.join(join);
                } else if (command instanceof SessionCommand.Resume resume) {
                    admission.resume(resume);
                } else if (command instanceof SessionCommand.Disconnected gone) {
                    admission.disconnected(gone.participant(), gone.channel());
                } else if (command instanceof SessionCommand.Task task) {
                    task.work().accept(this);
                }
            } catch (RuntimeException e) {
                log.warn("session {}: command {} failed", id, command.getClass().getSimpleName(), e);
            }
        }
    }

    /**
     * Handles control messages in arrival order across participants (so grab conflicts go to who
     * asked first), at most {@link #MAX_MESSAGES_PER_TICK} per participant; the rest wait.
     */
    private void drainMessages() {
        takenThisTick.clear();
        int backlog = deferred.size();
        for (int i = 0; i < backlog; i++) {
            handle(deferred.pollFirst());
        }
        Participant.Inbound inbound;
        int budget = MAX_MESSAGES_PER_TICK * MAX_PARTICIPANTS;
        while (budget-- > 0 && (inbound = inbox.poll()) != null) {
            handle(inbound);
        }
    }

    private void handle(Participant.Inbound inbound) {
        Participant participant = inbound.from();
        int taken = takenThisTick.merge(participant, 1, Integer::sum);
        if (taken > MAX_MESSAGES_PER_TICK) {
            deferred.addLast(inbound);
            return;
        }
        participant.taken();
        ClientMessage message = inbound.message();
        if (byIndex[participant.index] != participant) {
            return; // left meanwhile
        }
        if (participant.channel == null && message.getBodyCase() != ClientMessage.BodyCase.BYE) {
            // Dropped meanwhile. A goodbye still counts: a client writes it just before closing, and
            // the close (a command) is handled before the messages of the same tick.
            return;
        }
        participant.active = true;
        String kind = message.getBodyCase().name().toLowerCase(java.util.Locale.ROOT);
        switch (message.getBodyCase()) {
            case GRAB -> interactions.grab(participant, message.getGrab());
            case RELEASE -> interactions.release(participant, message.getRelease());
            case USE -> interactions.use(participant, message.getUse());
            case CHAT -> interactions.chat(participant, message.getChat());
            case BYE -> admission.leave(participant, "said goodbye");
            case FEEDBACK -> {
                String refusal = submitFeedback(participant, message.getFeedback());
                if (refusal != null) {
                    send(participant, ensemble.server.net.Replies.error(ErrorCode.ERROR_CODE_INVALID_MESSAGE, refusal, kind));
                }
            }
            default -> send(participant, ensemble.server.net.Replies.error(ErrorCode.ERROR_CODE_FORBIDDEN,
                    kind + " is not allowed for a " + participant.kind.name().toLowerCase(java.util.Locale.ROOT), kind));
        }
    }

    /** Participants in index order (a fresh list: the tick may change membership while iterating). */
    List<Participant> participants() {
        List<Participant> list = new ArrayList<>();
        for (Participant p : byIndex) {
            if (p != null) {
                list.add(p);
            }
        }
        return list;
    }

    Participant participant(String participantId) {
        for (Participant p : byIndex) {
            if (p != null && p.id.equals(participantId)) {
                return p;
            }
        }
        return null;
    }

    /** Queues a message to one participant; flushed at the end of the tick. */
    void send(Participant participant, ServerMessage message) {
        Channel channel = participant.channel;
        if (channel != null && channel.isActive()) {
            channel.write(message, channel.voidPromise());
            markForFlush(channel);
        }
    }

    /** Queues a message to every connected participant. */
    void broadcast(ServerMessage message) {
        for (Participant p : byIndex) {
            if (p != null) {
                send(p, message);
            }
        }
    }

    void markForFlush(Channel channel) {
        toFlush.add(channel);
    }

    private void flush() {
        for (Channel channel : toFlush) {
            channel.flush();
        }
        toFlush.clear();
        Channel udp = context.udpChannel();
        if (udp != null) {
            snapshots.flushDatagrams(udp);
        }
    }

    /** Read-only views for API and tests; call on the tick thread (via {@link #submit}). */
    public List<Participant> participantList() {
        return Collections.unmodifiableList(participants());
    }

    public List<Entity> entityList() {
        return Collections.unmodifiableList(entities);
    }

    public EventLog events() {
        return events;
    }

    public int tickNumber() {
        return tick;
    }

    public long createdAtMillis() {
        return createdAtMillis;
    }

    /** The persistence of this session, or null when it has none (tests). */
    SessionRecorder recorder;

    /** Attaches the recorder that persists this session; call before the session is ticked. */
    public void record(SessionRecorder value) {
        this.recorder = value;
    }

    /** Saves a checkpoint now, if the session is persisted (tick thread). */
    public void recorderCheckpoint() {
        stepChanged();
    }

    /** Applies what one scenario step produced; its events are recorded together (tick thread). */
    void effects(Runnable apply) {
        SessionRecorder current = recorder;
        if (current != null) {
            current.beginEffects();
        }
        try {
            apply.run();
        } finally {
            if (current != null) {
                current.endEffects(this);
            }
        }
    }

    /** A step began or the scenario ended: persist a checkpoint now. */
    void stepChanged() {
        if (recorder != null) {
            recorder.checkpointNow(this);
        }
    }

    /** A participant's lasting state (score, role, held entities) changed. */
    void participantChanged(Participant p) {
        if (recorder != null) {
            recorder.participant(this, p);
        }
    }

    /** The newest event of the log is to be persisted. */
    void recordEvent() {
        if (recorder != null) {
            recorder.event(this, events.last());
        }
    }

    /** Tells the scenario what happened in the world, and records it. */
    void worldEvent(String type, Participant p, String target, String detail) {
        recordEvent();
        // Who is here (and in which role) matters in every state: someone who joins a waiting or
        // paused session must count for role conditions from the first moment it runs.
        boolean roster = type.equals("join") || type.equals("leave");
        if (scenario != null && (state == State.RUNNING || roster)) {
            scenario.onWorldEvent(type, p, target, detail);
        }
    }

    /**
     * Peer feedback from {@code from} (debrief): checked by {@link ensemble.server.assess.FeedbackRules}
     * and logged as a {@code feedback} event, so it reaches the event stream like everything else.
     * Returns why it was refused, or null. Tick thread.
     */
    public String submitFeedback(Participant from, ensemble.v1.FeedbackSubmit feedback) {
        ensemble.server.assess.FeedbackRules.Checked checked = ensemble.server.assess.FeedbackRules.check(this, from, feedback);
        if (checked.refusal() != null) {
            return checked.refusal();
        }
        events.append("feedback", tick, context.clock().millis(), from.id, checked.data());
        recordEvent();
        return null;
    }

    /** Sees every tick after the world and the scenario were updated (the after-action recording). Tick thread. */
    public interface TickObserver {
        void afterTick(Session session, long nowMillis);
    }

    /** The state as of now (tick thread; other threads read {@link #stateSnapshot()}). */
    public State state() {
        return state;
    }

    /** True for a spectator (tick thread). */
    public static boolean isSpectator(Participant p) {
        return p.isSpectator();
    }

    /** True while the participant's connection is up (tick thread). */
    public static boolean isConnected(Participant p) {
        return p.connected;
    }

    /** Copies head, left hand, right hand (x, y, z, qx, qy, qz, qw each: 21 floats) into {@code into}. Tick thread. */
    public static void copyPoses(Participant p, float[] into) {
        System.arraycopy(p.head, 0, into, 0, 7);
        System.arraycopy(p.leftHand, 0, into, 7, 7);
        System.arraycopy(p.rightHand, 0, into, 14, 7);
    }

    /** Closes every connection of the session with a reason (node shutdown, session end). */
    void closeAll(ErrorCode code, String reason) {
        for (Participant p : participants()) {
            Channel channel = p.channel;
            if (channel != null) {
                ensemble.server.net.Replies.goodbye(channel, code, reason);
            }
            context.closeStateLink(p);
        }
    }
}
