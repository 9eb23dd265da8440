package org.chartkeeper.patient.match;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import net.datafaker.Faker;
import org.chartkeeper.patient.Demographics;

/**
 * A synthetic patient population with labelled duplicates: people drawn with realistic name frequencies (a few
 * common names, a long tail), some registered again with the mistakes registration makes (nicknames, typos, a
 * transposed or mistyped birth date, a move, a new phone, a married name, swapped names, missing fields, another
 * spelling of the address), and the hard non-duplicates every index has (twins, family members at one address,
 * fathers and sons of one name). Deterministic for a seed.
 */
public final class SyntheticPopulation {

    /** One registration and the person it truly is. */
    public record Registration(long person, Demographics demographics) {}

    private static final String[] KEYBOARD = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};

    private final Random random;
    private final List<String> male = new ArrayList<>();
    private final List<String> female = new ArrayList<>();
    private final List<String> family = new ArrayList<>();
    private final List<String> streets = new ArrayList<>();
    private final List<String[]> places = new ArrayList<>(); // city, state, zip
    private final NameStandardizer names = NameStandardizer.standard();

    public SyntheticPopulation(long seed) {
        this.random = new Random(seed);
        Faker faker = new Faker(Locale.US, new Random(seed * 7 + 3));
        var seenM = new LinkedHashSet<String>();
        var seenF = new LinkedHashSet<String>();
        var seenL = new LinkedHashSet<String>();
        for (int i = 0; i < 20_000 && (seenM.size() < 1500 || seenF.size() < 1500); i++) {
            seenM.add(faker.name().maleFirstName());
            seenF.add(faker.name().femaleFirstName());
        }
        for (int i = 0; i < 60_000 && seenL.size() < 8000; i++) seenL.add(faker.name().lastName());
        male.addAll(seenM);
        female.addAll(seenF);
        family.addAll(seenL);
        for (int i = 0; i < 4000; i++) streets.add(faker.address().streetName());
        for (int i = 0; i < 800; i++) {
            places.add(new String[] {faker.address().city(), faker.address().stateAbbr(), faker.address().zipCode().substring(0, 5)});
        }
    }

    /**
     * {@code total} registrations; about {@code duplicateRate} of them are second or third registrations of a person
     * already in the list.
     */
    public List<Registration> generate(int total, double duplicateRate) {
        List<Registration> out = new ArrayList<>(total);
        List<Registration> originals = new ArrayList<>();
        long person = 0;
        while (out.size() < total) {
            double r = random.nextDouble();
            if (!originals.isEmpty() && r < duplicateRate) {
                Registration original = originals.get(random.nextInt(originals.size()));
                out.add(new Registration(original.person(), reRegister(original.demographics())));
                continue;
            }
            Demographics d = newPerson();
            Registration reg = new Registration(++person, d);
            out.add(reg);
            originals.add(reg);
            double h = random.nextDouble();
            if (out.size() < total && h < 0.005) {
                out.add(new Registration(++person, twin(d)));
            } else if (out.size() < total && h < 0.05) {
                out.add(new Registration(++person, householdMember(d)));
            } else if (out.size() < total && h < 0.055 && "male".equals(d.sex())) {
                out.add(new Registration(++person, juniorOf(d)));
            }
        }
        return out;
    }

    private Demographics newPerson() {
        boolean isFemale = random.nextBoolean();
        String given = zipf(isFemale ? female : male);
        String middle = random.nextInt(3) == 0 ? null : zipf(random.nextBoolean() ? male : female);
        LocalDate birth = LocalDate.of(1925, 1, 1).plusDays(random.nextInt(365 * 98));
        String[] place = places.get(random.nextInt(places.size()));
        String address = (1 + random.nextInt(9800)) + " " + streets.get(random.nextInt(streets.size()));
        if (random.nextInt(6) == 0) address += " Apt " + (1 + random.nextInt(40));
        String phone = random.nextInt(10) == 0 ? null : phone();
        String familyName = zipf(family);
        String email = random.nextInt(3) == 0 ? null
                : (given + "." + familyName).toLowerCase(Locale.ROOT).replaceAll("[^a-z.]", "") + random.nextInt(100) + "@example.com";
        String ssn = random.nextInt(10) < 6 ? ssn() : null;
        return new Demographics(familyName, given, middle, birth, isFemale ? "female" : "male", address, place[0],
                place[1], place[2], phone, email, ssn, List.of());
    }

    /** The same person registered again, with one to three of the mistakes and changes registration sees. */
    Demographics reRegister(Demographics d) {
        String familyName = d.familyName();
        String given = d.givenName();
        String middle = d.middleName();
        LocalDate birth = d.birthDate();
        String address = d.addressLine();
        String city = d.city();
        String state = d.state();
        String zip = d.postalCode();
        String phone = d.phone();
        String email = d.email();
        String ssn = d.ssn();
        int errors = 1 + (random.nextInt(10) < 3 ? 1 : 0) + (random.nextInt(10) == 0 ? 1 : 0);
        for (int e = 0; e < errors; e++) {
            switch (random.nextInt(14)) {
                case 0 -> {
                    List<String> v = names.variants(names.standardize(given));
                    given = v.isEmpty() ? typo(given) : capitalize(v.get(random.nextInt(v.size())));
                }
                case 1 -> given = typo(given);
                case 2 -> familyName = typo(familyName);
                case 3 -> {
                    if (birth.getDayOfMonth() <= 12 && birth.getDayOfMonth() != birth.getMonthValue()) {
                        birth = LocalDate.of(birth.getYear(), birth.getDayOfMonth(), birth.getMonthValue());
                    } else {
                        birth = birth.plusDays(random.nextBoolean() ? 1 : -1);
                    }
                }
                case 4 -> birth = random.nextBoolean() ? birth.plusYears(random.nextBoolean() ? 1 : -1)
                        : birth.withDayOfMonth(Math.min(28, 1 + (birth.getDayOfMonth() + 9) % 28));
                case 5 -> { // moved
                    String[] place = places.get(random.nextInt(places.size()));
                    address = (1 + random.nextInt(9800)) + " " + streets.get(random.nextInt(streets.size()));
                    city = place[0];
                    state = place[1];
                    zip = place[2];
                }
                case 6 -> phone = random.nextBoolean() ? phone() : null;
                case 7 -> {
                    if ("female".equals(d.sex()) && random.nextBoolean()) familyName = zipf(family); // married name
                    else middle = middle == null ? null : middle.substring(0, 1);
                }
                case 8 -> {
                    if (random.nextInt(3) == 0) {
                        String t = given;
                        given = familyName;
                        familyName = t;
                    } else {
                        familyName = familyName.toUpperCase(Locale.ROOT);
                        given = given.toUpperCase(Locale.ROOT);
                    }
                }
                case 9 -> {
                    email = null;
                    ssn = null;
                }
                case 10 -> address = address == null ? null : address.replace("Street", "St").replace("Avenue", "Ave.")
                        .replace("Road", "Rd").replace(" Apt ", " #");
                case 11 -> {
                    address = null;
                    zip = null;
                }
                case 12 -> ssn = ssn == null ? null : typo(ssn);
                default -> {
                    middle = null;
                    phone = phone == null ? phone() : phone.replaceAll("\\D", "");
                }
            }
        }
        return new Demographics(familyName, given, middle, birth, d.sex(), address, city, state, zip, phone, email, ssn,
                List.of());
    }

    private Demographics twin(Demographics d) {
        boolean isFemale = random.nextBoolean();
        String given;
        do {
            given = zipf(isFemale ? female : male);
        } while (given.equals(d.givenName()) || names.sameNickname(names.standardize(given), names.standardize(d.givenName())));
        return new Demographics(d.familyName(), given, null, d.birthDate(), isFemale ? "female" : "male",
                d.addressLine(), d.city(), d.state(), d.postalCode(), d.phone(), null, random.nextBoolean() ? ssn() : null,
                List.of());
    }

    private Demographics householdMember(Demographics d) {
        boolean isFemale = random.nextBoolean();
        String given = zipf(isFemale ? female : male);
        LocalDate birth = d.birthDate().plusYears(random.nextInt(61) - 30).plusDays(random.nextInt(365));
        return new Demographics(random.nextInt(4) == 0 ? zipf(family) : d.familyName(), given, null, birth,
                isFemale ? "female" : "male", d.addressLine(), d.city(), d.state(), d.postalCode(), d.phone(), null,
                random.nextBoolean() ? ssn() : null, List.of());
    }

    private Demographics juniorOf(Demographics d) {
        LocalDate birth = d.birthDate().plusYears(22 + random.nextInt(15)).plusDays(random.nextInt(300));
        return new Demographics(d.familyName(), d.givenName(), d.middleName(), birth, "male", d.addressLine(), d.city(),
                d.state(), d.postalCode(), d.phone(), null, random.nextBoolean() ? ssn() : null, List.of());
    }

    /** One keyboard slip: a neighbouring key, a dropped or doubled letter, two letters swapped. */
    String typo(String s) {
        if (s == null || s.length() < 3) return s;
        int i = 1 + random.nextInt(s.length() - 2);
        char c = s.charAt(i);
        return switch (random.nextInt(4)) {
            case 0 -> s.substring(0, i) + neighbour(c) + s.substring(i + 1);
            case 1 -> s.substring(0, i) + s.substring(i + 1);
            case 2 -> s.substring(0, i) + c + s.substring(i);
            default -> s.substring(0, i - 1) + c + s.charAt(i - 1) + s.substring(i + 1);
        };
    }

    private char neighbour(char c) {
        if (Character.isDigit(c)) return (char) ('0' + (c - '0' + 1) % 10);
        char lower = Character.toLowerCase(c);
        for (String row : KEYBOARD) {
            int k = row.indexOf(lower);
            if (k >= 0) {
                char n = row.charAt(k == 0 ? 1 : k - 1);
                return Character.isUpperCase(c) ? Character.toUpperCase(n) : n;
            }
        }
        return c;
    }

    /**
     * A name by rank, skewed as real names are: the most common of 8,000 family names is about 1% of people (Smith
     * is 0.8% in the US census), the tail rare.
     */
    private String zipf(List<String> pool) {
        double u = random.nextDouble();
        return pool.get(Math.min(pool.size() - 1, (int) (pool.size() * u * u)));
    }

    private String phone() {
        return String.format("%03d-555-%04d", 201 + random.nextInt(780), random.nextInt(10000));
    }

    private String ssn() {
        return String.format("%03d-%02d-%04d", 1 + random.nextInt(898), 1 + random.nextInt(98), 1 + random.nextInt(9998));
    }

    private static String capitalize(String upper) {
        return upper.charAt(0) + upper.substring(1).toLowerCase(Locale.ROOT);
    }
}
