package org.chartkeeper.interop.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The ADT intake over a real MLLP socket: each event, each kind of error, repeats, and what real feeds send. */
@IntegrationTest
class Hl7IntakeTest {

    @Autowired
    MllpListener listener;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    org.chartkeeper.audit.ChainVerifier chain;

    @Autowired
    Hl7IntakeService intake;

    int port;

    @BeforeEach
    void listen() throws IOException {
        port = listener.isRunning() ? listener.port() : listener.start(freePort());
    }

    String send(Adt a) throws IOException {
        return send(a.text());
    }

    String send(String text) throws IOException {
        try (MllpClient c = new MllpClient("localhost", port, 30_000)) {
            return c.send(text);
        }
    }

    static String msa(String ack) {
        for (String s : ack.split("\r")) if (s.startsWith("MSA|")) return s;
        return "";
    }

    static String err(String ack) {
        for (String s : ack.split("\r")) if (s.startsWith("ERR|")) return s;
        return "";
    }

    Long patientWith(String mrn) {
        return jdbc.sql("select patient_id from patient_identifier where system_uri = ? and id_value = ?")
                .params(Adt.SYSTEM, mrn).query(Long.class).optional().orElse(null);
    }

    String encounter(String account, String column) {
        return jdbc.sql("select " + column + " from encounter where account_number = ?").param(account)
                .query(String.class).optional().orElse(null);
    }

    @Test
    void an_admission_registers_the_patient_and_opens_the_inpatient_encounter_and_is_acknowledged_after_commit() throws IOException {
        String mrn = "R" + Adt.unique();
        String account = "V" + Adt.unique();
        Adt a = Adt.a01(mrn, account);
        String ack = send(a);
        assertThat(msa(ack)).isEqualTo("MSA|AA|" + a.controlIdValue());
        assertThat(ack).startsWith("MSH|^~\\&|CHARTKEEPER|CHARTKEEPER|REGADT|MERCY|").contains("|ACK^A01^ACK|");
        Long patient = patientWith(mrn);
        assertThat(patient).as("registered with the sender's MRN as an identifier").isNotNull();
        assertThat(jdbc.sql("select family_name || ',' || given_name || ',' || birth_date || ',' || sex from patient where id = ?")
                .param(patient).query(String.class).single()).isEqualTo("Quixby,Harriet,1972-03-14,female");
        assertThat(encounter(account, "encounter_class")).isEqualTo("INPATIENT");
        assertThat(encounter(account, "status")).isEqualTo("in-progress");
        assertThat(encounter(account, "location")).isEqualTo("4E-412-B (MERCY)");
        assertThat(encounter(account, "(select npi from provider where id = attending_provider_id)")).isEqualTo("1234567893");
        assertThat(jdbc.sql("select status from hl7_message where control_id = ?").param(a.controlIdValue())
                .query(String.class).single()).isEqualTo("processed");
        // every effect audited under the interface account, with the sender in the detail
        assertThat(jdbc.sql("select count(*) from audit_event where patient_id = ? and username = 'hl7-interface'"
                + " and detail like ?").params(patient, "%from REGADT/MERCY, control id " + a.controlIdValue() + "%")
                .query(Long.class).single()).isGreaterThanOrEqualTo(2);
    }

    /**
     * The message's audit events (written in one batch just before its commit) are all in the chain once it is
     * answered, under the interface account with the message's reference, and the chain still verifies.
     */
    @Test
    void the_audit_events_of_a_message_are_in_the_chain_when_it_is_answered() throws IOException {
        String mrn = "R" + Adt.unique();
        String account = "V" + Adt.unique();
        // a person of its own (the other tests' Harriet Quixby would be linked by a certain match)
        Adt a = Adt.a01(mrn, account).field("PID", 5, "Vantongeren^Ilse").field("PID", 7, "19610707");
        assertThat(msa(send(a))).isEqualTo("MSA|AA|" + a.controlIdValue());
        var seqs = jdbc.sql("select seq from audit_event where session_ref = ? order by seq")
                .param("hl7:" + a.controlIdValue()).query(Long.class).list();
        assertThat(seqs).as("search, registration, encounter creation").hasSizeGreaterThanOrEqualTo(3);
        assertThat(chain.verify().intact()).isTrue();
        // the second message of the story: its events too
        Adt a08 = Adt.a01(mrn, account).event("A08").field("PID", 5, "Vantongeren^Ilse").field("PID", 7, "19610707")
                .field("PID", 11, "9 Elm St^^Dayton^OH^45402^USA^H");
        assertThat(msa(send(a08))).isEqualTo("MSA|AA|" + a08.controlIdValue());
        assertThat(jdbc.sql("select count(*) from audit_event where session_ref = ? and action = 'UPDATE'")
                .param("hl7:" + a08.controlIdValue()).query(Long.class).single()).isGreaterThanOrEqualTo(1);
        assertThat(chain.verify().intact()).isTrue();
    }

