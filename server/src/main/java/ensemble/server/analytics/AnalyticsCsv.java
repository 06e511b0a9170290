package ensemble.server.analytics;

import java.util.List;

/**
 * Analytics as CSV in long form, one measure per row: {@code section,session,subject,measure,value}.
 * One shape for every section (team, step, participant, tie, person in the network) so a
 * spreadsheet or R can pivot it, and several sessions simply concatenate.
 */
public final class AnalyticsCsv {
    public static final String HEADER = "section,session,subject,measure,value\n";

    private AnalyticsCsv() {
    }

    public static String of(List<SessionAnalytics> sessions) {
        StringBuilder out = new StringBuilder(HEADER);
        for (SessionAnalytics a : sessions) {
            String s = a.sessionId();
            row(out, "team", s, a.scenarioId(), "duration_ms", a.durationMillis());
            row(out, "team", s, a.scenarioId(), "team_points", a.teamPoints());
            row(out, "team", s, a.scenarioId(), "errors", a.errors());
            row(out, "team", s, a.scenarioId(), "balance", InteractionNetwork.round(a.balance()));
            row(out, "team", s, a.scenarioId(), "density", InteractionNetwork.round(a.network().density()));
            row(out, "team", s, a.scenarioId(), "outcome", a.outcome());
            for (SessionAnalytics.StepRun run : a.steps()) {
                String subject = run.step() + "#" + run.attempt();
                row(out, "step", s, subject, "duration_ms", run.durationMillis());
                row(out, "step", s, subject, "outcome", run.outcome());
                row(out, "step", s, subject, "errors", run.errors());
                row(out, "step", s, subject, "points", run.points());
            }
            for (SessionAnalytics.Contribution c : a.participants()) {
                row(out, "participant", s, c.id(), "role", c.role());
                row(out, "participant", s, c.id(), "actions", c.actions());
                row(out, "participant", s, c.id(), "chat_lines", c.chatLines());
                row(out, "participant", s, c.id(), "handoffs_given", c.handoffsGiven());
                row(out, "participant", s, c.id(), "near_others_ms", c.nearOthersMillis());
                row(out, "participant", s, c.id(), "points", c.points());
                row(out, "participant", s, c.id(), "errors", c.errors());
            }
            for (InteractionNetwork.NodeMeasures m : a.network().measures()) {
                row(out, "network", s, m.id(), "degree", m.degree());
                row(out, "network", s, m.id(), "weighted_degree", InteractionNetwork.round(m.weightedDegree()));
                row(out, "network", s, m.id(), "betweenness", InteractionNetwork.round(m.betweenness()));
            }
            for (InteractionNetwork.Edge e : a.network().edges()) {
                String subject = e.a() + "~" + e.b();
                row(out, "tie", s, subject, "handoffs", e.handoffs());
                row(out, "tie", s, subject, "replies", e.replies());
                row(out, "tie", s, subject, "near_ms", e.nearMillis());
            }
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String section, String session, String subject, String measure, Object value) {
        out.append(section).append(',').append(field(session)).append(',').append(field(subject)).append(',')
                .append(measure).append(',').append(field(String.valueOf(value))).append('\n');
    }

    /** RFC 4180 quoting; a leading = + - @ is prefixed with ' so spreadsheets do not run it as a formula. */
    static String field(String text) {
        String safe = !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 && !text.matches("-?[0-9.]+") ? "'" + text : text;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}
