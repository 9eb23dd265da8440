package org.chartkeeper.patient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.security.UserService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** findMatches against the database: blocked candidate retrieval, scoring, the rules, the audit record. */
@IntegrationTest
class PatientMatchServiceTest {

    @Autowired JdbcClient jdbc;
    @Autowired UserService users;
    @Autowired PatientMatchService matching;
    @Autowired DuplicateService duplicates;
    @Autowired MatchRepository repository;

    MatchFixtures fx;
    PatientFixtures db;

    @BeforeEach
    void setUp() {
        fx = new MatchFixtures(jdbc, users);
        db = new PatientFixtures(jdbc);
        fx.actAs("him");
    }

    @AfterEach
    void tearDown() {
        MatchFixtures.signOut();
    }

    /** A patient added as registration adds one: inserted, then indexed by the catch-up. */
    private long registered(Demographics d) {
        long id = fx.insert(d);
        matching.catchUp();
        return id;
    }

    @Test
    void a_patient_added_by_other_means_is_indexed_within_seconds() throws InterruptedException {
        String family = MatchFixtures.family("Feed");
        long id = fx.insert(MatchFixtures.person("Ottoline", family, LocalDate.of(1931, 7, 30), "female", "4 Quay St"));
        Demographics same = MatchFixtures.person("Ottoline", family, LocalDate.of(1931, 7, 30), "female", "4 Quay St");
        long deadline = System.nanoTime() + (PatientMatchService.CATCH_UP_EVERY_SECONDS + 10) * 1_000_000_000L;
        List<MatchResult> found = matching.findMatches(same, 5);
        while (found.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            found = matching.findMatches(same, 5);
        }
        assertThat(found).extracting(MatchResult::patientId).containsExactly(id);
    }