    /**
     * A message that fails after it read or changed records: what it did is still in the trail (the accesses
     * happened), and each of those events says that nothing of it was kept, so that a rolled-back registration is not
     * read as a patient that exists.
     */
    @Test
    void the_audit_events_of_a_message_that_failed_say_that_it_was_rolled_back() throws IOException {
        String mine = "R" + Adt.unique();
        String account = "V" + Adt.unique();
        assertThat(msa(send(Adt.a01(mine, account).field("PID", 5, "Oyelaran^Tobi").field("PID", 7, "19830909")))).startsWith("MSA|AA");
        // another patient's admission bringing the same account: registered first, then refused on the account
        Adt other = Adt.a01("R" + Adt.unique(), account).someoneElse();
        String ack = send(other);
        assertThat(msa(ack)).startsWith("MSA|AE|");
        var details = jdbc.sql("select detail from audit_event where session_ref = ? order by seq")
                .param("hl7:" + other.controlIdValue()).query(String.class).list();
        assertThat(details).as("the failed message's accesses are recorded").isNotEmpty();
        assertThat(details).allSatisfy(d -> assertThat(d).contains(org.chartkeeper.audit.AuditService.ROLLED_BACK));
        assertThat(chain.verify().intact()).isTrue();
    }

    /**
     * Every version from 2.3 to 2.8.2 is applied the same way, and an AE answer names the field in the ERR segment of
     * the receiver's version (ERR-1 up to 2.4, ERR-2 from 2.5); the sender's statistics count each outcome.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6", "2.7", "2.7.1",
            "2.8", "2.8.1", "2.8.2"})
    void each_version_from_2_3_to_2_8_is_applied_and_its_errors_name_the_field(String version) throws IOException {
        String app = "VER" + version.replace(".", "") + Adt.unique();
        String mrn = "R" + Adt.unique();
        String account = "V" + Adt.unique();
        Adt a = Adt.a01(mrn, account).version(version).field("MSH", 3, app)
                .field("PID", 5, "Brightwater^Odile" + version.replace(".", "")).field("PID", 7, "19580217");
        String ack = send(a);
        assertThat(msa(ack)).isEqualTo("MSA|AA|" + a.controlIdValue());
        assertThat(ack).as("answered in the sender's version").contains("|ACK^A01").contains("|P|" + version + "\r");
        assertThat(patientWith(mrn)).isNotNull();
        assertThat(encounter(account, "encounter_class")).isEqualTo("INPATIENT");

        Adt bad = Adt.a01("R" + Adt.unique(), "V" + Adt.unique()).version(version).field("MSH", 3, app).field("PID", 7, "");
        String nak = send(bad);
        assertThat(msa(nak)).startsWith("MSA|AE|" + bad.controlIdValue());
        String[] errFields = err(nak).split("\\|", -1);
        boolean old = version.startsWith("2.3") || version.startsWith("2.4");
        assertThat(old ? errFields[1] : errFields[2]).as("the field named where a receiver of " + version + " reads it")
                .startsWith("PID^1^7");

        Adt discarded = Adt.a01("R" + Adt.unique(), "V" + Adt.unique()).version(version).field("MSH", 3, app).field("PV1", 2, "Z");
        assertThat(msa(send(discarded))).startsWith("MSA|AE|");
        jdbc.sql("update hl7_message set status = 'discarded' where control_id = ?").param(discarded.controlIdValue()).update();

        String sender = jdbc.sql("select sender from hl7_message where control_id = ?").param(a.controlIdValue())
                .query(String.class).single();
        assertThat(sender).startsWith(app);
        SenderStatistics stats = intake.statistics().stream().filter(s -> s.sender().equals(sender)).findFirst().orElseThrow();
        assertThat(stats.received()).isEqualTo(3);
        assertThat(stats.processed()).isEqualTo(1);
        assertThat(stats.failed()).isEqualTo(1);
        assertThat(stats.discarded()).isEqualTo(1);
        assertThat(stats.lastReceivedAt()).isNotNull();
    }

    @Test
    void a_repeated_control_id_gets_the_original_answer_and_is_not_applied_twice() throws IOException {
        String mrn = "R" + Adt.unique();
        Adt a = Adt.a01(mrn, "V" + Adt.unique());
        String first = send(a);
        long patients = jdbc.sql("select count(*) from patient").query(Long.class).single();
        long history = jdbc.sql("select count(*) from patient_history").query(Long.class).single();
        // the sender resends with changed content but the same control id: still the original answer, nothing applied
        String again = send(a.field("PID", 5, "Quixby^Harriett^M"));
        assertThat(again).isEqualTo(first);
        assertThat(jdbc.sql("select count(*) from patient").query(Long.class).single()).isEqualTo(patients);
        assertThat(jdbc.sql("select count(*) from patient_history").query(Long.class).single()).isEqualTo(history);
        assertThat(jdbc.sql("select count(*) from hl7_message where control_id = ?").param(a.controlIdValue())
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void a_byte_order_mark_and_newline_separators_are_accepted() throws IOException {
        String mrn = "R" + Adt.unique();
        Adt a = Adt.a01(mrn, "V" + Adt.unique());
        String text = "\uFEFF" + a.text().replace("\r", "\n");
        String ack;
        try (MllpClient c = new MllpClient("localhost", port, 30_000)) {
            ack = c.send(text.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(msa(ack)).isEqualTo("MSA|AA|" + a.controlIdValue());
        assertThat(patientWith(mrn)).isNotNull();
        byte[] kept = jdbc.sql("select content from hl7_message where control_id = ?").param(a.controlIdValue())
                .query(byte[].class).single();
        assertThat(new String(kept, StandardCharsets.UTF_8)).as("kept as received").isEqualTo(text);
    }

    @Test
    void a_missing_birth_date_is_answered_AE_naming_PID_7_and_kept_as_failed() throws IOException {
        Adt a = Adt.a01("R" + Adt.unique(), "V" + Adt.unique()).field("PID", 7, "");
        String ack = send(a);
        assertThat(msa(ack)).startsWith("MSA|AE|" + a.controlIdValue());
        assertThat(err(ack)).contains("|PID^1^7^1|101^Required field missing^HL70357|E|").contains("PID-7 (date of birth)");
        assertThat(jdbc.sql("select status || ' ' || error_location || ' ' || error_code from hl7_message where control_id = ?")
                .param(a.controlIdValue()).query(String.class).single()).isEqualTo("failed PID-7 101");
        assertThat(patientWith(a.segments.get("PID").split("\\|")[3].split("\\^")[0])).isNull();
    }

    @Test
    void each_content_error_names_its_segment_and_field() throws IOException {
        assertThat(err(send(Adt.a01("R" + Adt.unique(), "V" + Adt.unique()).field("PID", 8, "Q"))))
                .contains("|PID^1^8^1|103^Table value not found^HL70357|");
        assertThat(err(send(Adt.a01("R" + Adt.unique(), "V" + Adt.unique()).field("PID", 7, "19721399"))))
                .contains("|PID^1^7^1|102^Data type error^HL70357|");
        assertThat(err(send(Adt.a01("R" + Adt.unique(), "V" + Adt.unique()).field("PID", 5, "^Harriet"))))
                .contains("|PID^1^5^1^1|101^");
        assertThat(err(send(Adt.a01("", "V" + Adt.unique()).field("PID", 3, ""))))
                .contains("|PID^1^3^1|101^");
        assertThat(err(send(Adt.a01("R" + Adt.unique(), "V" + Adt.unique()).field("PV1", 2, "Z"))))
                .contains("|PV1^1^2^1|103^");
        assertThat(err(send(Adt.a01("R" + Adt.unique(), "V" + Adt.unique()).field("PV1", 44, "2026-01-10"))))
                .contains("|PV1^1^44^1|102^");
        String unsupported = send(Adt.a01("R" + Adt.unique(), "V" + Adt.unique()).event("A60"));
        assertThat(msa(unsupported)).startsWith("MSA|AR|");
        assertThat(err(unsupported)).contains("|MSH^1^9^1^2|201^Unsupported event code^HL70357|");
        String version = send(Adt.a01("R" + Adt.unique(), "V" + Adt.unique()).version("2.2"));
        assertThat(err(version)).contains("|MSH^1^12^1|203^Unsupported version id^HL70357|");
        String unknown = send(Adt.a01("R" + Adt.unique(), "V" + Adt.unique()).event("A03"));
        assertThat(msa(unknown)).startsWith("MSA|AE|");
        assertThat(err(unknown)).contains("|PID^1^3^1|204^Unknown key identifier^HL70357|");
        String noAccount = send(Adt.a01("R" + Adt.unique(), "V" + Adt.unique()).field("PID", 18, "").field("PV1", 19, ""));
        assertThat(err(noAccount)).contains("|PID^1^18^1|101^");
        // a new patient's admission under another patient's account number: refused, naming the field it came from
        String taken = "V" + Adt.unique();
        assertThat(msa(send(Adt.a01("R" + Adt.unique(), taken)))).startsWith("MSA|AA");
        String newcomer = "R" + Adt.unique();
        String stolen = send(Adt.a01(newcomer, taken).someoneElse());
        assertThat(msa(stolen)).startsWith("MSA|AE|");
        assertThat(err(stolen)).contains("|PID^1^18^1|205^Duplicate key identifier^HL70357|");
        assertThat(patientWith(newcomer)).as("the registration rolled back with the message").isNull();
        assertThat(jdbc.sql("select count(*) from encounter where account_number = ?").param(taken).query(Long.class)
                .single()).isEqualTo(1);
        long unreadable = jdbc.sql("select count(*) from hl7_message where sender = '?/?'").query(Long.class).single();
        String garbage = send("this is not HL7");
        assertThat(msa(garbage)).startsWith("MSA|AR|");
        assertThat(jdbc.sql("select count(*) from hl7_message where sender = '?/?' and status = 'failed'")
                .query(Long.class).single()).as("kept too").isEqualTo(unreadable + 1);
    }

    @Test
    void updates_transfers_discharges_and_the_cancels_that_undo_them() throws IOException {
        String mrn = "R" + Adt.unique();
        String account = "V" + Adt.unique();
        assertThat(msa(send(Adt.a01(mrn, account)))).startsWith("MSA|AA");
        long patient = patientWith(mrn);
        // A08: a new address and a corrected given name, through the patient index (history kept)
        String a08 = send(Adt.a01(mrn, account).event("A08").field("PID", 5, "Quixby^Harriette^M")
                .field("PID", 11, "9 Elm St^^Dayton^OH^45402^USA^H").field("PV1", 10, "SUR"));
        assertThat(msa(a08)).startsWith("MSA|AA");
        // the visit too: its department changes, its status stays, and the version moves on once
        assertThat(encounter(account, "department")).isEqualTo("SUR");
        assertThat(encounter(account, "status")).isEqualTo("in-progress");
        assertThat(encounter(account, "version")).isEqualTo("1");
        assertThat(jdbc.sql("select given_name || '|' || city from patient where id = ?").param(patient)
                .query(String.class).single()).isEqualTo("Harriette|Dayton");
        assertThat(jdbc.sql("select count(*) from patient_history where patient_id = ? and field in ('name', 'address')")
                .param(patient).query(Long.class).single()).isEqualTo(2);
        // A02 then A12: the patient moves, then is back where they were
        assertThat(msa(send(Adt.a01(mrn, account).event("A02").field("PV1", 3, "ICU^2^A^MERCY")
                .field("PV1", 6, "4E^412^B^MERCY")))).startsWith("MSA|AA");
        assertThat(encounter(account, "location")).isEqualTo("ICU-2-A (MERCY)");
        assertThat(msa(send(Adt.a01(mrn, account).event("A12")))).startsWith("MSA|AA");
        assertThat(encounter(account, "location")).isEqualTo("4E-412-B (MERCY)");
        // a discharge before the admission is refused naming PV1-45, and changes nothing
        String early = send(Adt.a01(mrn, account).event("A03").field("PV1", 45, "20260101120000"));
        assertThat(msa(early)).startsWith("MSA|AE|");
        assertThat(err(early)).contains("|PV1^1^45^1|");
        assertThat(encounter(account, "status")).isEqualTo("in-progress");
        // a transfer of another patient's visit is refused, and the visit stays where it is
        String other = "R" + Adt.unique();
        assertThat(msa(send(Adt.a01(other, "V" + Adt.unique()).someoneElse()))).startsWith("MSA|AA");
        String stolen = send(Adt.a01(other, account).event("A02").field("PV1", 3, "ICU^9^A^MERCY"));
        assertThat(msa(stolen)).startsWith("MSA|AE|");
        assertThat(err(stolen)).contains("another patient");
        assertThat(encounter(account, "location")).isEqualTo("4E-412-B (MERCY)");
        // A03 then A13: discharged, then the discharge is undone
        assertThat(msa(send(Adt.a01(mrn, account).event("A03").field("PV1", 45, "20260114120000").field("PV1", 36, "01"))))
                .startsWith("MSA|AA");
        assertThat(encounter(account, "status")).isEqualTo("finished");
        assertThat(encounter(account, "discharge_disposition")).isEqualTo("01");
        assertThat(msa(send(Adt.a01(mrn, account).event("A13")))).startsWith("MSA|AA");
        assertThat(encounter(account, "status")).isEqualTo("in-progress");
        assertThat(encounter(account, "discharge_at")).isNull();
        // A11: the admission is cancelled
        assertThat(msa(send(Adt.a01(mrn, account).event("A11")))).startsWith("MSA|AA");
        assertThat(encounter(account, "status")).isEqualTo("cancelled");
    }

    @Test
    void an_update_bringing_an_identifier_the_patient_lacks_adds_it_once_and_one_it_holds_adds_nothing() throws IOException {
        String mrn = "R" + Adt.unique();
        String account = "V" + Adt.unique();
        assertThat(msa(send(Adt.a01(mrn, account)))).startsWith("MSA|AA");
        long patient = patientWith(mrn);
        String both = mrn + "^^^MERCY&" + Adt.SYSTEM + "&ISO^MR~MB" + mrn + "^^^ACME&2.16.840.1.999.77&ISO^MB";
        long before = jdbc.sql("select count(*) from patient_identifier where patient_id = ?").param(patient)
                .query(Long.class).single();
        for (int i = 0; i < 2; i++) {
            assertThat(msa(send(Adt.a01(mrn, account).event("A08").field("PID", 3, both)))).startsWith("MSA|AA");
            assertThat(jdbc.sql("select count(*) from patient_identifier where patient_id = ?").param(patient)
                    .query(Long.class).single()).as("after A08 number %d", i + 1).isEqualTo(before + 1);
            assertThat(jdbc.sql("select count(*) from patient_identifier where patient_id = ? and system_uri = ?"
                    + " and id_value = ?").params(patient, "2.16.840.1.999.77", "MB" + mrn).query(Long.class).single())
                    .isEqualTo(1);
        }
        // an update naming the patient by the new identifier alone finds the same patient
        assertThat(msa(send(Adt.a01("MB" + mrn, account).event("A08").field("PID", 3,
                "MB" + mrn + "^^^ACME&2.16.840.1.999.77&ISO^MB").field("PID", 5, "Quixby^Harriette^M")))).startsWith("MSA|AA");
        assertThat(jdbc.sql("select given_name from patient where id = ?").param(patient).query(String.class).single())
                .isEqualTo("Harriette");
    }

    @Test
    void registrations_preadmissions_and_class_changes() throws IOException {
        String mrn = "R" + Adt.unique();
        String account = "V" + Adt.unique();
        assertThat(msa(send(Adt.a01(mrn, account).event("A05").field("PV1", 2, "P").field("PV1", 44, "")
                .segment("PV2", "PV2|||^Knee replacement|||||20260201073000+0000")))).startsWith("MSA|AA");
        assertThat(encounter(account, "status")).isEqualTo("planned");
        assertThat(jdbc.sql("select admit_at from encounter where account_number = ?").param(account)
                .query(java.time.OffsetDateTime.class).single().toInstant())
                .as("the expected admission of PV2-8").isEqualTo(java.time.Instant.parse("2026-02-01T07:30:00Z"));
        assertThat(msa(send(Adt.a01(mrn, account).event("A01")))).startsWith("MSA|AA");
        assertThat(encounter(account, "status")).isEqualTo("in-progress");
        assertThat(msa(send(Adt.a01(mrn, account).event("A07")))).startsWith("MSA|AA");
        assertThat(encounter(account, "encounter_class")).isEqualTo("OUTPATIENT");
        assertThat(msa(send(Adt.a01(mrn, account).event("A06")))).startsWith("MSA|AA");
        assertThat(encounter(account, "encounter_class")).isEqualTo("INPATIENT");
        String outpatient = "V" + Adt.unique();
        assertThat(msa(send(Adt.a01(mrn, outpatient).event("A04").field("PV1", 2, "O")))).startsWith("MSA|AA");
        assertThat(encounter(outpatient, "encounter_class")).isEqualTo("OUTPATIENT");
        String person = "R" + Adt.unique();
        assertThat(msa(send(Adt.a01(person, "").event("A28").without("PV1").field("PID", 5, "Vantongeren^Lucius")
                .field("PID", 7, "19500101").field("PID", 8, "M")))).startsWith("MSA|AA");
        assertThat(patientWith(person)).isNotNull();
        assertThat(msa(send(Adt.a01(person, "").event("A31").without("PV1").field("PID", 5, "Vantongeren^Lucius")
                .field("PID", 7, "19500101").field("PID", 8, "M").field("PID", 13, "^PRN^PH^^^937^5550199"))))
                .startsWith("MSA|AA");
        assertThat(jdbc.sql("select phone from patient where id = ?").param(patientWith(person)).query(String.class)
                .single()).isEqualTo("(937) 555-0199");
    }

    @Test
    void a_merge_retires_the_prior_record_and_an_identifier_change_renumbers_it() throws IOException {
        String survivorMrn = "R" + Adt.unique();
        String retiredMrn = "R" + Adt.unique();
        assertThat(msa(send(Adt.a01(survivorMrn, "V" + Adt.unique()).event("A04")))).startsWith("MSA|AA");
        assertThat(msa(send(Adt.a01(retiredMrn, "V" + Adt.unique()).event("A04").field("PID", 5, "Quigley^Henrietta")
                .field("PID", 11, "").field("PID", 13, "")))).startsWith("MSA|AA");
        long survivor = patientWith(survivorMrn);
        long retired = patientWith(retiredMrn);
        assertThat(retired).isNotEqualTo(survivor);
        String a40 = send(Adt.a01(survivorMrn, "").event("A40").without("PV1")
                .segment("MRG", "MRG|" + retiredMrn + "^^^MERCY&" + Adt.SYSTEM + "&ISO^MR"));
        assertThat(msa(a40)).startsWith("MSA|AA");
        assertThat(jdbc.sql("select status from patient where id = ?").param(retired).query(String.class).single()).isEqualTo("merged");
        assertThat(patientWith(retiredMrn)).as("the retired identifier points at the survivor").isEqualTo(survivor);
        // A47: the survivor's MRN of the sender changes
        String newMrn = "R" + Adt.unique();
        String a47 = send(Adt.a01(newMrn, "").event("A47").without("PV1")
                .segment("MRG", "MRG|" + survivorMrn + "^^^MERCY&" + Adt.SYSTEM + "&ISO^MR"));
        assertThat(msa(a47)).startsWith("MSA|AA");
        assertThat(patientWith(newMrn)).isEqualTo(survivor);
        assertThat(patientWith(survivorMrn)).isNull();
        // a merge naming an unknown prior identifier names MRG-1
        String unknown = send(Adt.a01(newMrn, "").event("A40").without("PV1").segment("MRG", "MRG|NOPE" + Adt.unique()
                + "^^^MERCY&" + Adt.SYSTEM + "&ISO^MR"));
        assertThat(err(unknown)).contains("|MRG^1^1^1|204^");
    }

    @Autowired
    org.chartkeeper.patient.PatientMatchService matching;

    @Autowired
    org.chartkeeper.security.UserService users;

    @Test
    void a_probable_match_becomes_a_new_patient_and_a_duplicate_queue_item_never_a_silent_link() throws IOException {
        String first = "R" + Adt.unique();
        String family = "Zelinskaya";
        String given = "Oksana" + Adt.unique().replaceAll("\\d", "").toLowerCase();
        assertThat(msa(send(Adt.a01(first, "V" + Adt.unique()).event("A04").field("PID", 5, family + "^" + given)
                .field("PID", 7, "19810707").field("PID", 11, "55 Birch Rd^^Akron^OH^44301")))).startsWith("MSA|AA");
        // the same person from another system, under a married name: pick a variant the index grades probable
        long a = patientWith(first);
        // an interface's new patient is indexed for matching in the background, moments after the acknowledgement
        long indexedBy = System.nanoTime() + 20_000_000_000L;
        while (jdbc.sql("select count(*) from patient_match_indexed where for_patient = ?").param(a).query(Long.class).single() == 0
                && System.nanoTime() < indexedBy) {
            sleep(20);
        }
        String[][] variants = {{"Smith", given, "19810707"}, {"Smith", given, "19800707"}, {"Smith", given, "19810708"},
                {"Smith", given.substring(0, 5), "19810707"}, {"Smith", given, "19710707"}, {"Brown", given.substring(0, 4), "19810708"}};
        String[] chosen = null;
        var account = users.findByUsername("him").orElseThrow();
        org.springframework.security.core.context.SecurityContextHolder.getContext().setAuthentication(
                org.springframework.security.authentication.UsernamePasswordAuthenticationToken.authenticated(
                        users.currentUser(account.id(), null).orElseThrow(), null, java.util.List.of()));
        try {
            for (String[] v : variants) {
                var d = new org.chartkeeper.patient.Demographics(v[0], v[1], null, java.time.LocalDate.parse(
                        v[2].substring(0, 4) + "-" + v[2].substring(4, 6) + "-" + v[2].substring(6)), "female", null, null,
                        null, null, null, null, null, java.util.List.of());
                var grade = matching.findMatches(d, 10).stream().filter(r -> r.patientId() == a)
                        .map(r -> r.grade()).findFirst().orElse(null);
                if (grade == org.chartkeeper.patient.MatchGrade.PROBABLE) {
                    chosen = v;
                    break;
                }
            }
        } finally {
            org.springframework.security.core.context.SecurityContextHolder.clearContext();
        }
        assertThat(chosen).as("a variant graded probable").isNotNull();
        String second = "X" + Adt.unique();
        String ack = send(Adt.a01(second, "V" + Adt.unique()).event("A04").field("PID", 3, second + "^^^LAB^MR")
                .field("PID", 5, chosen[0] + "^" + chosen[1]).field("PID", 7, chosen[2]).field("PID", 11, "").field("PID", 13, ""));
        assertThat(msa(ack)).startsWith("MSA|AA");
        long b = jdbc.sql("select patient_id from patient_identifier where id_value = ?").param(second).query(Long.class).single();
        assertThat(b).as("a new patient, not linked").isNotEqualTo(a);
        // the duplicate check runs in the background after the acknowledgement
        long deadline = System.nanoTime() + 20_000_000_000L;
        long candidates = 0;
        while (candidates == 0 && System.nanoTime() < deadline) {
            candidates = jdbc.sql("select count(*) from duplicate_candidate where patient_a = ? and patient_b = ? and work_item_id is not null")
                    .params(Math.min(a, b), Math.max(a, b)).query(Long.class).single();
            if (candidates == 0) sleep(100);
        }
        assertThat(candidates).as("a duplicate-queue item for the pair").isEqualTo(1);
    }

    /**
     * Eight connections sending at the same moment: their messages are applied together in shared transactions
     * (MessageBatches), and each is still applied exactly once, in its connection's order, with its own answer. A
     * faulty message among them fails alone (AE naming its field, kept as failed) while the others of its batch are
     * applied, and a repeat gets the original answer.
     */
    @Test
    void messages_of_eight_connections_at_once_are_each_applied_once_and_a_faulty_one_fails_alone() throws Exception {
        int connections = 8;
        long batchedBefore = intake.messagesAppliedTogether();
        var start = new java.util.concurrent.CyclicBarrier(connections);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(connections);
        String[] mrns = new String[connections];
        String[] accounts = new String[connections];
        java.util.List<java.util.concurrent.Future<java.util.List<String>>> sent = new java.util.ArrayList<>();
        for (int i = 0; i < connections; i++) {
            mrns[i] = "R" + Adt.unique();
            accounts[i] = "V" + Adt.unique();
            String family = "Gather" + "ABCDEFGHIJKLMNOP".charAt(i) + Adt.unique().replaceAll("[0-9]", "X");
            Adt person = Adt.a01(mrns[i], accounts[i]).field("PID", 5, family + "^Pat").field("PID", 7, (1940 + i) + "0601")
                    .field("PID", 11, "").field("PID", 13, "");
            Adt a01 = Adt.a01(mrns[i], accounts[i]).segment("PID", person.segments.get("PID"));
            java.util.List<Adt> story = java.util.List.of(a01,
                    Adt.a01(mrns[i], accounts[i]).segment("PID", person.segments.get("PID")).event("A08").field("PV1", 10, "SUR"),
                    Adt.a01("R" + Adt.unique(), "V" + Adt.unique()).field("PID", 7, ""), // faulty: no birth date
                    Adt.a01(mrns[i], accounts[i]).segment("PID", person.segments.get("PID")).event("A02").field("PV1", 3, "ICU^" + i + "^A^MERCY"),
                    a01, // a repeat of the admission
                    Adt.a01(mrns[i], accounts[i]).segment("PID", person.segments.get("PID")).event("A03").field("PV1", 45, "20260114120000"));
            sent.add(pool.submit(() -> {
                java.util.List<String> answers = new java.util.ArrayList<>();
                try (MllpClient c = new MllpClient("localhost", port, 30_000)) {
                    for (Adt m : story) {
                        start.await(30, java.util.concurrent.TimeUnit.SECONDS); // every connection sends at once
                        answers.add(c.send(m.text()));
                    }
                }
                return answers;
            }));
        }
        pool.shutdown();
        for (int i = 0; i < connections; i++) {
            java.util.List<String> answers = sent.get(i).get(120, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(msa(answers.get(0))).as("A01 of connection %d", i).startsWith("MSA|AA|");
            assertThat(msa(answers.get(1))).as("A08 of connection %d", i).startsWith("MSA|AA|");
            assertThat(msa(answers.get(2))).as("faulty message of connection %d", i).startsWith("MSA|AE|");
            assertThat(err(answers.get(2))).contains("|PID^1^7^1|");
            assertThat(msa(answers.get(3))).as("A02 of connection %d", i).startsWith("MSA|AA|");
            assertThat(answers.get(4)).as("the repeat gets the original answer").isEqualTo(answers.get(0));
            assertThat(msa(answers.get(5))).as("A03 of connection %d", i).startsWith("MSA|AA|");
            Long patient = patientWith(mrns[i]);
            assertThat(patient).isNotNull();
            assertThat(jdbc.sql("select count(*) from patient_identifier where system_uri = ? and id_value = ?")
                    .params(Adt.SYSTEM, mrns[i]).query(Long.class).single()).as("registered once").isEqualTo(1);
            assertThat(encounter(accounts[i], "department")).isEqualTo("SUR");
            assertThat(encounter(accounts[i], "location")).isEqualTo("ICU-" + i + "-A (MERCY)");
            assertThat(encounter(accounts[i], "status")).isEqualTo("finished");
            String faulty = msa(answers.get(2)).split("\\|")[2];
            assertThat(jdbc.sql("select status || ' ' || error_location from hl7_message where control_id = ?").param(faulty)
                    .query(String.class).single()).isEqualTo("failed PID-7");
        }
        assertThat(intake.messagesAppliedTogether() - batchedBefore)
                .as("eight connections sending at once share transactions").isPositive();
        assertThat(chain.verify().intact()).isTrue();
    }

    @Test
    void pipelined_messages_of_one_connection_are_applied_and_answered_in_order() throws IOException {
        String mrn = "R" + Adt.unique();
        String account = "V" + Adt.unique();
        Adt a01 = Adt.a01(mrn, account);
        Adt a02 = Adt.a01(mrn, account).event("A02").field("PV1", 3, "ICU^1^A^MERCY");
        Adt a03 = Adt.a01(mrn, account).event("A03").field("PV1", 45, "20260112090000");
        try (MllpClient c = new MllpClient("localhost", port, 30_000)) {
            c.write(a01.text().getBytes(StandardCharsets.UTF_8));
            c.write(a02.text().getBytes(StandardCharsets.UTF_8));
            c.write(a03.text().getBytes(StandardCharsets.UTF_8));
            assertThat(msa(c.read())).isEqualTo("MSA|AA|" + a01.controlIdValue());
            assertThat(msa(c.read())).isEqualTo("MSA|AA|" + a02.controlIdValue());
            assertThat(msa(c.read())).isEqualTo("MSA|AA|" + a03.controlIdValue());
        }
        assertThat(encounter(account, "status")).isEqualTo("finished");
    }

    @Test
    void a_frame_larger_than_10_MB_closes_the_connection_and_the_listener_goes_on() throws IOException {
        byte[] huge = new byte[BoundServerSocketFactory.MAX_FRAME_BYTES + 1024];
        java.util.Arrays.fill(huge, (byte) 'A');
        try (MllpClient c = new MllpClient("localhost", port, 30_000)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                c.write(huge);
                c.read();
            }).isInstanceOf(IOException.class);
        }
        Adt a = Adt.a01("R" + Adt.unique(), "V" + Adt.unique());
        assertThat(msa(send(a))).isEqualTo("MSA|AA|" + a.controlIdValue());
    }

    @org.springframework.boot.test.web.server.LocalServerPort
    int webPort;

    @Test
    void a_technician_corrects_and_reprocesses_a_failed_message_or_discards_one_with_a_reason() throws IOException {
        String mrn = "R" + Adt.unique();
        Adt bad = Adt.a01(mrn, "V" + Adt.unique()).field("PID", 7, "19720230");
        assertThat(msa(send(bad))).startsWith("MSA|AE");
        long id = jdbc.sql("select id from hl7_message where control_id = ?").param(bad.controlIdValue()).query(Long.class).single();
        var page = org.chartkeeper.PageSession.login(webPort, "him");
        var queue = page.get("/interfaces/hl7");
        assertThat(queue.statusCode()).isEqualTo(200);
        assertThat(queue.body()).contains("message-" + id).contains("PID-7").contains("REGADT/MERCY");
        var opened = page.postForm("/interfaces/hl7/messages/" + id, java.util.Map.of());
        assertThat(opened.statusCode()).isEqualTo(200);
        assertThat(opened.body()).contains("19720230");
        assertThat(jdbc.sql("select count(*) from audit_event where username = 'him' and resource_type = 'Hl7Message'"
                + " and resource_id = ? and action = 'VIEW'").param(String.valueOf(id)).query(Long.class).single()).isEqualTo(1);
        String corrected = bad.field("PID", 7, "19720213").text().replace("\r", "\n");
        var done = page.postForm("/interfaces/hl7/messages/" + id + "/reprocess", java.util.Map.of("version", "0", "content", corrected));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
        assertThat(jdbc.sql("select status || ' ' || attempts from hl7_message where id = ?").param(id).query(String.class).single())
                .isEqualTo("processed 2");
        assertThat(jdbc.sql("select birth_date from patient where id = ?").param(patientWith(mrn)).query(String.class).single())
                .isEqualTo("1972-02-13");
        assertThat(new String(jdbc.sql("select content from hl7_message where id = ?").param(id).query(byte[].class).single(),
                StandardCharsets.UTF_8)).as("the original is kept").contains("19720230");
        // the repeat of the original now gets the new answer, and is not applied again
        assertThat(msa(send(bad.field("PID", 7, "19720230")))).startsWith("MSA|AA");

        Adt other = Adt.a01("R" + Adt.unique(), "V" + Adt.unique()).field("PID", 8, "Q");
        send(other);
        long otherId = jdbc.sql("select id from hl7_message where control_id = ?").param(other.controlIdValue()).query(Long.class).single();
        var refused = page.postForm("/interfaces/hl7/messages/" + otherId + "/discard", java.util.Map.of("version", "0", "reason", ""));
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(jdbc.sql("select status from hl7_message where id = ?").param(otherId).query(String.class).single())
                .as("no reason, not discarded").isEqualTo("failed");
        page.postForm("/interfaces/hl7/messages/" + otherId + "/discard", java.util.Map.of("version", "0", "reason", "Test patient sent by mistake"));
        assertThat(jdbc.sql("select status || '|' || discarded_by || '|' || discard_reason from hl7_message where id = ?")
                .param(otherId).query(String.class).single()).isEqualTo("discarded|him|Test patient sent by mistake");
        assertThat(jdbc.sql("select count(*) from audit_event where username = 'him' and action = 'DELETE' and resource_type = 'Hl7Message'"
                + " and reason = 'Test patient sent by mistake'").query(Long.class).single()).isEqualTo(1);
        assertThat(org.chartkeeper.PageSession.login(webPort, "coder").get("/interfaces/hl7").statusCode())
                .as("needs interface.manage").isEqualTo(403);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
