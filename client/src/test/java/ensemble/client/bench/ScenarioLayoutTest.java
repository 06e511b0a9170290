package ensemble.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ensemble.scenario.catalog.Catalog;
import ensemble.scenario.catalog.FolderLoad;
import ensemble.v1.SessionStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The benchmark's scene is a real catalogue scenario, as a server would describe it. */
class ScenarioLayoutTest {
    @Test
    void theFireDrillBecomesASceneWithItsWallsZonesRolesAndEntities() {
        FolderLoad load = new Catalog().loadFolder(Path.of("../scenarios/catalog/office-fire-evacuation"));
        var scenario = assertInstanceOf(FolderLoad.Valid.class, load).scenario();
        SessionStatus status = ScenarioLayout.status(scenario);
        assertEquals(4, status.getLayout().getWallsCount());
        assertEquals(4, status.getLayout().getZonesCount());
        assertEquals(2, status.getLayout().getRolesCount());
        assertEquals("#ff8800", status.getLayout().getRoles(0).getColor());
        assertFalse(status.getEntitiesList().stream().anyMatch(e -> e.getId().equals("smoke")), "hidden until spawned");
        assertTrue(status.getEntitiesList().stream().anyMatch(e -> e.getId().equals("extinguisher")
                && e.getShape().equals("cylinder") && Math.abs(e.getScale().getY() - 0.6f) < 1e-6));

        SessionStatus withWalkers = new SyntheticWorld(16, () -> 0L, status).status();
        assertEquals(16, withWalkers.getParticipantsCount());
        assertTrue(withWalkers.getParticipantsList().stream().allMatch(p -> p.getRole().equals("warden")
                || p.getRole().equals("employee")), "walkers take the scenario's roles");
    }
}
