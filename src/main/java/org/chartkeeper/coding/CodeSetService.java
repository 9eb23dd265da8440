package org.chartkeeper.coding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.AuditEntry;
import org.chartkeeper.audit.AuditOutcome;
import org.chartkeeper.audit.AuditService;
import org.chartkeeper.audit.DataCategory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Code sets: importing CMS files (and user-supplied CPT) as versions by year, the version in effect on a date,
 * validity of a code on a date, differences between versions, code search and the hierarchy.
 *
 * <p>Which version is in effect for a code system on a date: the imported version whose effective dates cover it;
 * in demo mode the demo seed answers for dates no imported version covers. Search and browse are more forgiving
 * than validity: for a date no imported version covers, they use the newest imported version before it (and say
 * so), so that coders can look codes up before next year's files are loaded.
 */
@Service
public class CodeSetService {

    public static final int MAX_LIMIT = 100;
    private static final Logger log = LoggerFactory.getLogger(CodeSetService.class);
    private static final Duration VERSIONS_TTL = Duration.ofSeconds(30);
    private static final int MAX_QUERY = 100;

    private final CodeSetRepository repository;
    private final CodeIndexCache indexes;
    private final AuditService audit;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final boolean server;
    private volatile VersionList versionList;

    private record VersionList(List<CodeSetVersion> all, Instant loadedAt) {}

    public CodeSetService(CodeSetRepository repository, CodeIndexCache indexes, AuditService audit,
                          TransactionTemplate tx, Clock clock, org.springframework.core.env.Environment env) {
        this.repository = repository;
        this.indexes = indexes;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
        // a command-line run (no web server) ends right after its command: no background index builds there
        this.server = !"none".equalsIgnoreCase(env.getProperty("spring.main.web-application-type", "servlet"));
    }

    // ------------------------------------------------------------------------------------------------ import

    /** A file as uploaded: its name (which tells CMS files apart) and its bytes. */
    public record Upload(String name, byte[] content) {}

    /** Imports one file; see {@link #importFiles}. */
    public ImportResult importFile(String fileName, byte[] content, Integer cptYear, Actor actor) {
        return importFiles(List.of(new Upload(fileName, content)), cptYear, actor).getFirst();
    }

    /**
     * Imports files as distributed (CMS zips or their order/HCPCS text files, or a CPT CSV with {@code cptYear}),
     * all or nothing: every file is read and checked before any is stored. The same file again changes nothing. A
     * different file for a system and year already imported is refused: a version is never replaced.
     */
    public List<ImportResult> importFiles(List<Upload> uploads, Integer cptYear, Actor actor) {
        long t0 = System.nanoTime();
        if (uploads.isEmpty()) throw new InvalidRequestException("file", "Give at least one code-set file");
        ImportResult[] results = new ImportResult[uploads.size()];
        int[] stores = new int[uploads.size()]; // which new version answers each upload, or -1
        List<CodeSetFile> toStore = new ArrayList<>();
        for (int i = 0; i < uploads.size(); i++) {
            Upload u = uploads.get(i);
            stores[i] = -1;
            if (u.content() == null || u.content().length == 0) {
                throw new InvalidRequestException("file", (u.name() == null ? "The file" : u.name()) + " is empty");
            }
            String sha = CodeSetFile.sha256(u.content());
            Optional<CodeSetVersion> same = repository.bySha(sha);
            if (same.isPresent()) {
                results[i] = new ImportResult(same.get(), false, u.name(), 0);
                continue;
            }
            int earlier = indexOfSha(toStore, sha);
            if (earlier >= 0) {
                stores[i] = earlier;
                continue;
            }
            CodeSetFile file = CodeSetFile.read(u.name(), u.content(), cptYear);
            repository.imported(file.system(), file.year()).ifPresent(v -> {
                throw new InvalidRequestException("file", v.label() + " is already imported, from " + v.sourceName()
                        + ", with different content; a version is never replaced");
            });
            if (toStore.stream().anyMatch(f -> f.system() == file.system() && f.year() == file.year())) {
                throw new InvalidRequestException("file", "Two of the files are " + label(file));
            }
            stores[i] = toStore.size();
            toStore.add(file);
        }
        List<CodeSetVersion> stored;
        try {
            stored = toStore.isEmpty() ? List.of() : tx.execute(s -> {
                List<CodeSetVersion> out = new ArrayList<>();
                for (CodeSetFile file : toStore) {
                    long id = repository.insertVersion(file.system(), label(file), file.year(), file.sourceName(),
                            file.sha256(), false, file.billableCount(), file.headerCount(), clock.instant(), actor.username());
                    repository.insertEntries(id, file.entries());
                    out.add(repository.version(id).orElseThrow());
                }
                return out;
            });
        } catch (DuplicateKeyException e) {
            throw new InvalidRequestException("file", "Someone imported one of these files at the same moment; nothing"
                    + " was changed by this request. Look at the list of versions.");
        }
        for (int k = 0; k < stored.size(); k++) {
            CodeSetFile file = toStore.get(k);
            CodeSetVersion version = stored.get(k);
            audit.record(AuditEntry.of(AuditAction.ADMIN_CHANGE, DataCategory.CODING, AuditOutcome.SUCCESS)
                    .withResource("CodeSetVersion", version.id())
                    .withDetail("imported " + version.label() + " from " + file.sourceName() + " (" + file.entryName()
                            + ", SHA-256 " + file.sha256() + "): " + file.billableCount() + " billable codes, "
                            + file.headerCount() + " headers"), actor);
        }
        boolean[] answered = new boolean[stored.size()];
        for (int i = 0; i < results.length; i++) {
            if (stores[i] < 0) continue;
            // a file given twice in one request: the first is the import, the second finds it done
            boolean first = !answered[stores[i]];
            answered[stores[i]] = true;
            results[i] = new ImportResult(stored.get(stores[i]), first, uploads.get(i).name(), first ? millis(t0) : 0);
        }
        versionList = null;
        LocalDate today = today();
        List<CodeSetVersion> current = stored.stream()
                .filter(v -> searchVersion(v.system(), today).map(x -> x.id() == v.id()).orElse(false)).toList();
        // today's versions are indexed at once in the background; a search meanwhile waits for its index
        if (!current.isEmpty()) warm(current);
        return List.of(results);
    }

