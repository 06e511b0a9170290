package ensemble.client.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RolePlanTest {
    static final List<RolePlan.Role> FIRE_DRILL = List.of(new RolePlan.Role("warden", 1, 0), new RolePlan.Role("employee", 8, 0));

    @Test
    void botsSpreadOverTheRolesWithRoomInTurn() {
        assertEquals(new RolePlan.Planned(List.of("warden", "employee", "employee", "employee")),
                RolePlan.spread(FIRE_DRILL, null, 4));
    }

    @Test
    void aPreferredRoleIsFilledFirstThenTheOthers() {
        assertEquals(new RolePlan.Planned(List.of("employee", "employee", "employee")), RolePlan.spread(FIRE_DRILL, "employee", 3));
        assertEquals(new RolePlan.Planned(List.of("warden", "employee")), RolePlan.spread(FIRE_DRILL, "warden", 2));
    }

    @Test
    void tooFewPlacesIsRefusedWithThePlacesPerRole() {
        List<RolePlan.Role> busy = List.of(new RolePlan.Role("warden", 1, 1), new RolePlan.Role("employee", 8, 6));
        assertEquals(new RolePlan.Refused("the session has 2 free places for 4 bots (free: warden 0 of 1, employee 2 of 8)"),
                RolePlan.spread(busy, null, 4));
        assertEquals(new RolePlan.Refused("the session has no role 'nurse' (roles: warden, employee)"),
                RolePlan.spread(FIRE_DRILL, "nurse", 1));
    }

    @Test
    void namesSkipTheOnesInUse() {
        assertEquals(List.of("Bot 2", "Bot 4", "Bot 5"), RolePlan.names(Set.of("Bot 1", "Bot 3", "Ada"), 3));
    }
}
