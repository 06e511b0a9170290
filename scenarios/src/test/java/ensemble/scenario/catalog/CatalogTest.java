package ensemble.scenario.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import ensemble.scenario.TestFiles;
import ensemble.scenario.simulate.SimulationReport;
import ensemble.scenario.simulate.Simulator;
import ensemble.scenario.validate.SchemaCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled catalogue: complete, valid against the published schema, clean under simulation. */
class CatalogTest {

    static final Set<String> REQUIRED = Set.of("office-fire-evacuation", "warehouse-forklift-near-miss",
            "lab-chemical-spill", "service-desk-de-escalation", "hospital-rapid-response-handover");

    static List<Path> catalogFiles() {
        return ScenarioFiles.under(TestFiles.catalog());
    }

    @Test
    void theCatalogueHasTheFiveRequiredScenariosAllCleanly() {
        CatalogLoad load = new Catalog().loadAll(TestFiles.catalog());
        assertEquals(List.of(), load.diagnostics());
        assertTrue(load.scenarios().stream().map(s -> s.id()).collect(Collectors.toSet()).containsAll(REQUIRED));
        load.scenarios().forEach(s -> {
            assertTrue(s.steps().size() >= 4, s.id() + ": several steps");
            assertTrue(s.roles().size() >= 2, s.id() + ": roles");
            assertTrue(s.steps().stream().anyMatch(st -> !st.branches().isEmpty()), s.id() + ": branches");
            assertTrue(s.triggers().size() >= 2, s.id() + ": triggers");
            assertTrue(s.scoring().criteria().size() >= 3, s.id() + ": scoring");
            assertTrue(s.debrief().size() >= 3, s.id() + ": debrief");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogFiles")
    void everyScenarioSimulatesCleanReachingEveryStepAndEnding(Path file) {
        FolderLoad load = new Catalog().loadFolder(file.getParent());
        var scenario = assertInstanceOf(FolderLoad.Valid.class, load).scenario();
        SimulationReport report = Simulator.run(scenario);
        assertEquals(List.of(), report.diagnostics(), report.summary());
        assertTrue(report.exhausted(), report.summary());
        assertEquals(scenario.steps().size(), report.stepsReached().size());
        assertTrue(report.endings().size() >= 2, "at least two endings: " + report.summary());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogFiles")
    void everyScenarioIsValidAgainstThePublishedSchemaFile(Path file) throws IOException {
        String schemaText = Files.readString(TestFiles.module().resolve("schema/scenario.schema.json"));
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schemaText, InputFormat.JSON);
        JsonNode doc = new YAMLMapper().readTree(file.toFile());
        List<Error> errors = schema.validate(doc);
        assertEquals(List.of(), errors.stream().map(Error::toString).toList());
    }

    @Test
    void theJarCarriesTheSchemaFileUnchanged() throws IOException {
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(Files.readString(TestFiles.module().resolve("schema/scenario.schema.json"))),
                json.readTree(SchemaCheck.schemaText()));
    }

    @Test
    void anInvalidFolderIsRejectedWithItsDiagnosticsAndLeftOutOfTheCatalogue(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("lab-chemical-spill");
        Files.createDirectories(good);
        Files.copy(TestFiles.catalog().resolve("lab-chemical-spill/scenario.yaml"), good.resolve("scenario.yaml"));
        Path bad = dir.resolve("bad");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve("scenario.yaml"), "id: bad\nsteps: [\n");
        FolderLoad load = new Catalog().loadFolder(bad);
        assertInstanceOf(FolderLoad.Invalid.class, load);
        CatalogLoad all = new Catalog().loadAll(dir);
        assertEquals(List.of("lab-chemical-spill"), all.scenarios().stream().map(s -> s.id()).toList());
        assertTrue(all.hasErrors());
        assertEquals(bad.resolve("scenario.yaml"), all.diagnostics().get(0).file());
    }
}
