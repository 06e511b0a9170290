package ensemble.server.http;

import ensemble.server.world.Scene;
import java.util.List;

/**
 * The scenarios a facilitator can start a session of, as the API sees them. The built-in
 * {@code test-room} is always offered by {@link SessionApi}; this adds the catalogue's.
 */
public interface ScenarioCatalogue {
    /** One catalogue entry for the "new session" form. */
    record Entry(String id, String title) {
    }

    /** The scene of scenario {@code id}, or null when the catalogue has no such scenario. */
    Scene scene(String id);

    List<Entry> entries();

    /** A catalogue with nothing in it (until the scenario runtime is wired in). */
    ScenarioCatalogue EMPTY = new ScenarioCatalogue() {
        @Override
        public Scene scene(String id) {
            return null;
        }

        @Override
        public List<Entry> entries() {
            return List.of();
        }
    };
}
