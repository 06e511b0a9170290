package ensemble.server.http;

import ensemble.server.session.SessionRegistry;
import java.time.Clock;

/**
 * The facilitator console as a whole: login, the sessions and control API, the live feed and
 * the page. {@code EnsembleServer} makes one and registers it on its HTTP routes.
 */
public final class Console {
    private final SessionRegistry registry;
    private final ScenarioCatalogue catalogue;
    private final ConsoleAuth auth;
    private final String password;
    private final boolean passwordGenerated;
    private final ConsoleFiles files = new ConsoleFiles();
    private final ApiGuard guard;

    /**
     * @param user     the facilitator's user name
     * @param password the facilitator's password; null generates one (see {@link #password()})
     * @param limits   the login backoff's settings among them
     */
    public Console(SessionRegistry registry, ScenarioCatalogue catalogue, String user, String password,
            ensemble.server.Limits limits) {
        this.registry = registry;
        this.catalogue = catalogue;
        this.passwordGenerated = password == null;
        this.password = password != null ? password : ConsoleAuth.generatePassword();
        this.auth = new ConsoleAuth(user, this.password, registry.context().signer(), Clock.systemUTC(),
                new LoginThrottle(limits, Clock.systemUTC()));
        auth.linkLive(token -> {
            ensemble.server.session.Session session = registry.find(token.sessionId());
            // A session no longer hosted here (ended, under review) keeps its members' read access.
            return session == null || (session.generation().equals(token.generation())
                    && !session.links().isRevoked(token.linkId()));
        });
        this.guard = new ApiGuard(auth);
    }

    /** The role check every console API route goes through; other parts of the API register behind it. */
    public ApiGuard guard() {
        return guard;
    }

    /** Adds the console's routes; {@code links} name the "host:port" clients join at and the certificate pin. */
    public void register(HttpRoutes routes, JoinLinks links) {
        new AuthApi(auth).register(routes);
        new SessionApi(registry, catalogue, links, guard).register(routes);
        new ControlApi(registry, guard, links).register(routes);
        files.register(routes);
        if (review != null) {
            new ensemble.server.record.ReviewApi(review, guard, links).register(routes);
        }
    }

    private ensemble.server.record.Review review;

    /** Adds the after-action review (recordings, reports, peer feedback, forks) on this node's store. */
    public void review(ensemble.server.node.NodeCoordinator node,
            java.util.function.Function<String, java.util.Optional<ensemble.scenario.model.Scenario>> scenarios) {
        this.review = new ensemble.server.record.Review(registry, node, scenarios);
    }

    /** The after-action review, or null when none was added. */
    public ensemble.server.record.Review review() {
        return review;
    }

    /** Stops what the console runs in the background (the review's recorder and pool). */
    public void close() {
        if (review != null) {
            review.close();
        }
    }

    /** The pipeline handler that upgrades live-feed requests to WebSockets. */
    public LiveFeedUpgrade liveFeed() {
        return new LiveFeedUpgrade(registry, auth);
    }

    /** The facilitator password in force (configured or generated). */
    public String password() {
        return password;
    }

    /** True when no password was configured and {@link #password()} was generated at start-up. */
    public boolean passwordGenerated() {
        return passwordGenerated;
    }
}
