package ensemble.server.session;

import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.Value;
import ensemble.scenario.model.Vec3;
import ensemble.scenario.runtime.Effect;
import ensemble.scenario.runtime.ScenarioRuntime;
import ensemble.scenario.runtime.WorldEvent;
import ensemble.scenario.runtime.WorldView;
import ensemble.server.world.Entity;
import ensemble.v1.EntityEvent;
import ensemble.v1.ScenarioEvent;
import ensemble.v1.ServerMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a scenario in a session: feeds the runtime what happens in the world, ticks it on the
 * session clock, and applies what it decides — authoritatively to the world, as protocol events
 * to the participants concerned, and into the session's event log. Tick thread only.
 */
public final class ScenarioDriver implements ScenarioBinding {
    private final Session session;
    private final Scenario scenario;
    private final ScenarioRuntime runtime;
    private final View view = new View();
    private Map<String, String> instructions = Map.of();
    private String currentStep = "";
    private long timeLimitMs;
    private boolean rejected;
    private String rejection = "";

    /**
     * Each session draws its own random path: the seed is fresh here, and a checkpoint keeps it (with
     * how many draws were made), so a restore, a replay or a fork continues the same path.
     */
    public ScenarioDriver(Session session, Scenario scenario) {
        this.session = session;
        this.scenario = scenario;
        this.runtime = new ScenarioRuntime(scenario, java.util.concurrent.ThreadLocalRandom.current().nextLong());
    }

    public Scenario scenario() {
        return scenario;
    }

    public ScenarioRuntime runtime() {
        return runtime;
    }

    @Override
    public void start(long nowMillis) {
        apply(runtime.start(nowMillis), "scenario");
    }

    @Override
    public void tick(long nowMillis) {
        apply(runtime.tick(nowMillis, view), "scenario");
    }

    @Override
    public void pause(long nowMillis) {
        apply(runtime.pause(nowMillis), "facilitator");
    }

    @Override
    public void resume(long nowMillis) {
        apply(runtime.resume(nowMillis), "facilitator");
    }

    @Override
    public void reset(long nowMillis) {
        apply(runtime.reset(nowMillis), "facilitator");
    }

    @Override
    public boolean gotoStep(String stepId, String by) {
        return applyChecked(runtime.gotoStep(stepId, session.context.clock().millis()), by);
    }

    @Override
    public boolean inject(String triggerId, String by) {
        return applyChecked(runtime.inject(triggerId, by, session.context.clock().millis()), by);
    }

    @Override
    public boolean end(String outcome, String by) {
        return applyChecked(runtime.end(outcome, session.context.clock().millis()), by);
    }

    private boolean applyChecked(List<Effect> effects, String by) {
        rejected = false;
        apply(effects, by);
        return !rejected;
    }

    /** The runtime's state as JSON, for checkpoints. */
    String saveState() {
        return RuntimeStateJson.write(runtime.snapshot());
    }

    /**
     * Continues from a checkpoint's runtime state, on the clock of the node that saved it
     * ({@code savedAtMillis}); also restores what this driver shows clients. A restore then
     * {@link #absorb}s the facts recorded after the checkpoint and {@link #rebase}s onto this node.
     */
    void restoreState(String json, long savedAtMillis) {
        ScenarioRuntime.Snapshot snapshot = RuntimeStateJson.read(json);
        runtime.restore(snapshot, savedAtMillis);
        show(snapshot.stepId());
    }

    private void show(String stepId) {
        currentStep = stepId;
        scenario.step(currentStep).ifPresent(step -> {
            instructions = runtime.instructions(); // with the tasks and the tracks' current tasks
            timeLimitMs = step.timeLimitMs();
        });
    }

