package ensemble.scenario.runtime;

/**
 * Something that happened in the shared world, fed to {@link ScenarioRuntime#handle}. Zone entry and
 * exit need not be fed: the runtime derives them from head positions on every tick (feeding them
 * too is harmless, the same zone entry just counts once more).
 */
public sealed interface WorldEvent {

    record Grabbed(String participantId, String entityId) implements WorldEvent {
    }

    record Released(String participantId, String entityId) implements WorldEvent {
    }

    /** {@code action} names the use ("press", "spray"); empty for a plain use. */
    record Used(String participantId, String entityId, String action) implements WorldEvent {
    }

    record EnteredZone(String participantId, String zoneId) implements WorldEvent {
    }

    record LeftZone(String participantId, String zoneId) implements WorldEvent {
    }

    /** A chat line (or speech transcript) the participant said. */
    record Said(String participantId, String text) implements WorldEvent {
    }

    record Joined(String participantId, String role) implements WorldEvent {
    }

    record Left(String participantId) implements WorldEvent {
    }

    /** A facilitator fired a trigger by hand; {@code by} names them for the event log. */
    record Injected(String triggerId, String by) implements WorldEvent {
    }
}
