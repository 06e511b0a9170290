package ensemble.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ensemble.server.store.ForgetReport;
import ensemble.server.store.RedisConnection;
import ensemble.server.store.RedisKeys;
import ensemble.server.store.RedisTarget;
import ensemble.server.store.SessionStore;
import ensemble.server.store.StoreSettings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ensemble privacy export|forget --participant ID}: one person's data in Redis, exported
 * as JSON or deleted. Works on standalone, Sentinel and Cluster Redis alike.
 */
@Command(name = "privacy", mixinStandardHelpOptions = true,
        description = "Export or delete one participant's data in Redis (sessions, events, resume tokens).",
        subcommands = {PrivacyCommand.Export.class, PrivacyCommand.Forget.class})
public final class PrivacyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "say what to do: export or forget");
    }

    /** Options both subcommands take. */
    abstract static class Target {
        @Spec
        CommandSpec spec;

        @Option(names = "--participant", required = true, description = "The participant's id.")
        String participant;

        @Option(names = "--redis", defaultValue = "${env:ENSEMBLE_REDIS_URL}",
                description = "Redis URL (env ENSEMBLE_REDIS_URL): redis://host:port, "
                        + "redis-sentinel://host:port,host:port/master or redis-cluster://host:port,host:port.")
        String redis;

        RedisConnection connect() {
            if (redis == null || redis.isBlank()) {
                throw new ParameterException(spec.commandLine(),
                        "no Redis to work on: give --redis URL or set ENSEMBLE_REDIS_URL");
            }
            try {
                RedisKeys.requireId("participant", participant);
                return RedisConnection.open(RedisTarget.parse(redis), RedisConnection.DEFAULT_TIMEOUT);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Print everything stored about the participant as JSON.")
    static final class Export extends Target implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            try (RedisConnection connection = connect()) {
                ObjectNode export = new SessionStore(connection, StoreSettings.defaults()).privacy()
                        .export(participant, System.currentTimeMillis());
                PrintWriter out = spec.commandLine().getOut();
                out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(export));
                out.flush();
                return 0;
            }
        }
    }

    @Command(name = "forget", mixinStandardHelpOptions = true,
            description = "Delete the participant's data: participant entries, resume tokens, events by or about "
                    + "them, checkpoints of ended sessions they were in.")
    static final class Forget extends Target implements Callable<Integer> {
        @picocli.CommandLine.Option(names = "--xapi-actor-key", defaultValue = "${env:ENSEMBLE_XAPI_ACTOR_KEY}",
                description = "The servers' xAPI actor key (env ENSEMBLE_XAPI_ACTOR_KEY): also delete the person's"
                        + " xAPI statements still waiting for the LRS.")
        String xapiActorKey;

        @Override
        public Integer call() {
            try (RedisConnection connection = connect()) {
                var privacy = new SessionStore(connection, StoreSettings.defaults()).privacy();
                ForgetReport report = privacy.forget(participant);
                PrintWriter out = spec.commandLine().getOut();
                out.printf("Forgot participant %s: %d session(s), %d event(s), %d checkpoint(s) and %d recording(s)"
                        + " deleted.%n", report.participantId(), report.sessions().size(), report.eventsDeleted(),
                        report.checkpointsDeleted(), report.recordingsDeleted());
                if (xapiActorKey != null && !xapiActorKey.isBlank()) {
                    long statements = privacy.forgetStatements(report.sessions(),
                            ensemble.server.xapi.Pseudonyms.participant(xapiActorKey, participant));
                    out.printf("%d xAPI statement(s) waiting for the LRS deleted.%n", statements);
                } else {
                    out.printf("xAPI statements waiting for the LRS were not checked: give --xapi-actor-key"
                            + " (or ENSEMBLE_XAPI_ACTOR_KEY).%n");
                }
                if (!report.liveSessions().isEmpty()) {
                    out.printf("Warning: still running: %s. A running session keeps the participant in memory and may"
                            + " write them again; remove them from it, or run this again after it ends.%n",
                            String.join(", ", report.liveSessions()));
                }
                out.flush();
                return 0;
            }
        }
    }
}
