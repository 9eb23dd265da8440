package org.chartkeeper.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a page or API handler that shows or changes patient information. Every handler method carries either this
 * or {@link NoPatientData}; a test checks that, and calls every {@code @PatientData} GET handler to prove it left an
 * audit event. Path variables named {@code id} or {@code patientId} are filled with a demo patient's id.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface PatientData {}
