package org.chartkeeper.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.coding.CodingFinding;
import org.chartkeeper.coding.EncounterCoding;
import org.chartkeeper.coding.EncounterCodingService;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.UserService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The demo hospital's charts fit their patients: no final-coded demo chart shows a sex or age conflict in the coding
 * workspace, no man or child has an obstetric code, and each chart's codes are the diagnosis its notes describe.
 */
@IntegrationTest
class DemoChartsFitTheirPatientsTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    EncounterCodingService coding;

    @Autowired
    UserService users;

    /** The demo hospital's patients, all registered at its creation (other tests' patients come later). */
    private static final String DEMO_PATIENT = "p.created_at = (select created_at from patient where mrn = 'M0000001')";

    /** A final-coded demo encounter: the demo coders' abstracts (version 3) of demo patients. */
    record Coded(long encounter, String sex, int age, boolean restricted, List<String> dx) {}

    private List<Coded> demoCoded() {
        Map<Long, Object[]> encounters = new LinkedHashMap<>();
        jdbc.sql("select a.encounter_id, p.sex, p.birth_date, e.admit_at, p.restricted from coding_abstract a"
                        + " join encounter e on e.id = a.encounter_id join patient p on p.id = a.patient_id"
                        + " where a.status = 'final' and a.version = 3 and a.finalized_by in ('coder', 'coder2')"
                        + " and " + DEMO_PATIENT + " order by a.encounter_id")
                .query((rs, n) -> encounters.put(rs.getLong(1), new Object[] {rs.getString(2),
                        Period.between(rs.getObject(3, LocalDate.class), rs.getObject(4, OffsetDateTime.class)
                                .withOffsetSameInstant(ZoneOffset.UTC).toLocalDate()).getYears(), rs.getBoolean(5)}))
                .list();
        Map<Long, List<String>> codes = new LinkedHashMap<>();
        jdbc.sql("select encounter_id, code from coding_abstract_code where kind = 'diagnosis' order by encounter_id, seq")
                .query((rs, n) -> codes.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2)))
                .list();
        List<Coded> out = new ArrayList<>();
        encounters.forEach((id, e) -> out.add(new Coded(id, (String) e[0], (Integer) e[1], (Boolean) e[2],
                codes.getOrDefault(id, List.of()))));
        return out;
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void no_demo_coded_chart_shows_a_sex_or_age_conflict_in_the_coding_workspace() {
        List<Coded> coded = demoCoded();
        assertThat(coded).as("the demo hospital's final-coded charts").hasSizeGreaterThan(1000);
        // the sex and age edits depend only on the codes, the sex and the age: one chart for each codes-sex-age band
        // combination stands for the rest, the bands cut where an age edit's range begins or ends
        TreeSet<Integer> cuts = new TreeSet<>();
        jdbc.sql("select min_age, max_age from coding_edit_code where edit_code = 'age-conflict'").query((rs, n) -> {
            cuts.add(rs.getInt(1));
            cuts.add(rs.getInt(2) + 1);
            return null;
        }).list();
        Map<String, Coded> representatives = new LinkedHashMap<>();
        for (Coded c : coded) {
            if (c.restricted()) continue; // opened by the access gate with a break-glass reason only
            String key = c.dx() + "|" + c.sex() + "|" + cuts.headSet(c.age(), true).size();
            representatives.putIfAbsent(key, c);
        }
        actAs("coder");
        List<String> conflicts = new ArrayList<>();
        for (Coded c : representatives.values()) {
            EncounterCoding view = coding.get(c.encounter());
            for (CodingFinding f : view.edits()) {
                if (f.edit().equals("sex-conflict") || f.edit().equals("age-conflict")) {
                    conflicts.add("encounter " + c.encounter() + " (" + c.age() + "-year-old " + c.sex() + "): "
                            + f.message());
                }
            }
        }
        assertThat(representatives).hasSizeGreaterThan(20);
        assertThat(conflicts).as("sex and age edits on demo charts").isEmpty();
    }

    @Test
    void obstetric_codes_are_on_women_of_15_to_49_and_pediatric_scenarios_on_children_only() {
        List<Coded> coded = demoCoded();
        List<String> wrong = new ArrayList<>();
        int obstetric = 0;
        int pediatric = 0;
        for (Coded c : coded) {
            boolean ob = c.dx().stream().anyMatch(code -> code.startsWith("O") || code.startsWith("Z3"));
            if (ob) {
                obstetric++;
                if (!c.sex().equals("female") || c.age() < 15 || c.age() > 49) wrong.add(c.toString());
            }
            if (c.dx().contains("J219") || c.dx().contains("A084")) {
                pediatric++;
                if (c.age() > 17 || (c.dx().contains("J219") && c.age() > 1)) wrong.add(c.toString());
            }
        }
        assertThat(obstetric).as("obstetric charts").isGreaterThan(0);
        assertThat(pediatric).as("pediatric charts").isGreaterThan(0);
        assertThat(wrong).as("obstetric codes off women of 15 to 49, pediatric scenarios on adults").isEmpty();
        // no obstetric code on a man's encounter at all, coded by anyone
        assertThat(jdbc.sql("select count(*) from coding_abstract_code c join coding_abstract a on a.encounter_id ="
                + " c.encounter_id join patient p on p.id = a.patient_id where p.sex = 'male' and " + DEMO_PATIENT
                + " and (c.code like 'O%' or c.code like 'Z3%')").query(Integer.class).single()).isZero();
    }

    @Test
    void each_chart_is_coded_with_the_diagnosis_its_notes_describe() {
        Map<Long, StringBuilder> notes = new LinkedHashMap<>();
        jdbc.sql("select d.encounter_id, v.body from document d join document_version v on v.document_id = d.id"
                        + " and v.version_no = 1 where d.encounter_id is not null and v.body is not null order by d.id")
                .query((rs, n) -> notes.computeIfAbsent(rs.getLong(1), k -> new StringBuilder()).append(rs.getString(2))
                        .append('\n')).list();
        List<String> mismatched = new ArrayList<>();
        int checked = 0;
        for (Coded c : demoCoded()) {
            StringBuilder note = notes.get(c.encounter());
            if (note == null) continue;
            String text = note.toString();
            DemoCoding.Coded described = DemoCoding.CODED.stream().filter(x -> text.contains(x.name())).findFirst()
                    .orElse(null);
            checked++;
            if (described == null || !codes(described, c.dx())) {
                mismatched.add("encounter " + c.encounter() + " coded " + c.dx() + ", its notes describe "
                        + (described == null ? "nothing known" : described.name()));
            }
        }
        assertThat(checked).isGreaterThan(1000);
        assertThat(mismatched).isEmpty();
    }

    /**
     * The abstract codes the scenario: its codes are there (the outcome of delivery on the inpatient stay only),
     * hypertension and type 2 diabetes perhaps as the combination codes the past history calls for.
     */
    private static boolean codes(DemoCoding.Coded scenario, List<String> dx) {
        if (dx.isEmpty()) return false;
        for (String code : scenario.dx()) {
            if (code.startsWith("Z37")) continue;
            boolean there = dx.contains(code)
                    || code.equals("I10") && dx.stream().anyMatch(d -> d.equals("I110") || d.equals("I129") || d.equals("I130"))
                    || code.equals("E119") && dx.contains("E1122");
            if (!there) return false;
        }
        return true;
    }

    private void actAs(String username) {
        long id = users.findByUsername(username).orElseThrow().id();
        CurrentUser user = users.currentUser(id, null).orElseThrow();
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null,
                List.of()));
    }
}
