package org.chartkeeper.disclosure;

import java.math.BigDecimal;

/** One line of an invoice: what is charged and how much (USD). */
public record FeeLine(String label, BigDecimal amount) {}
