package ensemble.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the server-side commands of {@code ./ensemble}. */
@Command(name = "ensemble", mixinStandardHelpOptions = true, version = "Ensemble 0.1.0",
        description = "Ensemble: rehearse workplace scenarios together in 3D and VR.",
        subcommands = {ServeCommand.class, PrivacyCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
