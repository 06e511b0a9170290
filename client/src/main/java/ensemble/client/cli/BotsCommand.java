package ensemble.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ensemble.client.app.JoinLink;
import ensemble.client.bot.BotSwarm;
import ensemble.client.bot.BotWatch;
import ensemble.client.bot.ResumeFile;
import ensemble.client.bot.RolePlan;
import ensemble.client.net.ConnectionOptions;
import ensemble.client.net.JoinTokens;
import ensemble.client.net.ServerTrust;
import ensemble.client.net.SessionLocator;
import ensemble.v1.ClientKind;
import ensemble.v1.ErrorCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ensemble bots}: headless bots that join a session and behave like a team. They spread
 * over the roles that have room ({@link RolePlan}), print a status line while they run, keep their
 * identities in a resume file across runs when asked, and leave cleanly otherwise. Every expected
 * failure ends in one {@code error:} line and a non-zero exit, never a stack trace.
 */
@Command(name = "bots", mixinStandardHelpOptions = true,
        description = "Start headless bots in a session; each walks, looks around, grabs and carries things, and chats.")
public final class BotsCommand implements Callable<Integer> {
    @Option(names = "--server", description = "Server control endpoint HOST:PORT (default: the one of --join).")
    String server;

    @Option(names = "--session", description = "Session id (default: the one of --join).")
    String session;

    @Option(names = "--count", defaultValue = "4", description = "Number of bots (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seconds", defaultValue = "0", description = "Run this long, then print a summary and leave (0 = until Ctrl-C).")
    int seconds;

    @Option(names = "--role", description = "Fill this role first (default: spread over every role with room).")
    String role;

    @Option(names = "--token", split = ",", description = "Join tokens, one per role to use (comma-separated); bots try them"
            + " in turn and move on when a role is full. Without any, tokens come from the API.")
    List<String> tokens = new ArrayList<>();

    @Option(names = "--join", split = ",", description = "Join links from the console (ensemble://HOST:PORT/sessions/ID?token=T),"
            + " used like --token.")
    List<String> links = new ArrayList<>();

    @Option(names = "--api", description = "Server HTTP API base URL (default https://HOST:8080).")
    String api;

    @Mixin
    TrustOptions tls = new TrustOptions();

    @Option(names = "--user", defaultValue = "${env:ENSEMBLE_CONSOLE_USER:-facilitator}",
            description = "Facilitator user for the API (env ENSEMBLE_CONSOLE_USER, default ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--password", defaultValue = "${env:ENSEMBLE_CONSOLE_PASSWORD}",
            description = "Facilitator password for the API (env ENSEMBLE_CONSOLE_PASSWORD): with it, bots read the"
                    + " roles' free places, get tokens for any role and pick names nobody uses.")
    String password;

    @Option(names = "--password-file", defaultValue = "${env:ENSEMBLE_CONSOLE_PASSWORD_FILE:-.ensemble/console-password}",
            description = "File holding the facilitator password, read when no --password is given (env "
                    + "ENSEMBLE_CONSOLE_PASSWORD_FILE, default ${DEFAULT-VALUE}: what a local `serve` writes).")
    Path passwordFile;

    @Option(names = "--bootstrap", split = ",", paramLabel = "HOST:PORT",
            description = "Well-known addresses of the deployment (e.g. a Kubernetes Service) to ask for the session"
                    + " when a bot loses its node, besides the nodes it learned; comma-separated.")
    List<String> bootstrap = new ArrayList<>();

    @Option(names = "--resume-file", paramLabel = "FILE",
            description = "Keep the bots' identities in FILE: a later run with the same file resumes the same"
                    + " participants (names, roles, held objects) instead of joining new ones.")
    Path resumeFile;

    @Option(names = "--status-every", defaultValue = "5", paramLabel = "SECONDS",
            description = "Print a status line this often: connected, node, snapshots/s, last gap (0 = never; default ${DEFAULT-VALUE}).")
    int statusEvery;

    @Option(names = "--log-events", description = "Print a failover timeline: disconnect, lookup, redirect, resumed, with times.")
    boolean logEvents;

    @Option(names = "--input-rate", defaultValue = "60", description = "Inputs per second per bot (default ${DEFAULT-VALUE}).")
    int inputRate;

    @Option(names = "--tcp-only", description = "Do not use the UDP state channel.")
    boolean tcpOnly;

    @Option(names = "--loss", defaultValue = "0", description = "Drop this share of state datagrams on purpose (0..0.5).")
    double loss;