    /**
     * Takes in a scenario event recorded after the checkpoint (at {@code wallMillis} on the old
     * node's clock) as a fact: the runtime's state moves on as it did then and nothing fires again.
     * The world side of the same event is {@link SessionCheckpoints#replay}'s.
     */
    void absorb(String type, String actor, Map<String, String> data, long wallMillis) {
        String step = data.getOrDefault("step", "");
        Effect fact = switch (type) {
            case "trigger" -> new Effect.TriggerFired(data.getOrDefault("trigger", ""), actor);
            case "step_started" -> new Effect.StepStarted(step, data.getOrDefault("title", ""), Map.of(), 0);
            case "step_completed" -> new Effect.StepCompleted(step, data.getOrDefault("outcome", ""));
            case "task_completed" -> new Effect.TaskCompleted(step, data.getOrDefault("task", ""), Optional.empty());
            case "variable" -> new Effect.SetVariable(data.getOrDefault("name", ""),
                    value(data.getOrDefault("name", ""), data.getOrDefault("value", "")));
            case "score" -> scoreFact(data);
            case "state" -> new Effect.SetState(data.getOrDefault("entity", ""), data.getOrDefault("state", ""));
            case "random" -> new Effect.RandomDrawn(parseInt(data.get("choice")), parseInt(data.get("of")),
                    parseLong(data.get("draws")));
            case "despawn" -> new Effect.Despawn(data.getOrDefault("entity", ""));
            case "ended" -> new Effect.Ended(data.getOrDefault("outcome", ""));
            case "facilitator" -> switch (data.getOrDefault("command", "")) {
                case "pause" -> new Effect.Paused();
                case "resume" -> new Effect.Resumed();
                default -> null;
            };
            default -> null;
        };
        String command = type.equals("facilitator") ? data.getOrDefault("command", "") : "";
        if (type.equals("reset")) {
            runtime.reset(wallMillis); // the step it starts at is recorded as a fact that follows
        } else if (command.equals("start")) {
            runtime.start(wallMillis); // its first step was recorded just before, while the run was not started
        } else if (type.equals("spawn")) {
            runtime.absorbSpawn(data.getOrDefault("entity", ""), wallMillis);
        } else if (fact != null) {
            runtime.absorb(fact, wallMillis);
        } else {
            runtime.advanceClock(wallMillis);
        }
        if (type.equals("step_started") || type.equals("step_completed") || type.equals("ended") || type.equals("reset")
                || type.equals("task_completed")
                || command.equals("start")) {
            show(runtime.currentStep().orElse(""));
        }
    }

    /** Moves the restored run onto this node's clock, continuing from {@code lastFactMillis}. */
    void rebase(long lastFactMillis, long nowMillis) {
        runtime.rebase(lastFactMillis, nowMillis);
    }

    private Effect.Score scoreFact(Map<String, String> data) {
        Effect.ScoreTarget target;
        if (data.containsKey("participant")) {
            target = new Effect.ScoreTarget.Participant(data.get("participant"), data.getOrDefault("role", ""));
        } else if (data.containsKey("role")) {
            target = new Effect.ScoreTarget.Role(data.get("role"));
        } else {
            target = new Effect.ScoreTarget.Team();
        }
        return new Effect.Score(target, parseInt(data.get("points")), data.getOrDefault("criterion", ""),
                data.getOrDefault("reason", ""), parseInt(data.get("total")));
    }

