package ensemble.server.assess;

import ensemble.scenario.model.Scoring;
import ensemble.server.session.EventLog;
import ensemble.server.session.Participant;
import ensemble.server.session.Session;
import ensemble.v1.FeedbackSubmit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What peer feedback may say: given in the debrief (the session has ended), by a participant
 * (not a spectator) about another participant of the session, ratings 1..5 on the scenario's
 * rubric criteria only, a bounded comment, optionally pinned to a tick that has happened. The
 * checked feedback becomes the fields of a {@code feedback} event. Tick thread.
 */
public final class FeedbackRules {
    public static final int MIN_RATING = 1;
    public static final int MAX_RATING = 5;
    /** Longest comment, characters. */
    public static final int MAX_COMMENT_CHARS = 1000;
    /** Feedback entries one participant may give in a session (a later one about the same person replaces an earlier). */
    public static final int MAX_PER_PARTICIPANT = 32;

    /** Either the event fields or why the feedback was refused. */
    public record Checked(Map<String, String> data, String refusal) {
        static Checked refused(String why) {
            return new Checked(Map.of(), why);
        }
    }

    private FeedbackRules() {
    }

    public static Checked check(Session session, Participant from, FeedbackSubmit feedback) {
        if (session.state() != Session.State.ENDED) {
            return Checked.refused("feedback opens in the debrief, once the session has ended");
        }
        if (Session.isSpectator(from)) {
            return Checked.refused("spectators do not give peer feedback");
        }
        String aboutId = feedback.getAboutParticipantId();
        Participant about = session.participantList().stream().filter(p -> p.id().equals(aboutId)).findFirst().orElse(null);
        if (about == null || Session.isSpectator(about)) {
            return Checked.refused("no participant '" + clip(aboutId, 64) + "' in this session");
        }
        if (about == from) {
            return Checked.refused("peer feedback is about someone else");
        }
        Set<String> criteria = criteria(session);
        if (feedback.getRatingsCount() > criteria.size()) {
            return Checked.refused("at most one rating per rubric criterion");
        }
        Map<String, Integer> ratings = new TreeMap<>();
        for (Map.Entry<String, Integer> rating : feedback.getRatingsMap().entrySet()) {
            if (!criteria.contains(rating.getKey())) {
                return Checked.refused("'" + clip(rating.getKey(), 64) + "' is not a criterion of this scenario's rubric");
            }
            if (rating.getValue() < MIN_RATING || rating.getValue() > MAX_RATING) {
                return Checked.refused("ratings are " + MIN_RATING + ".." + MAX_RATING);
            }
            ratings.put(rating.getKey(), rating.getValue());
        }
        String comment = feedback.getComment().replaceAll("\\p{Cntrl}", " ").strip();
        if (comment.length() > MAX_COMMENT_CHARS) {
            return Checked.refused("a comment has at most " + MAX_COMMENT_CHARS + " characters");
        }
        if (ratings.isEmpty() && comment.isEmpty()) {
            return Checked.refused("feedback needs a rating or a comment");
        }
        if (feedback.getTick() > session.tickNumber()) {
            return Checked.refused("feedback can be pinned only to a moment that has happened");
        }
        long given = 0;
        for (EventLog.Event e : session.events().ofType("feedback")) {
            if (e.actor().equals(from.id())) {
                given++;
            }
        }
        if (given >= MAX_PER_PARTICIPANT) {
            return Checked.refused("at most " + MAX_PER_PARTICIPANT + " feedback entries per participant");
        }
        Map<String, String> data = new LinkedHashMap<>();
        data.put("about", about.id());
        data.put("aboutName", about.displayName());
        data.put("aboutRole", about.role());
        data.put("fromName", from.displayName());
        data.put("fromRole", from.role());
        data.put("ratings", ratings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(",")));
        data.put("comment", comment);
        if (feedback.getTick() > 0) {
            data.put("pinTick", Integer.toString(feedback.getTick()));
        }
        return new Checked(data, null);
    }

    /** The rubric criteria of the session's scenario (none for a plain room). */
    static Set<String> criteria(Session session) {
        if (!session.scene().hasScenario()) {
            return Set.of();
        }
        Scoring scoring = session.scene().scenario().scoring();
        return scoring.criteria().stream().map(Scoring.Criterion::id).collect(Collectors.toSet());
    }

    /** Parses the {@code ratings} field of a feedback event ("a=4,b=5"). */
    public static Map<String, Integer> ratings(String field) {
        Map<String, Integer> map = new LinkedHashMap<>();
        if (field == null || field.isEmpty()) {
            return map;
        }
        for (String pair : field.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    map.put(pair.substring(0, eq), Integer.parseInt(pair.substring(eq + 1)));
                } catch (NumberFormatException e) {
                    // a malformed pair in a stored event is skipped, not fatal to the report
                }
            }
        }
        return map;
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
