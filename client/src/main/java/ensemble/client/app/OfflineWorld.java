package ensemble.client.app;

import ensemble.v1.SessionStatus;

/**
 * A world the client shows without a server: the benchmark's walkers or a recorded session. It
 * describes the scene once ({@link #status()}) and supplies poses every frame like the network
 * does. Render thread only.
 */
public interface OfflineWorld extends PoseFeed {
    /** The session status a server would send: layout, entities, participants. */
    SessionStatus status();
}
