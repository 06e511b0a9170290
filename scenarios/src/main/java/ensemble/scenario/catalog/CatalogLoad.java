package ensemble.scenario.catalog;

import ensemble.scenario.Diagnostic;
import ensemble.scenario.model.Scenario;

import java.util.List;
import java.util.Optional;

/** Every valid scenario of a catalogue directory, by file order, and all diagnostics found. */
public record CatalogLoad(List<Scenario> scenarios, List<Diagnostic> diagnostics) {

    public Optional<Scenario> byId(String id) {
        return scenarios.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
