package org.chartkeeper.patient;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.UserService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/** Patients with chosen demographics for the matching tests, and acting as a demo user in-process. */
record MatchFixtures(JdbcClient jdbc, UserService users) {

    /** A unique-looking family name, so a test's people are matched only with each other. */
    static String family(String stem) {
        String u = UUID.randomUUID().toString().replaceAll("[^a-f]", "");
        StringBuilder b = new StringBuilder(stem);
        for (int i = 0; i < 6 && i < u.length(); i++) b.append((char) ('a' + (u.charAt(i) - 'a') * 3 % 26));
        return b.toString();
    }

    long insert(Demographics d) {
        String mrn = "M" + UUID.randomUUID().toString().replace("-", "").substring(0, 9).toUpperCase();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("insert into patient (facility_code, mrn, family_name, given_name, middle_name, birth_date, sex,"
                        + " address_line, city, state, postal_code, phone, email, restricted, created_at, updated_at)"
                        + " values ((select min(code) from facility), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, false, ?, ?)")
                .params(mrn, d.familyName(), d.givenName(), d.middleName(), d.birthDate(), d.sex(), d.addressLine(),
                        d.city(), d.state(), d.postalCode(), d.phone(), d.email(), now, now)
                .update();
        return jdbc.sql("select id from patient where mrn = ?").param(mrn).query(Long.class).single();
    }

    static Demographics person(String given, String family, LocalDate birth, String sex, String address) {
        return new Demographics(family, given, null, birth, sex, address, "Columbus", "OH", "43215", "614-555-0177",
                null, null, List.of());
    }

    void actAs(String username) {
        long id = users.findByUsername(username).orElseThrow().id();
        CurrentUser user = users.currentUser(id, null).orElseThrow();
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(user, null, List.of()));
    }

    static void signOut() {
        SecurityContextHolder.clearContext();
    }
}