    private static long parseLong(String text) {
        try {
            return text == null ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int parseInt(String text) {
        try {
            return text == null ? 0 : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private Value value(String name, String text) {
        Value.Kind kind = scenario.variable(name).map(v -> v.initial().kind()).orElse(Value.Kind.TEXT);
        try {
            return switch (kind) {
                case FLAG -> new Value.Flag(Boolean.parseBoolean(text));
                case NUMBER -> new Value.Number(Double.parseDouble(text));
                case TEXT -> new Value.Text(text);
            };
        } catch (NumberFormatException e) {
            return new Value.Text(text);
        }
    }

    /** Feeds a world event recorded after the checkpoint (a restore replays them). */
    void replay(String type, Participant p, String target, String detail) {
        onWorldEvent(type, p, target, detail);
    }

    /** Why the last facilitator command was rejected by the scenario, if it was. */
    public String lastRejection() {
        return rejection;
    }

    @Override
    public void onWorldEvent(String type, Participant p, String target, String detail) {
        WorldEvent event = switch (type) {
            case "grab" -> new WorldEvent.Grabbed(p.id, target);
            case "release" -> new WorldEvent.Released(p.id, target);
            case "use" -> new WorldEvent.Used(p.id, target, detail == null ? "" : detail);
            case "chat" -> new WorldEvent.Said(p.id, detail);
            case "join" -> new WorldEvent.Joined(p.id, p.role);
            case "leave" -> new WorldEvent.Left(p.id);
            default -> null;
        };
        if (event != null) {
            apply(runtime.handle(event), p.id);
        }
    }

    @Override
    public String currentStep() {
        return currentStep;
    }

    @Override
    public String instructionFor(String role) {
        String text = instructions.get(role);
        if (text == null) {
            text = instructions.get(ensemble.scenario.model.Step.EVERYONE);
        }
        return text == null ? "" : text;
    }

    @Override
    public List<String> stepIds() {
        return scenario.steps().stream().map(ensemble.scenario.model.Step::id).toList();
    }

    @Override
    public List<String> injectIds() {
        return scenario.triggers().stream().filter(t -> t.injectLabel().isPresent()).map(t -> t.id()).toList();
    }

    @Override
    public List<String> triggerIds() {
        return scenario.triggers().stream().map(t -> t.id()).toList();
    }

    @Override
    public boolean ended() {
        return runtime.status() == ScenarioRuntime.Status.ENDED;
    }

    /** The event telling a participant what the current step asks of their role. */
    ServerMessage stepFor(Participant p) {
        return ServerMessage.newBuilder().setScenarioEvent(ScenarioEvent.newBuilder()
                .setKind(ScenarioEvent.Kind.KIND_STEP_STARTED).setTick(session.tick).setStepId(currentStep)
                .setText(instructionFor(p.role)).setRole(p.role).setTimeLimitMs((int) Math.min(Integer.MAX_VALUE, timeLimitMs)))
                .build();
    }

    // --- applying what the runtime decided --------------------------------------------------------

    private void apply(List<Effect> effects, String by) {
        if (effects.isEmpty()) {
            return;
        }
        boolean lasting = false;
        for (Effect effect : effects) {
            lasting |= !(effect instanceof Effect.Rejected || effect instanceof Effect.Message
                    || effect instanceof Effect.Sound);
        }
        session.effects(() -> {
            for (Effect effect : effects) {
                applyOne(effect, by);
            }
        });
        if (lasting) {
            // A checkpoint right behind the events of what the scenario did: a takeover then
            // starts from a world that includes it instead of taking it in from the log.
            session.stepChanged();
        }
    }

    // Java 17 has no pattern switch; the sealed Effect keeps this chain complete by review.
    private void applyOne(Effect effect, String by) {
        if (effect instanceof Effect.StepStarted started) {
            currentStep = started.stepId();
            instructions = started.instructions();
            timeLimitMs = started.timeLimitMs();
            for (Participant p : session.participants()) {
                session.send(p, stepFor(p));
            }
            log("step_started", by, Map.of("step", started.stepId(), "title", started.title()));
        } else if (effect instanceof Effect.StepCompleted done) {
            broadcast(event(ScenarioEvent.Kind.KIND_STEP_COMPLETED).setStepId(done.stepId()).setOutcome(done.outcome()));
            log("step_completed", by, Map.of("step", done.stepId(), "outcome", done.outcome()));
        } else if (effect instanceof Effect.StepTimedOut timedOut) {
            broadcast(event(ScenarioEvent.Kind.KIND_STEP_TIMED_OUT).setStepId(timedOut.stepId()));
            log("step_timed_out", by, Map.of("step", timedOut.stepId()));
        } else if (effect instanceof Effect.InstructionsChanged changed) {
            Map<String, String> now = new LinkedHashMap<>(instructions);
            now.put(changed.roleId(), changed.text());
            instructions = now;
            for (Participant p : session.participants()) {
                if (changed.roleId().equals(p.role)) {
                    session.send(p, stepFor(p));
                }
            }
        } else if (effect instanceof Effect.RandomDrawn drawn) {
            log("random", by, Map.of("choice", Integer.toString(drawn.choice()), "of", Integer.toString(drawn.choices()),
                    "draws", Long.toString(drawn.draws())));
        } else if (effect instanceof Effect.TaskCompleted task) {
            log("task_completed", task.participantId().orElse(by), Map.of("step", task.stepId(), "task", task.taskId()));
        } else if (effect instanceof Effect.TriggerFired fired) {
            broadcast(event(ScenarioEvent.Kind.KIND_TRIGGER).setName(fired.triggerId()).setFrom(fired.by()));
            log("trigger", fired.by(), Map.of("trigger", fired.triggerId()));
        } else if (effect instanceof Effect.Message message) {
            message(message);
            log("message", by, Map.of("text", message.text(), "to", audience(message.audience())));
        } else if (effect instanceof Effect.Spawn spawn) {
            entity(spawn.entity().id()).ifPresent(e -> {
                e.setPresent(true);
                move(e, spawn.position());
                broadcast(ServerMessage.newBuilder().setEntityEvent(EntityEvent.newBuilder()
                        .setKind(EntityEvent.Kind.KIND_SPAWNED).setEntityId(e.id()).setTick(session.tick)
                        .setEntity(SessionViews.entityInfo(e))));
                log("spawn", by, Map.of("entity", e.id()));
            });
        } else if (effect instanceof Effect.Despawn despawn) {
            entity(despawn.entityId()).ifPresent(e -> {
                e.setPresent(false);
                broadcast(entityEvent(EntityEvent.Kind.KIND_DESPAWNED, e));
                log("despawn", by, Map.of("entity", e.id()));
            });
        } else if (effect instanceof Effect.Move move) {
            entity(move.entityId()).ifPresent(e -> {
                e.release();
                move(e, move.position());
                log("move", by, Map.of("entity", e.id()));
            });
        } else if (effect instanceof Effect.SetState state) {
            entity(state.entityId()).ifPresent(e -> {
                e.setState(state.state());
                broadcast(entityEvent(EntityEvent.Kind.KIND_STATE_CHANGED, e).toBuilder()
                        .setEntityEvent(EntityEvent.newBuilder().setKind(EntityEvent.Kind.KIND_STATE_CHANGED)
                                .setEntityId(e.id()).setState(state.state()).setTick(session.tick)).build());
                log("state", by, Map.of("entity", e.id(), "state", state.state()));
            });
        } else if (effect instanceof Effect.SetVariable variable) {
            String value = render(variable.value());
            broadcast(event(ScenarioEvent.Kind.KIND_VARIABLE).setName(variable.name()).setValue(value));
            log("variable", by, Map.of("name", variable.name(), "value", value));
        } else if (effect instanceof Effect.Score score) {
            score(score, by);
        } else if (effect instanceof Effect.Sound sound) {
            broadcast(event(ScenarioEvent.Kind.KIND_SOUND).setName(sound.sound()).setValue(sound.atEntityId().orElse("")));
            log("sound", by, Map.of("sound", sound.sound()));
        } else if (effect instanceof Effect.Highlight highlight) {
            entity(highlight.entityId()).ifPresent(e -> {
                e.setHighlighted(highlight.on());
                broadcast(ServerMessage.newBuilder().setEntityEvent(EntityEvent.newBuilder()
                        .setKind(EntityEvent.Kind.KIND_HIGHLIGHTED).setEntityId(e.id()).setHighlighted(highlight.on())
                        .setTick(session.tick)));
            });
        } else if (effect instanceof Effect.Reset) {
            for (Entity e : session.entities) {
                e.reset();
            }
            for (Participant p : session.participants()) {
                p.score = 0;
            }
            currentStep = "";
            instructions = Map.of();
            log("reset", by, Map.of());
        } else if (effect instanceof Effect.Ended ended) {
            session.state = Session.State.ENDED;
            broadcast(event(ScenarioEvent.Kind.KIND_ENDED).setOutcome(ended.outcome()));
            log("ended", by, Map.of("outcome", ended.outcome()));
        } else if (effect instanceof Effect.Rejected reject) {
            rejected = true;
            rejection = reject.reason();
        }
        // Paused and Resumed are announced by the facilitation that caused them.
    }

    private void score(Effect.Score score, String by) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("points", Integer.toString(score.points()));
        data.put("total", Integer.toString(score.total()));
        data.put("criterion", score.criterionId());
        data.put("reason", score.reason());
        ScenarioEvent.Builder event = event(ScenarioEvent.Kind.KIND_SCORE).setPoints(score.points())
                .setTotal(score.total()).setName(score.criterionId()).setText(score.reason());
        if (score.target() instanceof Effect.ScoreTarget.Participant target) {
            Participant p = session.participant(target.participantId());
            if (p != null) {
                p.score = score.total();
                session.participantChanged(p);
            }
            event.setParticipantId(target.participantId()).setRole(target.roleId());
            data.put("participant", target.participantId());
            data.put("role", target.roleId());
        } else if (score.target() instanceof Effect.ScoreTarget.Role target) {
            event.setRole(target.roleId());
            data.put("role", target.roleId());
        } else {
            data.put("team", "true");
        }
        broadcast(event);
        session.events.append("score", session.tick, session.context.clock().millis(), by, data);
        session.recordEvent();
    }

    private void message(Effect.Message message) {
        ServerMessage out = ServerMessage.newBuilder().setScenarioEvent(event(ScenarioEvent.Kind.KIND_MESSAGE)
                .setText(message.text())).build();
        Effect.Audience audience = message.audience();
        for (Participant p : session.participants()) {
            boolean to = audience instanceof Effect.Audience.Everyone
                    || audience instanceof Effect.Audience.Role role && role.roleId().equals(p.role)
                    || audience instanceof Effect.Audience.Participant one && one.participantId().equals(p.id);
            if (to) {
                session.send(p, out);
            }
        }
    }

    private static String audience(Effect.Audience audience) {
        if (audience instanceof Effect.Audience.Role role) {
            return "role:" + role.roleId();
        }
        if (audience instanceof Effect.Audience.Participant one) {
            return "participant:" + one.participantId();
        }
        return "everyone";
    }

    private static String render(Value value) {
        if (value instanceof Value.Flag flag) {
            return Boolean.toString(flag.value());
        }
        if (value instanceof Value.Number number) {
            double v = number.value();
            return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        }
        return ((Value.Text) value).value();
    }

    private Optional<Entity> entity(String id) {
        return Optional.ofNullable(session.entitiesById.get(id));
    }

    private static void move(Entity e, Vec3 position) {
        e.moveTo((float) position.x(), (float) position.y(), (float) position.z());
    }

    private ScenarioEvent.Builder event(ScenarioEvent.Kind kind) {
        return ScenarioEvent.newBuilder().setKind(kind).setTick(session.tick).setStepId(currentStep);
    }

    private void broadcast(ScenarioEvent.Builder event) {
        session.broadcast(ServerMessage.newBuilder().setScenarioEvent(event).build());
    }

    private void broadcast(ServerMessage.Builder message) {
        session.broadcast(message.build());
    }

    private void broadcast(ServerMessage message) {
        session.broadcast(message);
    }

    private ServerMessage entityEvent(EntityEvent.Kind kind, Entity e) {
        return ServerMessage.newBuilder().setEntityEvent(EntityEvent.newBuilder().setKind(kind).setEntityId(e.id())
                .setTick(session.tick).setState(e.state() == null ? "" : e.state())).build();
    }

    private void log(String type, String actor, Map<String, String> data) {
        session.events.append(type, session.tick, session.context.clock().millis(), actor, data);
        session.recordEvent();
    }

    /** What the runtime may see: participants' heads, entity positions and holders. */
    private final class View implements WorldView {
        @Override
        public List<WorldView.Participant> participants() {
            List<WorldView.Participant> list = new ArrayList<>();
            for (ensemble.server.session.Participant p : session.participants()) {
                if (!p.isSpectator()) {
                    list.add(new WorldView.Participant(p.id, p.role, new Vec3(p.head[0], p.head[1], p.head[2])));
                }
            }
            return list;
        }

        @Override
        public Optional<Vec3> entityPosition(String entityId) {
            Entity e = session.entitiesById.get(entityId);
            if (e == null || !e.present()) {
                return Optional.empty();
            }
            return Optional.of(new Vec3(e.position[0], e.position[1], e.position[2]));
        }

        @Override
        public Optional<String> holderOf(String entityId) {
            Entity e = session.entitiesById.get(entityId);
            if (e == null || e.holder() < 0) {
                return Optional.empty();
            }
            ensemble.server.session.Participant holder = session.byIndex[e.holder()];
            return holder == null ? Optional.empty() : Optional.of(holder.id);
        }
    }

}
