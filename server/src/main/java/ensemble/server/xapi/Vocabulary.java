package ensemble.server.xapi;

/** The ADL verbs and activity types the statements use (xAPI 1.0.3 vocabulary). */
enum Vocabulary {
    LAUNCHED("http://adlnet.gov/expapi/verbs/launched", "launched"),
    INITIALIZED("http://adlnet.gov/expapi/verbs/initialized", "initialized"),
    COMPLETED("http://adlnet.gov/expapi/verbs/completed", "completed"),
    PASSED("http://adlnet.gov/expapi/verbs/passed", "passed"),
    FAILED("http://adlnet.gov/expapi/verbs/failed", "failed"),
    SCORED("http://adlnet.gov/expapi/verbs/scored", "scored"),
    INTERACTED("http://adlnet.gov/expapi/verbs/interacted", "interacted"),
    COMMENTED("http://adlnet.gov/expapi/verbs/commented", "commented");

    static final String SIMULATION = "http://adlnet.gov/expapi/activities/simulation";
    static final String MODULE = "http://adlnet.gov/expapi/activities/module";
    static final String INTERACTION = "http://adlnet.gov/expapi/activities/interaction";

    final String iri;
    final String display;

    Vocabulary(String iri, String display) {
        this.iri = iri;
        this.display = display;
    }
}
