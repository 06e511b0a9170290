package ensemble.scenario.runtime;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Complete playthroughs of every catalogue scenario, as a team would play them, on a manual clock. */
class CataloguePlaythroughTest {

    @Test
    void officeFireTheWardenPutsOutTheBinFireThenEveryoneEvacuates() {
        Rehearsal r = new Rehearsal("office-fire-evacuation").join("wanda", "warden").join("eli", "employee").start();
        r.expectStep("discover").grab("wanda", "extinguisher").say("eli", "Fire! By the printer!");
        r.expectStep("fight-fire").carry("extinguisher", -5.5, 0.5, 4).use("wanda", "extinguisher", "spray").expectStep("evacuate");
        assertEquals("out", r.runtime.entityState("bin-fire").orElseThrow());
        r.walk("wanda", 3, 0).walk("wanda", -6, 0).say("wanda", "Everyone out, now!"); // back in to sweep
        r.walk("eli", 4, 7).walk("eli", 9.5, 6).walk("wanda", 9, 5.5);
        r.expectStep("roll-call").inject("missing-colleague").expectStep("report-missing");
        r.say("wanda", "Priya is missing, last seen in accounts").expectEnded("evacuated-with-missing");
        assertEquals(List.of("discover", "fight-fire", "evacuate", "roll-call", "report-missing"), r.stepsStarted());
        assertEquals(10, r.runtime.scores().participant("eli"));      // raised the alarm by voice
        assertEquals(35, r.runtime.scores().team());
    }

    @Test
    void officeFireTheAlarmIsLateAndTheEvacuationTimesOut() {
        Rehearsal r = new Rehearsal("office-fire-evacuation").join("wanda", "warden").join("eli", "employee").start();
        r.tick(60_000).expectStep("evacuate");
        r.tick(90_000);
        assertTrue(r.runtime.entityPresent("smoke"), "smoke fills stairwell B after 90 s");
        r.tick(150_000).expectStep("roll-call");
        r.use("wanda", "roll-sheet", "").say("wanda", "All accounted for").expectEnded("evacuated");
        assertEquals(0, r.runtime.scores().team()); // -5 late alarm, -5 slow evacuation, +10 roll call
    }

    @Test
    void warehouseTheDriverBrakesTheCrossingIsSecuredAndTheNearMissReported() {
        Rehearsal r = new Rehearsal("warehouse-forklift-near-miss")
                .join("dan", "driver").join("pia", "picker").join("sam", "supervisor").start();
        r.use("dan", "forklift", "check").grab("pia", "vest").expectStep("near-miss");
        r.use("dan", "forklift", "brake").expectStep("secure-area");
        r.grab("sam", "cone").walk("sam", 1, 2.5).walk("pia", 4, 5).expectStep("report");
        r.say("dan", "I was reversing and did not see her").say("pia", "I left the walkway to save time");
        r.use("sam", "radio", "").expectEnded("reported");
        assertEquals(10, r.runtime.scores().participant("dan"));
        assertEquals(40, r.runtime.scores().team());
    }

    @Test
    void warehouseNoReactionTheSupervisorChecksTheInjuredPicker() {
        Rehearsal r = new Rehearsal("warehouse-forklift-near-miss")
                .join("dan", "driver").join("pia", "picker").join("sam", "supervisor").start();
        r.tick(120_000).expectStep("near-miss").tick(10_000).expectStep("check-injury");
        r.walk("pia", 0, 0).walk("sam", 1, 0).say("sam", "Are you hurt? Don't move.").expectStep("report");
        r.say("dan", "reversing").say("pia", "walkway").use("sam", "radio", "").expectEnded("reported");
    }

    @Test
    void labSpillAColleagueIsSplashedThenTheSpillIsContained() {
        Rehearsal r = new Rehearsal("lab-chemical-spill")
                .join("rita", "researcher").join("mo", "lab-manager").join("cai", "colleague").start();
        r.walk("cai", -1, 0.5).say("rita", "Spill! Everyone stay back!").expectStep("eyewash");
        r.walk("cai", -6.5, -4).use("cai", "eyewash", "").tick(15_000).expectStep("assess");
        r.use("mo", "sds-binder", "").expectStep("contain");
        r.grab("mo", "goggles").grab("mo", "spill-kit").carry("spill-kit", -1, 0.3, 0.5).expectEnded("contained");
        assertEquals("neutralised", r.runtime.entityState("spill").orElseThrow());
        assertTrue(r.runtime.completed().contains("wear-goggles"));
    }