    @Test
    void a_registered_patient_is_found_under_a_nickname_and_the_search_is_audited_without_values() {
        String family = MatchFixtures.family("Quill");
        long robert = registered(MatchFixtures.person("Robert", family, LocalDate.of(1961, 3, 14), "male", "1420 Maple Avenue"));
        long before = db.lastSeq();

        List<MatchResult> found = matching.findMatches(
                MatchFixtures.person("Bob", family.toUpperCase(), LocalDate.of(1961, 3, 14), "M", "1420 Maple Ave."), 10);

        assertThat(found).isNotEmpty();
        assertThat(found.getFirst().patientId()).isEqualTo(robert);
        assertThat(found.getFirst().grade()).isEqualTo(MatchGrade.CERTAIN);
        assertThat(found.getFirst().explanation()).anyMatch(l -> l.startsWith("first name: nickname"));
        var events = db.eventsSince(before, "him");
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().action()).isEqualTo("SEARCH");
        assertThat(events.getFirst().detail()).contains("match:").contains("family").doesNotContain(family)
                .contains(found.size() + " result(s)");
    }

    @Test
    void a_birth_date_with_day_and_month_transposed_is_found() {
        String family = MatchFixtures.family("Marchet");
        long daniela = registered(MatchFixtures.person("Daniela", family, LocalDate.of(1987, 4, 9), "female", "77 Oak Street"));
        List<MatchResult> found = matching.findMatches(
                MatchFixtures.person("Daniela", family, LocalDate.of(1987, 9, 4), "female", "77 Oak St"), 5);
        assertThat(found).extracting(MatchResult::patientId).containsExactly(daniela);
        assertThat(found.getFirst().explanation()).anyMatch(l -> l.startsWith("birth date: day and month transposed"));
    }

    @Test
    void a_twin_with_the_same_birth_date_and_address_but_another_first_name_is_not_offered() {
        String family = MatchFixtures.family("Brenn");
        long michael = registered(MatchFixtures.person("Michael", family, LocalDate.of(2004, 6, 21), "male", "9 Elm Court"));
        List<MatchResult> found = matching.findMatches(
                MatchFixtures.person("Christopher", family, LocalDate.of(2004, 6, 21), "male", "9 Elm Court"), 10);
        assertThat(found).extracting(MatchResult::patientId).doesNotContain(michael);
        // and the twin himself is found again
        assertThat(matching.findMatches(MatchFixtures.person("Michael", family, LocalDate.of(2004, 6, 21), "male",
                "9 Elm Court"), 10)).extracting(MatchResult::patientId).containsExactly(michael);
    }

    @Test
    void a_patient_changed_after_indexing_is_found_under_the_new_demographics() {
        String family = MatchFixtures.family("Movers");
        long id = registered(MatchFixtures.person("Harriet", family, LocalDate.of(1950, 2, 2), "female", "1 First Ave"));
        assertThat(matching.findMatches(MatchFixtures.person("Harriet", family, LocalDate.of(1950, 2, 2), "female",
                "1 First Ave"), 5)).extracting(MatchResult::patientId).containsExactly(id);
        String married = MatchFixtures.family("Wed");
        jdbc.sql("update patient set family_name = ?, version = version + 1, updated_at = current_timestamp where id = ?")
                .params(married, id).update();
        matching.index(id);
        assertThat(matching.findMatches(MatchFixtures.person("Harriet", married, LocalDate.of(1950, 2, 2), "female",
                "1 First Ave"), 5)).extracting(MatchResult::patientId).containsExactly(id);
    }

    @Test
    void merged_patients_are_not_offered() {
        String family = MatchFixtures.family("Gone");
        long survivor = registered(MatchFixtures.person("Iris", family, LocalDate.of(1940, 8, 8), "female", "5 Pine Rd"));
        long retired = registered(MatchFixtures.person("Iris", family, LocalDate.of(1940, 8, 8), "female", "5 Pine Rd"));
        jdbc.sql("update patient set status = 'merged', merged_into = ? where id = ?").params(survivor, retired).update();
        assertThat(matching.findMatches(MatchFixtures.person("Iris", family, LocalDate.of(1940, 8, 8), "female",
                "5 Pine Rd"), 5)).extracting(MatchResult::patientId).containsExactly(survivor);
    }

    @Test
    void compare_of_two_patients_opens_both_through_the_gate_and_explains_the_score() {
        String family = MatchFixtures.family("Pair");
        long a = registered(MatchFixtures.person("Katherine", family, LocalDate.of(1975, 5, 5), "female", "3 Birch Ln"));
        long b = registered(MatchFixtures.person("Kate", family, LocalDate.of(1975, 5, 5), "female", "3 Birch Lane"));
        long before = db.lastSeq();
        MatchResult r = matching.compare(a, b);
        assertThat(r.patientId()).isEqualTo(b);
        assertThat(r.grade()).isEqualTo(MatchGrade.CERTAIN);
        assertThat(r.explanation()).anyMatch(l -> l.startsWith("street address: same"));
        assertThat(db.eventsSince(before, "him")).extracting(PatientFixtures.Event::patientId).containsExactly(a, b);
    }

    @Test
    void a_new_registration_is_checked_at_once_and_its_duplicate_proposed_once_with_a_work_item() {
        String family = MatchFixtures.family("Incr");
        long first = registered(MatchFixtures.person("Elizabeth", family, LocalDate.of(1969, 12, 1), "female", "70 Park Avenue"));
        java.util.Map<Long, Demographics> people = new java.util.LinkedHashMap<>();
        Demographics liz = MatchFixtures.person("Liz", family, LocalDate.of(1969, 1, 12), "female", "70 Park Ave");
        long again = fx.insert(liz);
        people.put(again, liz);
        String twins = MatchFixtures.family("Pair");
        Demographics theodore = MatchFixtures.person("Theodore", twins, LocalDate.of(1988, 3, 14), "male", "9 Elm Street");
        long twinA = fx.insert(theodore);
        people.put(twinA, theodore);
        Demographics ted = MatchFixtures.person("Ted", twins, LocalDate.of(1988, 3, 14), "male", "9 Elm St");
        long twinB = fx.insert(ted);
        people.put(twinB, ted);
        Demographics quentin = MatchFixtures.person("Quentin", MatchFixtures.family("Alone"), LocalDate.of(1950, 6, 2),
                "male", "1 Far Road");
        long nobody = fx.insert(quentin);
        people.put(nobody, quentin);
        List<Long> batch = List.copyOf(people.keySet());
        matching.index(batch);

        var together = matching.matchEach(people, 20);
        for (long id : batch) {
            assertThat(together.get(id)).as("patient %d checked with others", id)
                    .isEqualTo(matching.match(people.get(id), 20, id));
        }
        assertThat(together.get(again)).extracting(MatchResult::patientId).containsExactly(first);
        assertThat(together.get(twinA)).extracting(MatchResult::patientId).containsExactly(twinB);
        assertThat(together.get(nobody)).isEmpty();

        var proposed = duplicates.checkPatients(batch);

        assertThat(proposed.get(again)).extracting(MatchResult::patientId).containsExactly(first);
        assertThat(proposed.get(twinA)).extracting(MatchResult::patientId).containsExactly(twinB);
        assertThat(proposed.get(twinB)).as("the pair the twins make, proposed from the first side only").isEmpty();
        assertThat(jdbc.sql("select count(*) from duplicate_candidate where patient_a = ? and patient_b = ?")
                .params(Math.min(twinA, twinB), Math.max(twinA, twinB)).query(Long.class).single()).isEqualTo(1);
        assertThat(duplicates.checkPatients(batch).values()).as("known pairs are not proposed again").allMatch(List::isEmpty);
    }

    @Test
    void each_person_gets_the_distinct_patients_of_its_keys_up_to_the_limit_and_a_broad_key_holding_more_than_its_limit_none() {
        String tag = MatchFixtures.family("Keys");
        String k1 = "test:" + tag + ":1", k2 = "test:" + tag + ":2", kb = "test:" + tag + ":b", kc = "test:" + tag + ":c";
        long p = 9_000_000_000L + Math.floorMod(tag.hashCode(), 1_000_000) * 10L;
        java.util.Map<String, List<Long>> index = java.util.Map.of(k1, List.of(p + 1, p + 2, p + 3), k2, List.of(p + 3, p + 4),
                kb, List.of(p + 1, p + 2, p + 3, p + 4, p + 5), kc, List.of(p + 1, p + 2));
        index.forEach((key, ids) -> ids.forEach(id -> jdbc.sql("insert into patient_match_key (block_key, for_patient) values (?, ?)")
                .params(key, id).update()));

        var shared = repository.sharingOfEach(List.of(List.of(k1, k2), List.of(k2)), List.of(List.of(), List.of(k1)),
                List.of(kb, kc, kc), 10, 3);
        assertThat(shared.strong().get(0)).as("k1 and k2 together, each patient once").containsExactlyInAnyOrder(p + 1, p + 2, p + 3, p + 4);
        assertThat(shared.strong().get(1)).containsExactlyInAnyOrder(p + 3, p + 4);
        assertThat(shared.wide().get(0)).isEmpty();
        assertThat(shared.wide().get(1)).containsExactlyInAnyOrder(p + 1, p + 2, p + 3);
        assertThat(shared.broad().get(kb)).as("five patients, more than the broad limit of 3: too common to narrow").isEmpty();
        assertThat(shared.broad().get(kc)).containsExactlyInAnyOrder(p + 1, p + 2);

        var capped = repository.sharingOfEach(List.of(List.of(k1, k2)), List.of(List.of(k2)), List.of(), 3, 0);
        assertThat(capped.strong().getFirst()).as("at most the limit, distinct, all of them the keys' patients")
                .hasSize(3).doesNotHaveDuplicates().isSubsetOf(p + 1, p + 2, p + 3, p + 4);
        assertThat(capped.wide().getFirst()).containsExactlyInAnyOrder(p + 3, p + 4);
        jdbc.sql("delete from patient_match_key where block_key in (?, ?, ?, ?)").params(k1, k2, kb, kc).update();
    }

    @Test
    void a_search_without_a_name_or_with_a_silly_count_is_refused_naming_the_field() {
        assertThatThrownBy(() -> matching.findMatches(new Demographics(null, " ", null, LocalDate.of(1970, 1, 1), null,
                null, null, null, null, null, null, null, List.of()), 5))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("name"));
        assertThatThrownBy(() -> matching.findMatches(MatchFixtures.person("A", "B", null, null, null), 0))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("count"));
    }
}
