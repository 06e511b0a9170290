package ensemble.scenario.runtime;

import ensemble.scenario.ScenarioLimits;
import ensemble.scenario.model.Condition;
import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.Step;
import ensemble.scenario.model.Trigger;
import ensemble.scenario.model.Value;
import ensemble.scenario.model.Zone;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs one scenario for one session: the step machine, triggers, variables and scores.
 *
 * <p>Thread contract: not thread-safe and never blocks; one thread (the session's tick thread)
 * calls every method. Deterministic: the same calls with the same times give the same effects.
 * Time is the caller's clock in milliseconds ({@code nowMillis}); scenario time is the time since
 * {@link #start} minus the time spent paused, so timers and time limits stop while paused.
 *
 * <p>Each call returns the effects it caused, in order, for the caller to apply and broadcast.
 * Events given to {@link #handle} are recorded at once and take effect on the next {@link #tick},
 * which also derives zone entry and exit from the participants' head positions.
 */
public final class ScenarioRuntime {

    /** Where a run is. */
    public enum Status { READY, RUNNING, PAUSED, ENDED }

    private final Scenario scenario;
    private final long seed;
    private Draws draws;
    private RunState state;
    private Evaluator evaluator;
    private ActionRunner actions;
    private Status status = Status.READY;
    private long startedAtMs;
    private long pausedTotalMs;
    private long pausedAtMs;
    private long lastNowMs;
    private Step current;
    private Scope stepScope;
    private final Set<String> tasksDone = new LinkedHashSet<>();
    private final List<ArmedTrigger> armed = new ArrayList<>();
    private String outcome = "";

    /** A run whose random draws come from seed 0; sessions give each run a seed of its own. */
    public ScenarioRuntime(Scenario scenario) {
        this(scenario, 0);
    }

    /**
     * @param seed where the run's random draws start; the same seed (and the same calls) gives the
     *             same path, and {@link #snapshot()} keeps it, so a restored run or fork draws on
     */
    public ScenarioRuntime(Scenario scenario, long seed) {
        this.scenario = scenario;
        this.seed = seed;
        init();
    }

    private void init() {
        state = new RunState(scenario);
        draws = new Draws(seed, 0);
        evaluator = new Evaluator(scenario, state);
        actions = new ActionRunner(scenario, state, evaluator, draws);
        status = Status.READY;
        pausedTotalMs = 0;
        current = null;
        stepScope = null;
        tasksDone.clear();
        armed.clear();
        outcome = "";
    }

    public Scenario scenario() {
        return scenario;
    }

    /** Starts the run at the first step. Rejected unless the run is ready. */
    public List<Effect> start(long nowMillis) {
        if (status != Status.READY) {
            return List.of(new Effect.Rejected("the scenario has already started"));
        }
        List<Effect> out = new ArrayList<>();
        jumpsThisCall = 0;
        startedAtMs = nowMillis;
        lastNowMs = nowMillis;
        status = Status.RUNNING;
        for (Trigger t : scenario.triggers()) {
            if (t.during().isEmpty()) {
                armed.add(new ArmedTrigger(t, 0));
            }
        }
        enter(scenario.steps().get(0), out);
        return out;
    }

    /** Records a world event; its consequences come on the next tick (injects act at once). */
    public List<Effect> handle(WorldEvent event) {
        if (event instanceof WorldEvent.Joined j) {
            state.join(j.participantId(), j.role());
            return List.of();
        }
        if (event instanceof WorldEvent.Left l) {
            state.leave(l.participantId());
            return List.of();
        }
        if (event instanceof WorldEvent.Injected inj) {
            return inject(inj.triggerId(), inj.by(), lastNowMs);
        }

        if (status != Status.RUNNING) {
            return List.of();
        }
        latch(event);
        return List.of();
    }

    private void latch(WorldEvent event) {
        String participant = Events.participantOf(event).orElse("");
        String role = state.roleOf(participant);
        List<Scope> scopes = new ArrayList<>();
        if (stepScope != null) {
            scopes.add(stepScope);
        }
        armed.forEach(a -> scopes.add(a.scope));
        for (Scope scope : scopes) {
            for (Condition leaf : scope.eventLeaves()) {
                if (Events.matches(leaf, event, role)) {
                    scope.latch(leaf, participant);
                }
            }
        }
    }

    /** Advances to {@code nowMillis}: zones, triggers, tasks, step completion and time limits. */
    public List<Effect> tick(long nowMillis, WorldView view) {
        lastNowMs = Math.max(lastNowMs, nowMillis);
        if (status != Status.RUNNING) {
            return List.of();
        }
        List<Effect> out = new ArrayList<>();
        jumpsThisCall = 0;
        lastView = view;
        trackZones(view);
        long t = scenarioMillis();
        for (ArmedTrigger a : List.copyOf(armed)) {
            if (!armed.contains(a) || status != Status.RUNNING) {
                continue;
            }
            Evaluator.Truth truth = a.trigger.when().map(c -> evaluator.eval(c, a.scope, t, view)).orElse(Evaluator.Truth.TRUE);
            if (a.due(t, truth.holds())) {
                a.fired(t);
                fire(a.trigger, a.scope, a.kind().orElse("timer"), truth.actor(), out);
            }
        }
        if (status == Status.RUNNING && current != null) {
            advanceStep(t, view, out);
        }
        return out;
    }

    private void advanceStep(long t, WorldView view, List<Effect> out) {
        Step step = current;
        for (Step.Task task : step.tasks()) {
            if (!tasksDone.contains(task.id()) && taskDone(step, task, t, view, out)) {
                return;
            }
        }
        for (Step.Track track : step.tracks()) {
            if (advanceTrack(step, track, t, view, out)) {
                return;
            }
        }
        if (step.completes() && tasksDone.size() == step.allTasks().size()) {
            Evaluator.Truth truth = step.completeWhen().map(c -> evaluator.eval(c, stepScope, t, view)).orElse(Evaluator.Truth.TRUE);
            if (truth.holds()) {
                state.completed.add(step.id());
                leave(step, "completed", out);
                Optional<ActionRunner.Jump> jump = actions.run(step.onComplete(), context(truth.actor(), stepScope, t, view), out);
                if (jump.isEmpty()) {
                    for (Step.Branch b : step.branches()) {
                        if (evaluator.eval(b.when(), stepScope, t, view).holds()) {
                            jump = Optional.of(b.exit() instanceof Step.Exit.ToStep to
                                    ? new ActionRunner.Jump.ToStep(to.step().id())
                                    : new ActionRunner.Jump.ToEnd(((Step.Exit.ToEnd) b.exit()).outcome()));
                            break;
                        }
                    }
                }
                take(jump.orElseGet(() -> defaultNext(step)), out);
                return;
            }
        }
        if (step.timeLimitMs() > 0 && t - stepScope.startedAtMs >= step.timeLimitMs()) {
            out.add(new Effect.StepTimedOut(step.id()));
            leave(step, "timed_out", out);
            Optional<ActionRunner.Jump> jump = actions.run(step.onTimeout(), context(Optional.empty(), stepScope, t, view), out);
            take(jump.orElseGet(() -> defaultNext(step)), out);
        }
    }

    /**
     * Completes {@code task} when its condition holds; true when its actions jumped (the step is
     * then left, and the caller must stop).
     */
    private boolean taskDone(Step step, Step.Task task, long t, WorldView view, List<Effect> out) {
        Evaluator.Truth truth = evaluator.eval(task.completeWhen(), stepScope, t, view);
        if (!truth.holds()) {
            return false;
        }
        tasksDone.add(task.id());
        state.completed.add(task.id());
        out.add(new Effect.TaskCompleted(step.id(), task.id(), truth.actor()));
        Optional<ActionRunner.Jump> jump = actions.run(task.onComplete(), context(truth.actor(), stepScope, t, view), out);
        if (jump.isPresent()) {
            leave(step, "completed", out);
            take(jump.get(), out);
            return true;
        }
        return false;
    }

    /**
     * Moves a track on through as many of its tasks as hold now, in order; tells its role when the
     * instructions change. True when a task's actions jumped.
     */
    private boolean advanceTrack(Step step, Step.Track track, long t, WorldView view, List<Effect> out) {
        boolean moved = false;
        for (Step.Task task : track.tasks()) {
            if (tasksDone.contains(task.id())) {
                continue;
            }
            if (taskDone(step, task, t, view, out)) {
                return true;
            }
            if (!tasksDone.contains(task.id())) {
                break; // this task is where the track waits
            }
            moved = true;
        }
        if (moved) {
            if (track.tasks().stream().allMatch(task -> tasksDone.contains(task.id()))) {
                state.completed.add(track.id());
            }
            String role = track.role().id();
            out.add(new Effect.InstructionsChanged(step.id(), role, instructions(step).getOrDefault(role, "")));
        }
        return false;
    }

    private ActionRunner.Jump defaultNext(Step step) {
        if (step.next().isPresent()) {
            return new ActionRunner.Jump.ToStep(step.next().get().id());
        }
        return scenario.stepAfter(step).<ActionRunner.Jump>map(s -> new ActionRunner.Jump.ToStep(s.id()))
                .orElse(new ActionRunner.Jump.ToEnd("completed"));
    }

    private ActionRunner.Context context(Optional<String> actor, Scope scope, long t, WorldView view) {
        return new ActionRunner.Context(actor, scope, t, view);
    }

    private void fire(Trigger trigger, Scope scope, String by, Optional<String> actor, List<Effect> out) {
        out.add(new Effect.TriggerFired(trigger.id(), by));
        Optional<ActionRunner.Jump> jump = actions.run(trigger.actions(), context(actor, scope, scenarioMillis(), lastView), out);
        if (jump.isPresent()) {
            if (current != null) {
                leave(current, "skipped", out);
            }
            take(jump.get(), out);
        }
    }

    private void leave(Step step, String how, List<Effect> out) {
        out.add(new Effect.StepCompleted(step.id(), how));
        armed.removeIf(a -> !a.trigger.during().isEmpty());
        current = null;
    }

    private int jumpsThisCall;
    /** The world as the last tick saw it, for the if conditions of injected triggers. */
    private WorldView lastView = WorldView.EMPTY;

    private void take(ActionRunner.Jump jump, List<Effect> out) {
        if (jump instanceof ActionRunner.Jump.ToEnd end) {
            finish(end.outcome(), out);
        } else if (jump instanceof ActionRunner.Jump.ToStep to) {
            enter(scenario.step(to.stepId()).orElseThrow(), out);
        }
    }

    private void enter(Step step, List<Effect> out) {
        if (++jumpsThisCall > ScenarioLimits.MAX_TRANSITIONS_PER_CALL) {
            finish("stopped: more than " + ScenarioLimits.MAX_TRANSITIONS_PER_CALL + " step changes at once", out);
            return;
        }
        long t = scenarioMillis();
        current = step;
        tasksDone.clear();
        stepScope = new Scope(t, watched(step));
        for (Trigger trig : scenario.triggers()) {
            if (trig.during().stream().anyMatch(r -> r.id().equals(step.id()))) {
                armed.add(new ArmedTrigger(trig, t));
            }
        }
        out.add(new Effect.StepStarted(step.id(), step.title(), instructions(step), step.timeLimitMs()));
    }

    /** What a step's scope watches: its conditions, its tasks', and those of if actions in its lists. */
    private static List<Condition> watched(Step step) {
        List<Condition> watched = new ArrayList<>();
        step.completeWhen().ifPresent(watched::add);
        step.branches().forEach(b -> watched.add(b.when()));
        step.allTasks().forEach(task -> {
            watched.add(task.completeWhen());
            watched.addAll(Scope.conditionsIn(task.onComplete()));
        });
        watched.addAll(Scope.conditionsIn(step.onComplete()));
        watched.addAll(Scope.conditionsIn(step.onTimeout()));
        return watched;
    }

    private Map<String, String> instructions(Step step) {
        Map<String, String> out = new LinkedHashMap<>();
        scenario.roles().forEach(role -> {
            StringBuilder text = new StringBuilder(step.instructionFor(role.id()).map(this::fill).orElse(""));
            step.tasks().stream().filter(task -> task.role().id().equals(role.id()) && !task.instructions().raw().isEmpty())
                    .forEach(task -> text.append(text.length() > 0 ? "\n" : "").append(fill(task.instructions())));
            step.tracks().stream().filter(track -> track.role().id().equals(role.id()))
                    .flatMap(track -> track.tasks().stream().filter(task -> !tasksDone.contains(task.id())).limit(1))
                    .filter(task -> !task.instructions().raw().isEmpty())
                    .forEach(task -> text.append(text.length() > 0 ? "\n" : "").append(fill(task.instructions())));
            if (text.length() > 0) {
                out.put(role.id(), text.toString());
            }
        });
        return out;
    }

    private String fill(ensemble.scenario.model.TextTemplate text) {
        return Expressions.fill(text, state.variables);
    }

    private void finish(String how, List<Effect> out) {
        current = null;
        armed.clear();
        status = Status.ENDED;
        outcome = how;
        out.add(new Effect.Ended(how));
    }

    private void trackZones(WorldView view) {
        Set<String> seen = new HashSet<>();
        state.lastSeen = view.participants();
        for (WorldView.Participant p : view.participants()) {
            seen.add(p.id());
            if (!state.roster.containsKey(p.id())) {
                state.join(p.id(), p.role());
            }
            Set<String> before = state.zonesOf.getOrDefault(p.id(), Set.of());
            Set<String> now = new HashSet<>();
            for (Zone z : scenario.zones()) {
                if (z.contains(p.head())) {
                    now.add(z.id());
                }
            }
            for (String z : now) {
                if (!before.contains(z)) {
                    latch(new WorldEvent.EnteredZone(p.id(), z));
                }
            }
            for (String z : before) {
                if (!now.contains(z)) {
                    latch(new WorldEvent.LeftZone(p.id(), z));
                }
            }
            state.zonesOf.put(p.id(), now);
        }
        state.zonesOf.keySet().removeIf(id -> !seen.contains(id));
    }

    // ---- facilitator overrides -------------------------------------------------------------

    /** Jumps to a step without completing the current one. */
    public List<Effect> gotoStep(String stepId, long nowMillis) {
        jumpsThisCall = 0;
        lastNowMs = Math.max(lastNowMs, nowMillis);
        Optional<Step> step = scenario.step(stepId);
        if (step.isEmpty()) {
            return List.of(new Effect.Rejected("unknown step '" + stepId + "'"));
        }
        if (status != Status.RUNNING && status != Status.PAUSED) {
            return List.of(new Effect.Rejected("the scenario is not running"));
        }
        List<Effect> out = new ArrayList<>();
        if (current != null) {
            leave(current, "skipped", out);
        }
        enter(step.get(), out);
        return out;
    }

    /**
     * Fires a trigger by hand, whatever its condition or timer; {@code by} names the facilitator.
     * Any trigger can be injected, labelled or not, but only while it is armed: not outside the
     * steps of its {@code during}, and a {@code once} trigger not after it fired (an inject spends it).
     */
    public List<Effect> inject(String triggerId, String by, long nowMillis) {
        jumpsThisCall = 0;
        lastNowMs = Math.max(lastNowMs, nowMillis);
        Optional<Trigger> trigger = scenario.trigger(triggerId);
        if (trigger.isEmpty()) {
            return List.of(new Effect.Rejected("unknown trigger '" + triggerId + "'"));
        }
        if (status != Status.RUNNING) {
            return List.of(new Effect.Rejected("the scenario is not running"));
        }
        Trigger t = trigger.get();
        if (!t.during().isEmpty() && (current == null || t.during().stream().noneMatch(r -> r.id().equals(current.id())))) {
            return List.of(new Effect.Rejected("trigger '" + triggerId + "' is only active during "
                    + String.join(", ", t.during().stream().map(r -> r.id()).toList()) + ", not now"));
        }
        Optional<ArmedTrigger> a = armed.stream().filter(x -> x.trigger == t).findFirst();
        if (a.isPresent() && a.get().spent()) {
            return List.of(new Effect.Rejected("trigger '" + triggerId + "' has already fired and fires only once"
                    + (t.during().isEmpty() ? "" : " per step")));
        }
        a.ifPresent(ArmedTrigger::injected);
        Scope scope = a.map(x -> x.scope).orElseGet(() -> new Scope(scenarioMillis(), Scope.conditionsIn(t.actions())));
        List<Effect> out = new ArrayList<>();
        fire(t, scope, by, Optional.empty(), out);
        return out;
    }

    public List<Effect> pause(long nowMillis) {
        if (status != Status.RUNNING) {
            return List.of(new Effect.Rejected("the scenario is not running"));
        }
        lastNowMs = Math.max(lastNowMs, nowMillis);
        pausedAtMs = nowMillis;
        status = Status.PAUSED;
        return List.of(new Effect.Paused());
    }

    public List<Effect> resume(long nowMillis) {
        if (status != Status.PAUSED) {
            return List.of(new Effect.Rejected("the scenario is not paused"));
        }
        lastNowMs = Math.max(lastNowMs, nowMillis);
        pausedTotalMs += Math.max(0, nowMillis - pausedAtMs);
        status = Status.RUNNING;
        return List.of(new Effect.Resumed());
    }

    /** Starts over from the first step, keeping who is here; scores and variables go back to zero. */
    public List<Effect> reset(long nowMillis) {
        Map<String, String> roster = new LinkedHashMap<>(state.roster);
        init();
        roster.forEach(state::join);
        List<Effect> out = new ArrayList<>();
        out.add(new Effect.Reset());
        out.addAll(start(nowMillis));
        return out;
    }

    /** Ends the run now with {@code outcome}. */
    public List<Effect> end(String outcome, long nowMillis) {
        if (status == Status.ENDED || status == Status.READY) {
            return List.of(new Effect.Rejected("the scenario is not running"));
        }
        List<Effect> out = new ArrayList<>();
        if (current != null) {
            leave(current, "skipped", out);
        }
        finish(outcome, out);
        return out;
    }

    // ---- checkpoints -------------------------------------------------------------------------

    /**
     * An armed trigger in a snapshot: when it was armed, its next timer, whether it is spent, and
     * how often each of its event conditions has happened (in the order of the trigger's text).
     */
    public record ArmedState(String triggerId, long armedAtMs, long nextTimerMs, boolean spent, List<Integer> counts) {
        public ArmedState {
            counts = counts == null ? List.of() : List.copyOf(counts);
        }
    }

    /**
     * What a checkpoint keeps of a run, so that another runtime of the same scenario (on another
     * node, after a failover) continues it: status, step and its elapsed time, variables, entity
     * states, completions, who is here, scores, armed triggers, how often the step's event
     * conditions have happened ({@code stepCounts}, in the order of the step's text; who did them is
     * not kept), and the random draws ({@code seed} and how many were drawn).
     */
    public record Snapshot(Status status, String stepId, long elapsedMs, long stepElapsedMs,
            Map<String, Value> variables, Map<String, String> entityStates, Map<String, Boolean> entityPresent,
            Set<String> completed, Set<String> tasksDone, Map<String, String> roster,
            Map<String, Integer> participantScores, Map<String, Integer> roleScores,
            Map<String, Integer> criterionScores, int teamScore, List<ArmedState> armed, String outcome,
            List<Integer> stepCounts, long seed, long draws) {
        public Snapshot {
            stepCounts = stepCounts == null ? List.of() : List.copyOf(stepCounts);
        }
    }

    public Snapshot snapshot() {
        List<ArmedState> triggers = new ArrayList<>();
        for (ArmedTrigger a : armed) {
            triggers.add(new ArmedState(a.trigger.id(), a.scope.startedAtMs, a.nextTimerMs(), a.spent(), a.scope.counts()));
        }
        return new Snapshot(status, current == null ? "" : current.id(), scenarioMillis(), stepElapsedMillis(),
                Map.copyOf(state.variables), Map.copyOf(state.entityStates), Map.copyOf(state.entityPresent),
                Set.copyOf(state.completed), Set.copyOf(tasksDone), Map.copyOf(state.roster),
                state.scores.byParticipant(), state.scores.byRole(), state.scores.byCriterion(), state.scores.team(),
                List.copyOf(triggers), outcome, stepScope == null || current == null ? List.of() : stepScope.counts(),
                draws.seed, draws.count);
    }

    /** Continues a run from a snapshot of this scenario, at {@code nowMillis} on this caller's clock. */
    public void restore(Snapshot snapshot, long nowMillis) {
        init();
        draws = new Draws(snapshot.seed(), snapshot.draws());
        actions = new ActionRunner(scenario, state, evaluator, draws);
        state.variables.putAll(snapshot.variables());
        state.entityStates.putAll(snapshot.entityStates());
        state.entityPresent.putAll(snapshot.entityPresent());
        state.completed.addAll(snapshot.completed());
        snapshot.roster().forEach(state::join);
        state.scores.restore(snapshot.participantScores(), snapshot.roleScores(), snapshot.criterionScores(),
                snapshot.teamScore());
        status = snapshot.status();
        outcome = snapshot.outcome();
        if (status == Status.READY) {
            return;
        }
        startedAtMs = nowMillis - snapshot.elapsedMs();
        lastNowMs = nowMillis;
        pausedTotalMs = 0;
        pausedAtMs = nowMillis;
        Optional<Step> step = snapshot.stepId().isEmpty() ? Optional.empty() : scenario.step(snapshot.stepId());
        if (step.isPresent()) {
            current = step.get();
            tasksDone.addAll(snapshot.tasksDone());
            stepScope = new Scope(snapshot.elapsedMs() - snapshot.stepElapsedMs(), watched(current));
            stepScope.restoreCounts(snapshot.stepCounts());
        }
        for (ArmedState a : snapshot.armed()) {
            scenario.trigger(a.triggerId()).ifPresent(t -> {
                ArmedTrigger restored = new ArmedTrigger(t, a.armedAtMs(), a.nextTimerMs(), a.spent());
                restored.scope.restoreCounts(a.counts());
                armed.add(restored);
            });
        }
    }

    // ---- takeover: what happened after a checkpoint ------------------------------------------

    /**
     * Takes in an effect this run already produced and applied before a checkpoint could include it
     * (another node ran it, and its event log recorded it): the run's state changes as it did then,
     * and nothing is produced again, so a trigger that fired fires once and points count once.
     * {@code nowMillis} is when it happened on the clock the run was restored on. Effects that only
     * informed people (messages, sounds) change nothing here.
     */
    public void absorb(Effect fact, long nowMillis) {
        advanceClock(nowMillis);
        long t = scenarioMillis();
        if (fact instanceof Effect.TriggerFired fired) {
            for (ArmedTrigger a : armed) {
                if (a.trigger.id().equals(fired.triggerId())) {
                    a.fired(t);
                    break;
                }
            }
        } else if (fact instanceof Effect.StepCompleted done) {
            if (current != null && current.id().equals(done.stepId())) {
                if (done.outcome().equals("completed")) {
                    state.completed.add(done.stepId());
                }
                armed.removeIf(a -> !a.trigger.during().isEmpty());
                current = null;
            }
        } else if (fact instanceof Effect.StepStarted started) {
            if (status != Status.RUNNING && status != Status.PAUSED) {
                return; // the start that follows enters it
            }
            scenario.step(started.stepId()).ifPresent(step -> {
                if (current != null) {
                    armed.removeIf(a -> !a.trigger.during().isEmpty());
                }
                jumpsThisCall = 0;
                enter(step, new ArrayList<>());
            });
        } else if (fact instanceof Effect.TaskCompleted task) {
            tasksDone.add(task.taskId());
            state.completed.add(task.taskId());
        } else if (fact instanceof Effect.SetVariable variable) {
            state.variables.put(variable.name(), variable.value());
        } else if (fact instanceof Effect.RandomDrawn drawn) {
            draws.count = Math.max(draws.count, drawn.draws());
        } else if (fact instanceof Effect.Score score) {
            state.scores.add(score.target(), score.criterionId(), score.points());
        } else if (fact instanceof Effect.SetState entity) {
            state.entityStates.put(entity.entityId(), entity.state());
        } else if (fact instanceof Effect.Despawn gone) {
            state.entityPresent.put(gone.entityId(), false);
        } else if (fact instanceof Effect.Paused) {
            pause(nowMillis);
        } else if (fact instanceof Effect.Resumed) {
            resume(nowMillis);
        } else if (fact instanceof Effect.Ended ended) {
            if (status != Status.ENDED) {
                finish(ended.outcome(), new ArrayList<>());
            }
        }
    }

    /** Spawned entities are known by id only in an event log; see {@link #absorb}. */
    public void absorbSpawn(String entityId, long nowMillis) {
        advanceClock(nowMillis);
        state.entityPresent.put(entityId, true);
    }

    /** Moves the run's clock on to {@code nowMillis} without evaluating anything. */
    public void advanceClock(long nowMillis) {
        lastNowMs = Math.max(lastNowMs, nowMillis);
    }

    /**
     * Moves the run onto another clock: scenario time at {@code toMillis} on the new clock is what
     * it was at {@code fromMillis} on the old one (a takeover continues where the record ends).
     */
    public void rebase(long fromMillis, long toMillis) {
        if (status == Status.READY) {
            return;
        }
        advanceClock(fromMillis);
        long shift = toMillis - lastNowMs;
        startedAtMs += shift;
        pausedAtMs += shift;
        lastNowMs += shift;
    }

    // ---- queries ---------------------------------------------------------------------------

    public Status status() {
        return status;
    }

    /** The seed of this run's random draws (kept by snapshots). */
    public long seed() {
        return draws.seed;
    }

    public Optional<String> currentStep() {
        return Optional.ofNullable(current).map(Step::id);
    }

    /** Ids of the current step's tasks not yet done. */
    public List<String> openTasks() {
        if (current == null) {
            return List.of();
        }
        return current.allTasks().stream().map(Step.Task::id).filter(id -> !tasksDone.contains(id)).toList();
    }

    /**
     * What each role is asked to do now (role id to text): the step's instructions, the role's
     * tasks, and the current task of each of its tracks. Empty without a current step.
     */
    public Map<String, String> instructions() {
        return current == null ? Map.of() : instructions(current);
    }

    /** Steps and tasks completed so far (not those timed out or skipped). */
    public Set<String> completed() {
        return Set.copyOf(state.completed);
    }

    public Map<String, Value> variables() {
        return Map.copyOf(state.variables);
    }

    public Optional<String> entityState(String entityId) {
        return Optional.ofNullable(state.entityStates.get(entityId));
    }

    public boolean entityPresent(String entityId) {
        return state.entityPresent.getOrDefault(entityId, false);
    }

    public Scoreboard scores() {
        return state.scores;
    }

    /** Empty until the run ends. */
    public Optional<String> outcome() {
        return status == Status.ENDED ? Optional.of(outcome) : Optional.empty();
    }

    /** Scenario time: since start, without pauses. */
    public long elapsedMillis() {
        return scenarioMillis();
    }

    /** Milliseconds the current step has run (scenario time), 0 without one. */
    public long stepElapsedMillis() {
        return stepScope == null || current == null ? 0 : scenarioMillis() - stepScope.startedAtMs;
    }

    private long scenarioMillis() {
        if (status == Status.READY) {
            return 0;
        }
        long now = status == Status.PAUSED ? pausedAtMs : lastNowMs;
        return now - startedAtMs - pausedTotalMs;
    }
}
