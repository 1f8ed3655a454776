package herd.bench;

/** One of issue 3's targets: what it asks, the measured value, and whether it is met. */
record Target(String goal, String measured, Verdict verdict) {
    enum Verdict { PASS, MISS, NOT_RUN }

    static Target of(String goal, String measured, boolean met) {
        return new Target(goal, measured, met ? Verdict.PASS : Verdict.MISS);
    }

    static Target notRun(String goal, String why) {
        return new Target(goal, why, Verdict.NOT_RUN);
    }

    String line() {
        return String.format("%-7s %s: %s", verdict == Verdict.NOT_RUN ? "-" : verdict.name(), goal, measured);
    }
}