    @Test
    void labSpillFumesForceAnEvacuation() {
        Rehearsal r = new Rehearsal("lab-chemical-spill")
                .join("rita", "researcher").join("mo", "lab-manager").join("cai", "colleague").start();
        r.say("rita", "spill").use("mo", "sds-binder", "").expectStep("contain").inject("fumes").expectStep("evacuate-lab");
        r.walk("rita", 7, 5).walk("mo", 7.2, 5.2).walk("cai", 6.8, 4.8).expectEnded("evacuated");
    }

    @Test
    void serviceDeskListeningAndAConcreteOfferResolveIt() {
        Rehearsal r = new Rehearsal("service-desk-de-escalation")
                .join("amy", "agent").join("carl", "customer").join("sue", "supervisor").start();
        r.say("amy", "Good morning, how can I help?").expectStep("listen");
        r.grab("amy", "water").say("amy", "I understand, three weeks is far too long").expectStep("offer");
        r.grab("amy", "refund-form").carry("refund-form", 0, 1.2, 2.5).say("carl", "Okay, that works").expectEnded("resolved");
        assertEquals(27, r.runtime.scores().team());
    }

    @Test
    void serviceDeskCalmDownEscalatesToTheQuietRoom() {
        Rehearsal r = new Rehearsal("service-desk-de-escalation")
                .join("amy", "agent").join("carl", "customer").join("sue", "supervisor").start();
        r.tick(20_000).expectStep("listen");
        r.say("amy", "Sir, please calm down").expectStep("escalate");
        r.walk("sue", 0.5, 3).say("sue", "Shall we talk in the quiet room?").expectStep("quiet-room");
        r.walk("carl", 6, -3).walk("sue", 6.5, -3.5).expectEnded("resolved-by-supervisor");
    }

    @Test
    void hospitalFullSbarHandoverStabilisesThePatient() {
        Rehearsal r = new Rehearsal("hospital-rapid-response-handover")
                .join("nora", "ward-nurse").join("drew", "rrt-doctor").join("rae", "rrt-nurse").start();
        r.use("nora", "monitor", "").use("nora", "ward-phone", "").say("nora", "Rapid response to ward 4 bed 12").expectStep("arrive");
        r.walk("drew", -2, 1).walk("rae", -1, 0).expectStep("handover");
        r.say("nora", "Situation: Mr Okafor is breathless").say("nora", "Background: day 2 after bowel surgery");
        r.say("nora", "Assessment: NEWS2 of 7").say("nora", "I recommend oxygen and a review now").expectStep("treat");
        r.grab("rae", "oxygen").use("rae", "oxygen", "").use("drew", "monitor", "").expectEnded("stabilised");
        assertEquals(new ensemble.scenario.model.Value.Number(4), r.runtime.variables().get("news2"));
        assertEquals(40, r.runtime.scores().team());
    }

    @Test
    void hospitalUnclearHandoverReadBackAndTransferToIntensiveCare() {
        Rehearsal r = new Rehearsal("hospital-rapid-response-handover")
                .join("nora", "ward-nurse").join("drew", "rrt-doctor").join("rae", "rrt-nurse").start();
        r.use("nora", "monitor", "").use("nora", "ward-phone", "").say("nora", "rapid response please");
        r.walk("drew", -2, 1).walk("rae", -1, 0).say("drew", "Can you repeat that?");
        r.say("nora", "situation").say("nora", "background").say("nora", "assessment").say("nora", "recommend").expectStep("read-back");
        r.say("drew", "Let me read back: NEWS2 of 7, post-op day 2").say("nora", "I confirm").expectStep("treat");
        r.inject("deteriorates").expectStep("transfer-icu");
        r.grab("rae", "crash-trolley").say("drew", "I am referring him to intensive care").expectEnded("transferred");
    }
}