    private static int indexOfSha(List<CodeSetFile> files, String sha) {
        for (int i = 0; i < files.size(); i++) if (files.get(i).sha256().equals(sha)) return i;
        return -1;
    }

    private static String label(CodeSetFile file) {
        return file.system().label() + " " + file.system().yearLabel(file.year());
    }

    /** Loads the demo seed ({@code coding/demo-codes.tsv}) as one demo version per code system, once. */
    public void loadDemoCodes(Actor actor) {
        if (repository.hasDemo()) return;
        byte[] bytes;
        try (InputStream in = CodeSetService.class.getResourceAsStream("/coding/demo-codes.tsv")) {
            if (in == null) throw new IllegalStateException("coding/demo-codes.tsv is missing from the classpath");
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<CodeSystem, List<CodeEntry>> bySystem = new EnumMap<>(CodeSystem.class);
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r?\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t", -1);
            bySystem.computeIfAbsent(CodeSystem.valueOf(f[0]), k -> new ArrayList<>())
                    .add(new CodeEntry(f[1], f[2].equals("1"), f[3], f[4], null));
        }
        tx.executeWithoutResult(s -> bySystem.forEach((system, entries) -> {
            int year = system == CodeSystem.HCPCS ? 2019 : 2026;
            String label = system.label() + " demo seed (" + system.yearLabel(year) + " titles)";
            int billable = (int) entries.stream().filter(CodeEntry::billable).count();
            String sha = CodeSetFile.sha256((system.name() + ":" + new String(bytes, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8));
            long id = repository.insertVersion(system, label, year, "demo-codes.tsv", sha, true, billable,
                    entries.size() - billable,
                    clock.instant(), actor.username());
            repository.insertEntries(id, entries);
        }));
        audit.record(AuditEntry.of(AuditAction.ADMIN_CHANGE, DataCategory.CODING, AuditOutcome.SUCCESS)
                .withResource("CodeSetVersion", "demo").withDetail("loaded the demo code sets: " + bySystem.keySet()), actor);
        versionList = null;
    }

    /** Builds the search indexes of today's versions in the background, so the first search is fast. */
    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        LocalDate today = today();
        List<CodeSetVersion> current = new ArrayList<>();
        for (CodeSystem s : CodeSystem.values()) searchVersion(s, today).ifPresent(current::add);
        warm(current);
    }

    private void warm(List<CodeSetVersion> versions) {
        if (!server || versions.isEmpty()) return;
        Thread.ofPlatform().name("code-index-warmup").daemon(true).start(() -> {
            try {
                versions.forEach(indexes::get);
            } catch (RuntimeException e) {
                log.warn("Code index warm-up failed ({}); indexes are built on first search", e.getClass().getName());
            }
        });
    }

    // ------------------------------------------------------------------------------------------------ versions

    public List<CodeSetVersion> versions() {
        return versionList().all();
    }

    public CodeSetVersion version(long id) {
        return repository.version(id).orElseThrow(() -> new NotFoundException("No code-set version " + id));
    }

