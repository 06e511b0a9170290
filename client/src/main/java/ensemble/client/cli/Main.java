package ensemble.client.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the client-side commands of {@code ./ensemble}. */
@Command(name = "ensemble", mixinStandardHelpOptions = true, version = "Ensemble client 0.1.0",
        subcommands = {BotsCommand.class, ensemble.client.app.ClientCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
