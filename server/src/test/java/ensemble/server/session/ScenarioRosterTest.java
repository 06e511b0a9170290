package ensemble.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ensemble.proto.Protocol;
import ensemble.scenario.catalog.Catalog;
import ensemble.scenario.catalog.FolderLoad;
import ensemble.server.ServerConfig;
import ensemble.server.scenario.SceneBuilder;
import ensemble.v1.ChatSend;
import ensemble.v1.ClientKind;
import ensemble.v1.ClientMessage;
import ensemble.v1.FacilitatorCommand;
import ensemble.v1.Hello;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** Someone who joins before the scenario runs counts in their role from its first tick on. */
class ScenarioRosterTest {
    @Test
    void aRoleConditionHoldsForSomeoneWhoJoinedWhileTheSessionWaited() {
        var load = new Catalog().loadFolder(Path.of("../scenarios/catalog/office-fire-evacuation"));
        var scenario = assertInstanceOf(FolderLoad.Valid.class, load).scenario();
        ServerConfig config = ServerConfig.forTests(Path.of("target/unused"));
        SessionContext context = new SessionContext(config, new TokenSigner("secret-for-tests-0123456789abcdef-0123", Clock.systemUTC()),
                new SimpleMeterRegistry(), Clock.systemUTC(), () -> null);
        Session session = new Session("drill", SceneBuilder.from(scenario), context);
        session.bindScenario(new ScenarioDriver(session, scenario), false);

        Participant[] warden = new Participant[1];
        String token = context.signer().join("drill", session.generation(), "warden", TokenSigner.Kind.PARTICIPANT, 60);
        session.offer(new SessionCommand.Join(new EmbeddedChannel(), Hello.newBuilder().setProtocolVersion(Protocol.VERSION)
                .setClientKind(ClientKind.CLIENT_KIND_BOT).build(), context.signer().verifyJoin(token).value(),
                p -> warden[0] = p));
        session.tick();
        assertNotNull(warden[0]);

        // In one tick: the facilitator starts and jumps to the last step, and the warden reports.
        session.submit(s -> s.control(FacilitatorCommand.newBuilder().setKind(FacilitatorCommand.Kind.KIND_START).build(), "f"));
        session.submit(s -> s.control(FacilitatorCommand.newBuilder().setKind(FacilitatorCommand.Kind.KIND_GOTO_STEP)
                .setTarget("report-missing").build(), "f"));
        warden[0].offer(ClientMessage.newBuilder().setChat(ChatSend.newBuilder()
                .setText("Priya is missing, last seen at her desk")).build());
        session.tick();
        session.tick();
        assertEquals(Session.State.ENDED, session.state, "the warden's report counted: " + session.events().since(0));
    }
}
