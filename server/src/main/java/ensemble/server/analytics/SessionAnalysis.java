package ensemble.server.analytics;

import ensemble.server.store.EventRecord;
import ensemble.server.store.StoredEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes a session's {@link SessionAnalytics} from its event history (the Redis stream, oldest
 * first) and the proximity the sampler measured. A pure function of its inputs: the same history
 * always gives the same analytics, whichever node computes them.
 *
 * <p>How interactions are recognised:
 * <ul>
 *   <li>a <b>hand-off</b>: someone releases an entity and another person grabs the same entity
 *       within {@link #HANDOFF_WINDOW_MILLIS};</li>
 *   <li>a <b>chat reply</b>: a line addressed to someone ({@code to}), or else a line within
 *       {@link #REPLY_WINDOW_MILLIS} of another person's line;</li>
 *   <li><b>proximity</b>: heads within {@link ProximitySampler#NEAR_METRES}, as sampled live.</li>
 * </ul>
 * Errors are penalties (scores below zero) and steps that timed out.
 */
public final class SessionAnalysis {
    /** Longest gap between a release and the other person's grab that still counts as a hand-off. */
    public static final long HANDOFF_WINDOW_MILLIS = 10_000;
    /** Longest gap between two people's chat lines that makes the second a reply to the first. */
    public static final long REPLY_WINDOW_MILLIS = 20_000;

    private SessionAnalysis() {
    }

    private static final class Person {
        final String id;
        final String name;
        final String role;
        int actions;
        int chat;
        int handoffs;
        int points;
        int errors;

        Person(String id, String name, String role) {
            this.id = id;
            this.name = name;
            this.role = role;
        }
    }

    private static final class OpenRun {
        final String step;
        final String title;
        final int attempt;
        final long startedAt;
        int errors;
        int points;

        OpenRun(String step, String title, int attempt, long startedAt) {
            this.step = step;
            this.title = title;
            this.attempt = attempt;
            this.startedAt = startedAt;
        }

        SessionAnalytics.StepRun close(long at, String outcome) {
            return new SessionAnalytics.StepRun(step, title, attempt, startedAt, at, outcome, errors, points);
        }
    }

    private record Release(String by, long at) {
    }

    public static SessionAnalytics analyse(String sessionId, String scenarioId, List<StoredEvent> history,
            Proximity proximity) {
        Map<String, Person> people = new LinkedHashMap<>();
        InteractionNetwork network = new InteractionNetwork();
        List<SessionAnalytics.StepRun> runs = new ArrayList<>();
        Map<String, Integer> attempts = new HashMap<>();
        Map<String, Release> lastRelease = new HashMap<>();
        OpenRun open = null;
        String lastSpeaker = null;
        long lastChatAt = Long.MIN_VALUE;
        long startedAt = history.isEmpty() ? 0 : history.get(0).event().wallMillis();
        long endedAt = history.isEmpty() ? 0 : history.get(history.size() - 1).event().wallMillis();
        boolean started = false;
        String outcome = "";
        int teamPoints = 0;

        for (StoredEvent stored : history) {
            EventRecord e = stored.event();
            String actor = e.actor();
            Map<String, String> d = e.data();
            Person person = actor == null ? null : people.get(actor);
            switch (e.type()) {
                case "join" -> {
                    if (actor != null && !"SPECTATOR".equals(d.get("kind")) && !people.containsKey(actor)) {
                        people.put(actor, new Person(actor, d.getOrDefault("name", actor), d.getOrDefault("role", "")));
                        network.addNode(actor);
                    }
                }
                case "grab", "release", "use" -> {
                    if (person != null) {
                        person.actions++;
                        handOff(e, person, people, lastRelease, network);
                    }
                }
                case "chat" -> {
                    if (person != null) {
                        person.chat++;
                        String to = d.get("to");
                        if (to != null && people.containsKey(to)) {
                            network.reply(actor, to);
                        } else if (lastSpeaker != null && !lastSpeaker.equals(actor)
                                && e.wallMillis() - lastChatAt <= REPLY_WINDOW_MILLIS) {
                            network.reply(actor, lastSpeaker);
                        }
                        lastSpeaker = actor;
                        lastChatAt = e.wallMillis();
                    }
                }
                case "step_started" -> {
                    if (!started) {
                        started = true;
                        startedAt = e.wallMillis();
                    }
                    if (open != null) {
                        runs.add(open.close(e.wallMillis(), "left"));
                    }
                    String step = d.getOrDefault("step", "");
                    open = new OpenRun(step, d.getOrDefault("title", step), attempts.merge(step, 1, Integer::sum),
                            e.wallMillis());
                }
                case "step_completed" -> {
                    if (open != null) {
                        runs.add(open.close(e.wallMillis(), d.getOrDefault("outcome", "completed")));
                        open = null;
                    }
                }
                case "step_timed_out" -> {
                    if (open != null) {
                        open.errors++;
                        runs.add(open.close(e.wallMillis(), "timed_out"));
                        open = null;
                    }
                }
                case "score" -> {
                    int points = parseInt(d.get("points"));
                    teamPoints += points;
                    Person scored = people.get(d.getOrDefault("participant", ""));
                    if (scored != null) {
                        scored.points += points;
                    }
                    if (open != null) {
                        open.points += points;
                    }
                    if (points < 0) {
                        if (open != null) {
                            open.errors++;
                        }
                        if (scored != null) {
                            scored.errors++;
                        }
                    }
                }
                case "ended" -> {
                    outcome = d.getOrDefault("outcome", "ended");
                    endedAt = e.wallMillis();
                    if (open != null) {
                        runs.add(open.close(e.wallMillis(), "ended"));
                        open = null;
                    }
                }
                default -> { }
            }
        }
        if (open != null) {
            runs.add(open.close(endedAt, "running"));
        }
        proximity.pairMillis().forEach((pair, millis) -> {
            int cut = pair.indexOf(' ');
            if (cut > 0 && people.containsKey(pair.substring(0, cut)) && people.containsKey(pair.substring(cut + 1))) {
                network.near(pair.substring(0, cut), pair.substring(cut + 1), millis);
            }
        });
        List<SessionAnalytics.Contribution> contributions = new ArrayList<>();
        for (Person p : people.values()) {
            contributions.add(new SessionAnalytics.Contribution(p.id, p.name, p.role, p.actions, p.chat, p.handoffs,
                    proximity.personMillis().getOrDefault(p.id, 0L), p.points, p.errors));
        }
        return new SessionAnalytics(sessionId, scenarioId, startedAt, endedAt, outcome, teamPoints, runs, contributions,
                evenness(contributions), network);
    }

    private static void handOff(EventRecord e, Person person, Map<String, Person> people,
            Map<String, Release> lastRelease, InteractionNetwork network) {
        String entity = e.data().get("entity");
        if (entity == null) {
            return;
        }
        if (e.type().equals("release")) {
            lastRelease.put(entity, new Release(person.id, e.wallMillis()));
        } else if (e.type().equals("grab")) {
            Release before = lastRelease.remove(entity);
            if (before != null && !before.by().equals(person.id)
                    && e.wallMillis() - before.at() <= HANDOFF_WINDOW_MILLIS) {
                network.handoff(before.by(), person.id);
                Person giver = people.get(before.by());
                if (giver != null) {
                    giver.handoffs++;
                }
            }
        }
    }

    /** Pielou's evenness of actions plus chat lines across participants. */
    static double evenness(List<SessionAnalytics.Contribution> contributions) {
        int n = contributions.size();
        double total = contributions.stream().mapToDouble(c -> c.actions() + c.chatLines()).sum();
        if (n < 2 || total == 0) {
            return 1;
        }
        double entropy = 0;
        for (SessionAnalytics.Contribution c : contributions) {
            double share = (c.actions() + c.chatLines()) / total;
            if (share > 0) {
                entropy -= share * Math.log(share);
            }
        }
        return entropy / Math.log(n);
    }

    private static int parseInt(String text) {
        try {
            return text == null ? 0 : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
