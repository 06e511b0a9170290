package ensemble.scenario.simulate;

import ensemble.scenario.BoundedRegex;
import ensemble.scenario.ScenarioLimits;
import ensemble.scenario.model.Box;
import ensemble.scenario.model.Condition;
import ensemble.scenario.model.Ref;
import ensemble.scenario.model.Role;
import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.Vec3;
import ensemble.scenario.model.Zone;
import ensemble.scenario.runtime.WorldEvent;
import ensemble.scenario.runtime.WorldView;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Makes simulated participants do what a condition asks: walk to things and grab or use them, walk
 * into and out of zones, say the words. Events go to {@code events}; {@code settle} ticks the world
 * so that the runtime sees positions change (zone entry is derived from positions).
 */
final class Performer {

    private final Scenario s;
    private final SimWorld world;
    private final Consumer<WorldEvent> events;
    private final Runnable settle;

    Performer(Scenario s, SimWorld world, Consumer<WorldEvent> events, Runnable settle) {
        this.s = s;
        this.world = world;
        this.events = events;
        this.settle = settle;
    }

    /** Events first, then placements, so that walking to a thing does not undo standing in a zone. */
    void perform(List<Condition> leaves) {
        leaves.stream().filter(c -> !(c instanceof Condition.InZone || c instanceof Condition.Near)).forEach(this::act);
        leaves.stream().filter(c -> c instanceof Condition.InZone || c instanceof Condition.Near).forEach(this::act);
    }

    private void act(Condition c) {
        if (c instanceof Condition.Count count) {
            for (int i = 0; i < count.atLeast(); i++) {
                act(count.of());
            }
        } else if (c instanceof Condition.Grab g) {
            someone(g.role()).ifPresent(p -> grab(p, g.entity().id()));
        } else if (c instanceof Condition.Release r) {
            someone(r.role()).ifPresent(p -> {
                grab(p, r.entity().id());
                world.drop(r.entity().id());
                events.accept(new WorldEvent.Released(p.id(), r.entity().id()));
            });
        } else if (c instanceof Condition.Use u) {
            someone(u.role()).ifPresent(p -> {
                walkTo(p, u.entity().id());
                events.accept(new WorldEvent.Used(p.id(), u.entity().id(), u.action().orElse("")));
            });
        } else if (c instanceof Condition.EnterZone e) {
            someone(e.role()).ifPresent(p -> {
                world.moveTo(p.id(), outside(p, e.zone().id()));
                settle.run();
                world.moveTo(p.id(), inside(e.zone().id()));
                settle.run();
            });
        } else if (c instanceof Condition.LeaveZone l) {
            someone(l.role()).ifPresent(p -> {
                world.moveTo(p.id(), inside(l.zone().id()));
                settle.run();
                world.moveTo(p.id(), outside(p, l.zone().id()));
                settle.run();
            });
        } else if (c instanceof Condition.InZone in) {
            List<WorldView.Participant> who = world.ofRole(in.role().map(Ref::id));
            int n = in.everyone() ? who.size() : Math.min(who.size(), in.min());
            who.stream().limit(n).forEach(p -> world.moveTo(p.id(), inside(in.zone().id())));
        } else if (c instanceof Condition.Say say) {
            someone(say.role()).ifPresent(p -> sentence(say).ifPresent(text -> events.accept(new WorldEvent.Said(p.id(), text))));
        } else if (c instanceof Condition.Near near) {
            near(near);
        }
    }

    private Optional<WorldView.Participant> someone(Optional<Ref> role) {
        return world.ofRole(role.map(Ref::id)).stream().findFirst();
    }

    private void grab(WorldView.Participant p, String entity) {
        walkTo(p, entity);
        world.hold(entity, p.id());
        events.accept(new WorldEvent.Grabbed(p.id(), entity));
    }

    private void walkTo(WorldView.Participant p, String entity) {
        world.entityPosition(entity).ifPresent(at -> world.moveTo(p.id(), at.plus(new Vec3(0.3, 0, 0))));
    }

