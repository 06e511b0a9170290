package ensemble.scenario.runtime;

import ensemble.scenario.BoundedRegex;
import ensemble.scenario.ScenarioLimits;
import ensemble.scenario.model.Condition;
import ensemble.scenario.model.Ref;

import java.util.Locale;
import java.util.Optional;

/** Which world events satisfy which event conditions. */
final class Events {

    private Events() {
    }

    static boolean isEvent(Condition c) {
        return Condition.isEvent(c);
    }

    /** Whether {@code event}, done by a participant of {@code role}, satisfies the event condition {@code c}. */
    static boolean matches(Condition c, WorldEvent event, String role) {
        if (c instanceof Condition.Grab g && event instanceof WorldEvent.Grabbed e) {
            return g.entity().id().equals(e.entityId()) && roleOk(g.role(), role);
        }
        if (c instanceof Condition.Release r && event instanceof WorldEvent.Released e) {
            return r.entity().id().equals(e.entityId()) && roleOk(r.role(), role);
        }
        if (c instanceof Condition.Use u && event instanceof WorldEvent.Used e) {
            return u.entity().id().equals(e.entityId()) && roleOk(u.role(), role)
                    && u.action().map(a -> a.equals(e.action())).orElse(true);
        }
        if (c instanceof Condition.EnterZone z && event instanceof WorldEvent.EnteredZone e) {
            return z.zone().id().equals(e.zoneId()) && roleOk(z.role(), role);
        }
        if (c instanceof Condition.LeaveZone z && event instanceof WorldEvent.LeftZone e) {
            return z.zone().id().equals(e.zoneId()) && roleOk(z.role(), role);
        }
        if (c instanceof Condition.Say s && event instanceof WorldEvent.Said e) {
            String text = e.text().length() > ScenarioLimits.MAX_SAID_CHARS
                    ? e.text().substring(0, ScenarioLimits.MAX_SAID_CHARS) : e.text();
            boolean contains = s.contains().map(w -> text.toLowerCase(Locale.ROOT).contains(w.toLowerCase(Locale.ROOT)))
                    .orElse(true);
            boolean matches = s.matches().map(p -> BoundedRegex.found(p, text)).orElse(true);
            return contains && matches && roleOk(s.role(), role);
        }
        return false;
    }

    static Optional<String> participantOf(WorldEvent event) {
        if (event instanceof WorldEvent.Grabbed e) {
            return Optional.of(e.participantId());
        } else if (event instanceof WorldEvent.Released e) {
            return Optional.of(e.participantId());
        } else if (event instanceof WorldEvent.Used e) {
            return Optional.of(e.participantId());
        } else if (event instanceof WorldEvent.EnteredZone e) {
            return Optional.of(e.participantId());
        } else if (event instanceof WorldEvent.LeftZone e) {
            return Optional.of(e.participantId());
        } else if (event instanceof WorldEvent.Said e) {
            return Optional.of(e.participantId());
        }
        return Optional.empty();
    }

    private static boolean roleOk(Optional<Ref> filter, String role) {
        return filter.map(r -> r.id().equals(role)).orElse(true);
    }
}
