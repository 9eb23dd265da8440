package org.chartkeeper.encounter;

import java.time.Instant;

/**
 * An admission or visit as an ADT feed describes it. Null means "not given": the stored value stays. {@code
 * encounterClass} is INPATIENT, OUTPATIENT or EMERGENCY; the attending physician is named by NPI.
 */
public record Visit(String accountNumber, String encounterClass, Instant admitAt, Instant dischargeAt, String location,
                    String attendingNpi, String attendingName, String department, String dischargeDisposition) {}