    private void near(Condition.Near near) {
        Optional<Vec3> target = position(near.to(), Optional.empty());
        if (target.isEmpty()) {
            return;
        }
        Vec3 spot = target.get().plus(new Vec3(near.within() * 0.4, 0, 0));
        if (near.who() instanceof Condition.Target.Thing thing) {
            Optional<WorldView.Participant> carrier = someone(Optional.empty());
            carrier.ifPresent(p -> {
                grab(p, thing.entity().id());
                world.moveTo(p.id(), spot);
            });
            return;
        }
        Optional<String> role = near.who() instanceof Condition.Target.OfRole r ? Optional.of(r.role().id()) : Optional.empty();
        Optional<String> exclude = near.to() instanceof Condition.Target.Thing ? Optional.empty()
                : world.participants().stream().filter(p -> p.head().equals(target.get())).map(WorldView.Participant::id).findFirst();
        world.ofRole(role).stream().filter(p -> exclude.map(x -> !x.equals(p.id())).orElse(true)).findFirst()
                .ifPresent(p -> world.moveTo(p.id(), spot));
    }

    private Optional<Vec3> position(Condition.Target t, Optional<String> notThisOne) {
        if (t instanceof Condition.Target.Thing thing) {
            return world.entityPosition(thing.entity().id());
        }
        Optional<String> role = t instanceof Condition.Target.OfRole r ? Optional.of(r.role().id()) : Optional.empty();
        return world.ofRole(role).stream().map(WorldView.Participant::head).findFirst();
    }

    /** A point of the zone at head height (so the runtime's head test sees it). */
    private Vec3 inside(String zoneId) {
        Zone z = s.zone(zoneId).orElseThrow();
        Box box = z.shape().boundingBox();
        double lo = Math.max(box.min().y(), ScenarioLimits.HEAD_MIN_Y);
        double hi = Math.min(box.max().y(), ScenarioLimits.HEAD_MAX_Y);
        Vec3 c = z.shape().center();
        double y = Math.max(lo, Math.min(hi, ScenarioLimits.SIM_HEAD_Y));
        Vec3 p = new Vec3(c.x(), y, c.z());
        return z.contains(p) ? p : c;
    }

    /** The participant's spawn point, or a corner of the scene when the spawn is inside the zone. */
    private Vec3 outside(WorldView.Participant p, String zoneId) {
        Zone z = s.zone(zoneId).orElseThrow();
        Role role = s.role(p.role()).orElseThrow();
        Vec3 spawn = role.spawn().plus(new Vec3(0, ScenarioLimits.SIM_HEAD_Y, 0));
        if (!z.contains(spawn)) {
            return spawn;
        }
        Box b = s.environment().bounds();
        for (Vec3 corner : List.of(b.min(), b.max(), new Vec3(b.min().x(), 0, b.max().z()), new Vec3(b.max().x(), 0, b.min().z()))) {
            Vec3 candidate = new Vec3(corner.x(), ScenarioLimits.SIM_HEAD_Y, corner.z());
            if (!z.contains(candidate)) {
                return candidate;
            }
        }
        return spawn;
    }

    /** Words that satisfy the say condition, or empty when the simulator cannot make them up. */
    static Optional<String> sentence(Condition.Say say) {
        if (say.example().isPresent()) {
            return say.example();
        }
        String text = say.contains().orElse("");
        if (say.matches().isEmpty()) {
            return Optional.of(text);
        }
        Pattern p = say.matches().get();
        String guess = p.pattern().replaceAll("\\(\\?[a-z]+\\)", "").replaceAll("\\\\b", "").split("\\|")[0]
                .replaceAll("[\\^$()\\[\\]?*+{}\\\\]", "");
        String candidate = (text + " " + guess).strip();
        return BoundedRegex.found(p, candidate) ? Optional.of(candidate) : Optional.empty();
    }
}
