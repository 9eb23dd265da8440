package org.chartkeeper.cli;

/** The load benchmark's messages, for tests that need a realistic ADT stream. */
public final class Hl7LoadBenchAccess {

    private Hl7LoadBenchAccess() {}

    public static String message(String prefix, int i) {
        return Hl7LoadBench.message(prefix, i);
    }
}