    /**
     * The version in effect for a system on a date (a discharge date): the imported version covering the date; in
     * demo mode, the demo seed for dates no imported version covers.
     */
    public Optional<CodeSetVersion> inEffect(CodeSystem system, LocalDate date) {
        return covering(system, date).or(() -> demo(system));
    }

    /**
     * For search and browse: the imported version covering the date, else the newest imported version before it
     * (next year's files not loaded yet), else the demo seed, else the oldest imported version.
     */
    Optional<CodeSetVersion> searchVersion(CodeSystem system, LocalDate date) {
        List<CodeSetVersion> real = versionList().all().stream().filter(x -> x.system() == system && !x.demo()).toList();
        return covering(system, date)
                .or(() -> real.stream().filter(x -> !x.effectiveFrom().isAfter(date)).max(Comparator.comparing(CodeSetVersion::effectiveFrom)))
                .or(() -> demo(system))
                .or(() -> real.stream().min(Comparator.comparing(CodeSetVersion::effectiveFrom)));
    }

    private Optional<CodeSetVersion> covering(CodeSystem system, LocalDate date) {
        return versionList().all().stream().filter(v -> v.system() == system && !v.demo() && v.covers(date))
                .max(Comparator.comparing(CodeSetVersion::id));
    }

    private Optional<CodeSetVersion> demo(CodeSystem system) {
        return versionList().all().stream().filter(v -> v.system() == system && v.demo()).findFirst();
    }

    private VersionList versionList() {
        VersionList l = versionList;
        if (l == null || l.loadedAt().plus(VERSIONS_TTL).isBefore(clock.instant())) {
            l = new VersionList(repository.versions(), clock.instant());
            versionList = l;
        }
        return l;
    }

    // ------------------------------------------------------------------------------------------------ validity

    /** Whether the code may be reported for that date: billable in the version in effect then, not terminated. */
    public boolean isValid(CodeSystem system, String code, LocalDate date) {
        return validity(system, code, date).valid();
    }

    public CodeValidity validity(CodeSystem system, String code, LocalDate date) {
        String c = CodeSystem.normalize(code);
        Optional<CodeSetVersion> v = inEffect(system, date);
        if (v.isEmpty()) {
            return new CodeValidity(system, c, date, false, "no-code-set", null, "No " + system.label() + " code set is in effect on " + date);
        }
        CodeIndex index = indexes.get(v.get());
        int d = c.isEmpty() ? -1 : index.lookup(c);
        String shown = system.display(c);
        if (d < 0) return new CodeValidity(system, c, date, false, "not-in-code-set", v.get().label(), shown + " is not a code in " + v.get().label());
        if (!index.billable(d)) {
            return new CodeValidity(system, c, date, false, "header", v.get().label(), shown + " is a header (not billable): choose a"
                    + " code below it");
        }
        LocalDate terminated = index.terminatedOn(d);
        if (terminated != null && date.isAfter(terminated)) {
            return new CodeValidity(system, c, date, false, "terminated", v.get().label(), shown + " was terminated on " + terminated);
        }
        return new CodeValidity(system, c, date, true, "valid", v.get().label(), shown + " is valid in " + v.get().label());
    }

    /** The title of a code in the version for the date (search rules: the nearest version when none covers it). */
    Optional<String> title(CodeSystem system, String code, LocalDate date) {
        return searchVersion(system, date).flatMap(v -> {
            CodeIndex index = indexes.get(v);
            int d = index.lookup(CodeSystem.normalize(code));
            return d < 0 ? Optional.empty() : Optional.of(index.title(d));
        });
    }

    // ------------------------------------------------------------------------------------------------ differences

    public CodeSetDiff diff(long fromId, long toId, int limit) {
        CodeSetVersion from = version(fromId);
        CodeSetVersion to = version(toId);
        if (from.system() != to.system()) {
            throw new InvalidRequestException("to", "Compare two versions of one code system (" + from.label() + " and "
                    + to.label() + " differ)");
        }
        int cap = Math.max(0, Math.min(limit, 10_000));
        CodeSystem s = from.system();
        List<CodeRef> added = repository.billableOnlyIn(toId, fromId, cap).stream().map(e -> ref(s, e)).toList();
        List<CodeRef> deleted = repository.billableOnlyIn(fromId, toId, cap).stream().map(e -> ref(s, e)).toList();
        List<CodeSetDiff.RevisedTitle> revised = repository.revisedTitles(fromId, toId, cap).stream()
                .map(r -> new CodeSetDiff.RevisedTitle(r[0], s.display(r[0]), r[1], r[2])).toList();
        return new CodeSetDiff(from, to, repository.countBillableOnlyIn(toId, fromId),
                repository.countBillableOnlyIn(fromId, toId), repository.countRevisedTitles(fromId, toId), added, deleted,
                revised);
    }