    @Option(names = "--quiet", description = "Bots do not chat.")
    boolean quiet;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    /** An expected failure: printed as one {@code error:} line. */
    static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        Refusal(int exitCode, String message) {
            super(message, null, false, false);
            this.exitCode = exitCode;
        }
    }

    @Override
    public Integer call() throws Exception {
        try {
            return run();
        } catch (Refusal e) {
            System.err.println("error: " + e.getMessage());
            return e.exitCode;
        }
    }

    private int run() throws Exception {
        List<String> joinTokens = new ArrayList<>(tokens);
        String linkPin = null;
        for (String link : links) {
            JoinLink parsed;
            try {
                parsed = JoinLink.parse(link);
            } catch (IllegalArgumentException e) {
                throw new Refusal(2, e.getMessage());
            }
            server = server != null ? server : parsed.server();
            session = session != null ? session : parsed.session();
            joinTokens.add(parsed.token());
            linkPin = linkPin != null ? linkPin : parsed.pin();
        }
        if (server == null || session == null) {
            throw new Refusal(2, "give --server and --session, or a --join link");
        }
        if (count < 1 || count > 256) {
            throw new Refusal(2, "--count must be 1..256, was " + count);
        }
        ServerTrust trust;
        ConnectionOptions template;
        try {
            trust = tls.pin() == null && linkPin != null ? ServerTrust.of(tls.noTls(), linkPin, tls.tlsCa()) : tls.trust();
            SessionLocator.requireAddresses(List.of(server));
            SessionLocator.requireAddresses(bootstrap);
            int colon = server.lastIndexOf(':');
            template = ConnectionOptions.of(server.substring(0, colon), Integer.parseInt(server.substring(colon + 1)),
                    "", "bot", ClientKind.CLIENT_KIND_BOT).withUdp(!tcpOnly).withLoss(loss).withInputRate(inputRate)
                    .withBootstrap(bootstrap).withTrust(trust);
        } catch (IllegalArgumentException e) {
            throw new Refusal(2, e.getMessage());
        }
        String apiBase = api != null ? api : trust.httpScheme() + "://" + template.host() + ":8080";
        try {
            password = JoinTokens.password(password, passwordFile);
        } catch (java.io.IOException e) {
            throw new Refusal(2, "cannot read --password-file " + passwordFile + ": " + e.getMessage());
        }
        boolean hasApi = password != null && !password.isBlank();
        if (joinTokens.isEmpty() && !hasApi) {
            throw new Refusal(2, "the bots need a join token: give --token or --join (the console shows them), or the"
                    + " facilitator's --password-file (or --password, ENSEMBLE_CONSOLE_PASSWORD) to get tokens from the API");
        }
        List<ResumeFile.Identity> saved;
        try {
            saved = resumeFile == null ? List.of() : ResumeFile.read(resumeFile, session);
        } catch (IllegalArgumentException e) {
            throw new Refusal(2, e.getMessage());
        }

        BotWatch watch = new BotWatch(System.err, logEvents);
        BotSwarm swarm = new BotSwarm(Math.min(4, Math.max(1, count / 16 + 1)));
        AtomicBoolean finished = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Runnable finish = () -> {
            if (finished.compareAndSet(false, true)) {
                leave(swarm);
                done.countDown();
            }
        };
        try {
            List<String> resumedNames = resume(swarm, saved, template, watch);
            int more = count - resumedNames.size();
            if (more > 0) {
                joinMore(swarm, more, joinTokens, hasApi, apiBase, resumedNames, template, watch);
            }
        } catch (Refusal e) {
            finish.run();
            throw e;
        }
        System.err.printf("%d bots in session %s (%s)%n", swarm.members().size(), session, roles(swarm));
        Thread hook = new Thread(() -> {
            finish.run();
            print(swarm.summary());
        });
        Runtime.getRuntime().addShutdownHook(hook);
        long until = seconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) : Long.MAX_VALUE;
        long every = TimeUnit.SECONDS.toNanos(statusEvery);
        long nextStatus = System.nanoTime() + every;
        long nextSave = System.nanoTime();
        ResumeFile written = null;
        while (System.nanoTime() < until && !done.await(Math.min(250, Math.max(1, (until - System.nanoTime()) / 1_000_000)),
                TimeUnit.MILLISECONDS)) {
            long now = System.nanoTime();
            if (statusEvery > 0 && now >= nextStatus) {
                System.err.println(watch.statusLine(swarm.members()));
                nextStatus = now + every;
            }
            if (resumeFile != null && now >= nextSave) {
                written = save(swarm, written);
                nextSave = now + TimeUnit.SECONDS.toNanos(1);
            }
        }
        try {
            if (Runtime.getRuntime().removeShutdownHook(hook)) {
                finish.run();
                print(swarm.summary());
            }
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook leaves and prints the summary
        }
        return 0;
    }

    /** Resumes the identities of an earlier run (up to --count); the names of those that came back. */
    private List<String> resume(BotSwarm swarm, List<ResumeFile.Identity> saved, ConnectionOptions template, BotWatch watch)
            throws InterruptedException {
        List<String> names = new ArrayList<>();
        for (ResumeFile.Identity identity : saved) {
            if (names.size() == count) {
                break;
            }
            try {
                swarm.resume(identity, template, !quiet, seed + names.size(), watch.watch(identity.name()));
                names.add(identity.name());
            } catch (BotSwarm.JoinFailed e) {
                System.err.printf("%s: not resumed (%s); a new bot joins instead%n", identity.name(), e.getMessage());
            }
        }
        if (!names.isEmpty()) {
            System.err.printf("%d bots resumed from %s: %s%n", names.size(), resumeFile, String.join(", ", names));
        }
        return names;
    }

    /** Joins {@code more} new bots, spread over the roles with room. */
    private void joinMore(BotSwarm swarm, int more, List<String> given, boolean hasApi, String apiBase,
            List<String> resumedNames, ConnectionOptions template, BotWatch watch) throws Refusal, InterruptedException {
        Set<String> taken = new HashSet<>(resumedNames);
        List<List<String>> perBot = new ArrayList<>();
        if (hasApi && !given.isEmpty()) {
            // Tokens were given: the API only adds role spreading and free names, so a password that does not work
            // (e.g. a stale default password file) must not stop bots that can join with the tokens alone.
            try {
                JoinTokens.session(template.trust(), apiBase, session, user, password);
            } catch (Exception e) {
                System.err.println("warning: cannot read session " + session + " from the API at " + apiBase + " ("
                        + e.getMessage() + "); joining with the given tokens only");
                hasApi = false;
            }
        }
        if (hasApi) {
            JsonNode detail;
            Map<String, String> roleTokens = new LinkedHashMap<>();
            List<String> plan;
            try {
                detail = JoinTokens.session(template.trust(), apiBase, session, user, password);
                detail.path("participants").forEach(p -> taken.add(p.path("name").asText()));
                RolePlan.Outcome outcome = RolePlan.spread(roles(detail), role, given.isEmpty() ? more : 0);
                if (outcome instanceof RolePlan.Refused refused) {
                    throw new Refusal(1, refused.reason());
                }
                plan = ((RolePlan.Planned) outcome).roles();
                for (JsonNode r : detail.path("roles")) {
                    String id = r.path("id").asText();
                    roleTokens.put(id, JoinTokens.request(template.trust(), apiBase, session, id, user, password));
                }
            } catch (Refusal e) {
                throw e;
            } catch (Exception e) {
                throw new Refusal(1, "cannot read session " + session + " from the API at " + apiBase + ": " + e.getMessage());
            }
            for (int i = 0; i < more; i++) {
                // Given tokens first (a role's link fills that role), then the planned role, then any other.
                List<String> order = new ArrayList<>(given);
                if (i < plan.size()) {
                    order.add(roleTokens.get(plan.get(i)));
                }
                roleTokens.values().stream().filter(t -> !order.contains(t)).forEach(order::add);
                perBot.add(order);
            }
        } else {
            for (int i = 0; i < more; i++) {
                // Spread: bot i starts with token i (mod n) and moves on when that role is full.
                List<String> order = new ArrayList<>();
                for (int j = 0; j < given.size(); j++) {
                    order.add(given.get((i + j) % given.size()));
                }
                perBot.add(order);
            }
        }
        List<String> names = RolePlan.names(taken, more);
        for (int i = 0; i < more; i++) {
            try {
                swarm.join(names.get(i), perBot.get(i), template, !quiet, seed + resumedNames.size() + i,
                        watch.watch(names.get(i)));
            } catch (BotSwarm.JoinFailed e) {
                String hint = e.code() == ErrorCode.ERROR_CODE_ROLE_FULL && !hasApi
                        ? "; to fill other roles give a --token for each role (the console's command does) or the"
                                + " facilitator's --password"
                        : "";
                throw new Refusal(1, e.getMessage() + ": " + (resumedNames.size() + i) + " of " + count
                        + " bots joined, and they leave again" + hint);
            }
        }
    }

    private static List<RolePlan.Role> roles(JsonNode detail) {
        Map<String, Integer> inRole = new LinkedHashMap<>();
        detail.path("participants").forEach(p -> inRole.merge(p.path("role").asText(), 1, Integer::sum));
        List<RolePlan.Role> roles = new ArrayList<>();
        for (JsonNode r : detail.path("roles")) {
            String id = r.path("id").asText();
            roles.add(new RolePlan.Role(id, r.path("max").asInt(Integer.MAX_VALUE), inRole.getOrDefault(id, 0)));
        }
        return roles;
    }

    private static String roles(BotSwarm swarm) {
        Map<String, Integer> byRole = new LinkedHashMap<>();
        for (BotSwarm.Member m : swarm.members()) {
            byRole.merge(m.connection().welcome().getRole(), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        byRole.forEach((r, n) -> parts.add(n + " " + r));
        return String.join(", ", parts);
    }

    /** Writes the resume file when the identities changed; returns what is on disk now. */
    private ResumeFile save(BotSwarm swarm, ResumeFile written) {
        ResumeFile now = swarm.identities(session);
        if (!now.equals(written)) {
            now.write(resumeFile);
        }
        return now;
    }

    /**
     * With a resume file the bots keep their places for the next run (the file is written last);
     * without one they say goodbye, so that no participant stays behind holding objects.
     */
    private void leave(BotSwarm swarm) {
        if (resumeFile != null) {
            save(swarm, null);
            swarm.closeKeepingIdentities();
        } else {
            swarm.close();
        }
    }

    private void print(Map<String, Object> summary) {
        if (json) {
            try {
                System.out.println(new ObjectMapper().writeValueAsString(summary));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        System.out.println("bots summary");
        summary.forEach((k, v) -> System.out.printf("  %-26s %s%n", k, v));
    }
}
