package ensemble.scenario.validate;

import ensemble.scenario.model.Action;
import ensemble.scenario.model.Entity;
import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.SourcePos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Model and sound files must exist inside the scenario folder. */
final class AssetCheck {

    /** Sounds every client has built in; anything else is a file of the scenario folder. */
    static final Set<String> BUILT_IN_SOUNDS = Set.of("alarm", "beep", "chime", "siren", "crash", "alert", "radio");

    private AssetCheck() {
    }

    static void run(Scenario s, Report report) {
        Path folder = s.folder().normalize();
        for (Entity e : s.entities()) {
            if (e.shape() instanceof Entity.Model m) {
                asset(folder, m.path(), m.pos(), "model", report);
            }
        }
        Walk.scenario(s, new Walk.Visitor() {
            @Override
            public void action(Action a, Walk.Context where) {
                if (a instanceof Action.Sound snd && !BUILT_IN_SOUNDS.contains(snd.sound())) {
                    asset(folder, snd.sound(), snd.pos(), "sound", report);
                }
            }
        });
    }

    private static void asset(Path folder, String relative, SourcePos pos, String kind, Report report) {
        Path p;
        try {
            p = folder.resolve(relative).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            report.error(pos, "invalid " + kind + " path '" + relative + "'");
            return;
        }
        if (!p.startsWith(folder)) {
            report.error(pos, kind + " '" + relative + "' is outside the scenario folder");
        } else if (!Files.isRegularFile(p)) {
            report.error(pos, "missing asset: " + kind + " file '" + relative + "' does not exist in the scenario folder"
                    + (kind.equals("sound") ? " (built-in sounds: " + String.join(", ", BUILT_IN_SOUNDS.stream().sorted().toList()) + ")" : ""));
        }
    }
}
