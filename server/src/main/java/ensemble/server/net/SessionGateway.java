package ensemble.server.net;

import ensemble.server.ServerConfig;
import ensemble.server.session.Participant;
import ensemble.server.session.Session;
import ensemble.server.session.SessionCommand;
import ensemble.server.session.SessionRegistry;
import ensemble.server.session.TokenSigner;
import ensemble.v1.ErrorCode;
import ensemble.v1.Hello;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Admits verified connections to their session: checks the join or resume token (HMAC, on the
 * I/O thread: cheap and non-blocking), finds the session, and hands the request to its tick.
 * When the tick admits the participant it swaps the connection to the joined state.
 */
public final class SessionGateway implements Handshake {
    private final SessionRegistry registry;
    private final Duration idleTimeout;
    private final SessionLocator locator;
    /** Hellos per peer address: a flood from one address is refused before any token is checked. */
    private final RateBuckets perAddress;
    /** Joins per link and resumes per participant: one leaked link cannot be hammered from many addresses. */
    private final RateBuckets perToken;

    public SessionGateway(SessionRegistry registry, Duration idleTimeout, SessionLocator locator) {
        this.registry = registry;
        this.idleTimeout = idleTimeout;
        this.locator = locator;
        ServerConfig.JoinLimits limits = registry.context().config().joinLimits();
        this.perAddress = new RateBuckets(limits.handshakeBurstPerIp(), limits.handshakesPerSecondPerIp(), System::nanoTime);
        this.perToken = new RateBuckets(limits.joinBurstPerLink(), limits.joinsPerSecondPerLink(), System::nanoTime);
    }

    @Override
    public void admit(Channel channel, Hello hello) {
        String address = channel.remoteAddress() instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(channel.remoteAddress());
        if (!perAddress.take(address)) {
            Replies.fail(channel, ErrorCode.ERROR_CODE_RATE_LIMITED, "too many handshakes from " + address + "; try again shortly");
            return;
        }
        TokenSigner signer = registry.context().signer();
        if (!hello.getResumeToken().isEmpty()) {
            TokenSigner.Verified<TokenSigner.ResumeToken> resume = signer.verifyResume(hello.getResumeToken());
            if (!resume.isOk()) {
                Replies.fail(channel, resume.error(), resume.reason());
                return;
            }
            if (!perToken.take("participant:" + resume.value().participantId())) {
                Replies.fail(channel, ErrorCode.ERROR_CODE_RATE_LIMITED, "too many resumes of this participant; try again shortly");
                return;
            }
            Session session = registry.find(resume.value().sessionId());
            if (session == null) {
                notHere(channel, resume.value().sessionId());
                return;
            }
            offer(channel, session, new SessionCommand.Resume(channel, hello, resume.value(),
                    participant -> joined(channel, session, participant)));
            return;
        }
        TokenSigner.Verified<TokenSigner.JoinToken> join = signer.verifyJoin(hello.getJoinToken());
        if (!join.isOk()) {
            Replies.fail(channel, join.error(), join.reason());
            return;
        }
        if (!perToken.take("link:" + join.value().linkId())) {
            Replies.fail(channel, ErrorCode.ERROR_CODE_RATE_LIMITED, "too many joins with this link; try again shortly");
            return;
        }
        Session session = registry.find(join.value().sessionId());
        if (session == null) {
            notHere(channel, join.value().sessionId());
            return;
        }
        offer(channel, session, new SessionCommand.Join(channel, hello, join.value(),
                participant -> joined(channel, session, participant)));
    }

    /** The session is not hosted here: redirect to its node, ask to retry during a move, or refuse. */
    private void notHere(Channel channel, String sessionId) {
        locator.locate(sessionId, channel.eventLoop(), answer -> {
            switch (answer.where()) {
                case ELSEWHERE -> Replies.redirect(channel, sessionId, answer.endpoint());
                case MOVING -> Replies.fail(channel, ErrorCode.ERROR_CODE_TRY_AGAIN,
                        "session " + sessionId + " is moving to another node; try again in a moment");
                default -> Replies.fail(channel, ErrorCode.ERROR_CODE_SESSION_NOT_FOUND,
                        "no session " + sessionId + " on this deployment");
            }
        });
    }

    private static void offer(Channel channel, Session session, SessionCommand command) {
        if (!session.offer(command)) {
            Replies.fail(channel, ErrorCode.ERROR_CODE_RATE_LIMITED, "the session is busy; try again shortly");
        }
    }

    /** Runs on the tick thread once admitted: the connection leaves the handshake state. */
    private void joined(Channel channel, Session session, Participant participant) {
        channel.pipeline().replace(HandshakeHandler.NAME, JoinedHandler.NAME,
                new JoinedHandler(session, participant, idleTimeout));
    }
}