    private static CodeRef ref(CodeSystem s, CodeEntry e) {
        return new CodeRef(e.code(), s.display(e.code()), e.title(), e.billable());
    }

    // ------------------------------------------------------------------------------------------------ search

    /**
     * Type-ahead search by code (with or without the dot) or by words of the title, in the version of each system
     * (or of the one given) for the date (today when null).
     */
    public CodeSearchResult search(String query, CodeSystem system, LocalDate date, int limit) {
        long t0 = System.nanoTime();
        if (query == null || query.isBlank()) throw new InvalidRequestException("q", "Type a code or words of its title");
        if (query.length() > MAX_QUERY) throw new InvalidRequestException("q", "At most " + MAX_QUERY + " characters");
        if (limit < 1 || limit > MAX_LIMIT) throw new InvalidRequestException("limit", "Between 1 and " + MAX_LIMIT);
        LocalDate on = date == null ? today() : date;
        List<CodeMatch> all = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (CodeSystem s : system == null ? List.of(CodeSystem.values()) : List.of(system)) {
            Optional<CodeSetVersion> v = searchVersion(s, on);
            if (v.isEmpty()) {
                if (system != null) notes.add("No " + s.label() + " code set has been imported");
                continue;
            }
            versions.add(v.get().label());
            if (!v.get().demo() && !v.get().covers(on)) {
                notes.add("No " + s.label() + " version covers " + on + "; searched " + v.get().label());
            }
            CodeIndex index = indexes.get(v.get());
            for (CodeIndex.Hit h : index.search(query, limit)) {
                int d = h.doc();
                all.add(new CodeMatch(s, index.code(d), s.display(index.code(d)), index.title(d), index.billable(d),
                        h.exactCode(), v.get().label()));
            }
        }
        if (system == null) {
            // several systems: exact codes, then billable, then the order each index gave (stable sort)
            all.sort(Comparator.comparing((CodeMatch m) -> !m.exact()).thenComparing(m -> !m.billable()));
        }
        List<CodeMatch> top = all.size() > limit ? List.copyOf(all.subList(0, limit)) : List.copyOf(all);
        return new CodeSearchResult(query, on, top, versions, notes, (System.nanoTime() - t0) / 1000);
    }

    // ------------------------------------------------------------------------------------------------ hierarchy

    public List<Chapter> chapters(CodeSystem system) {
        return indexes.chapters().of(system);
    }

    public ChapterView chapter(CodeSystem system, String key, LocalDate date) {
        Chapter chapter = chapters(system).stream().filter(c -> c.key().equalsIgnoreCase(key)).findFirst()
                .orElseThrow(() -> new NotFoundException("No chapter " + key + " in " + system.label()));
        CodeSetVersion v = requireVersion(system, date);
        CodeIndex index = indexes.get(v);
        List<CodeRef> codes = new ArrayList<>();
        for (int d : index.roots(chapter.key())) codes.add(ref(system, index, d));
        return new ChapterView(chapter, v.id(), v.label(), codes);
    }

    /** A code with its place in the hierarchy, in the version for the date (today when null). */
    public CodeDetail code(CodeSystem system, String code, LocalDate date) {
        LocalDate on = date == null ? today() : date;
        CodeSetVersion v = requireVersion(system, on);
        CodeIndex index = indexes.get(v);
        String c = CodeSystem.normalize(code);
        int d = index.lookup(c);
        if (d < 0) throw new NotFoundException(system.display(c) + " is not a code in " + v.label());
        List<CodeRef> path = new ArrayList<>();
        for (int p = index.parent(d); p >= 0; p = index.parent(p)) path.addFirst(ref(system, index, p));
        List<CodeRef> children = new ArrayList<>();
        for (int k : index.children(d)) children.add(ref(system, index, k));
        String chapterKey = index.chapter(d);
        Chapter chapter = chapterKey == null ? null
                : chapters(system).stream().filter(x -> x.key().equals(chapterKey)).findFirst().orElse(null);
        CodeValidity validity = validity(system, c, on);
        return new CodeDetail(system, c, system.display(c), index.title(d), index.shortTitle(d), index.billable(d),
                index.terminatedOn(d), v.id(), v.label(), on, validity.valid(), validity.reason(), chapter, path, children);
    }

    private CodeSetVersion requireVersion(CodeSystem system, LocalDate date) {
        return searchVersion(system, date == null ? today() : date)
                .orElseThrow(() -> new NotFoundException("No " + system.label() + " code set has been imported"));
    }

    private static CodeRef ref(CodeSystem s, CodeIndex index, int d) {
        return new CodeRef(index.code(d), s.display(index.code(d)), index.title(d), index.billable(d));
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
