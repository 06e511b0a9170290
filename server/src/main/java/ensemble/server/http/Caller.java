package ensemble.server.http;

import ensemble.server.session.TokenSigner;

/** Who made an API request, as {@link ConsoleAuth} established it. */
public sealed interface Caller {
    /** The name written to a session's event log as the actor of what this caller does. */
    String actor();

    /** A logged-in facilitator: may do everything the API offers. */
    record Facilitator(String user) implements Caller {
        @Override
        public String actor() {
            return "facilitator:" + user;
        }
    }

    /**
     * Someone holding a join token (a trainee, a spectator, a bot): may read the session the token
     * is for and nothing else.
     */
    record Participant(String sessionId, String role, TokenSigner.Kind kind) implements Caller {
        @Override
        public String actor() {
            return "participant:" + role;
        }
    }
}
