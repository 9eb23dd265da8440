package org.chartkeeper.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.chartkeeper.ChartkeeperProperties;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.coding.CodeSetService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The demo hospital codes with its shipped seed of the codes it uses; when the full CMS code-set files are at hand
 * ({@code chartkeeper.demo-code-sets}: a directory of the zips as CMS distributes them, which {@code bin/chartkeeper-demo}
 * points at {@code ../shared/codesets} when that exists), they are imported in the background once the server is
 * ready, each file on its own (the same file again changes nothing), so coders search every code.
 */
@Component
class DemoCmsCodeSets {

    private static final Logger log = LoggerFactory.getLogger(DemoCmsCodeSets.class);

    private final ChartkeeperProperties properties;
    private final CodeSetService codeSets;
    private final String directory;

    DemoCmsCodeSets(ChartkeeperProperties properties, CodeSetService codeSets,
                    @Value("${chartkeeper.demo-code-sets:}") String directory) {
        this.properties = properties;
        this.codeSets = codeSets;
        this.directory = directory;
    }

    @EventListener(ApplicationReadyEvent.class)
    void importWhenPresent() {
        if (!properties.demo() || directory == null || directory.isBlank()) return;
        Path dir = Path.of(directory.strip());
        if (!Files.isDirectory(dir)) {
            log.info("No CMS code-set files at {}: the demo codes with its seed only", dir);
            return;
        }
        Thread.ofVirtual().name("demo-code-sets").start(() -> importAll(dir));
    }

    /** Imports every zip in {@code dir}, oldest year first; returns how many files made a new version. */
    int importAll(Path dir) {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".zip")).sorted().toList();
        } catch (IOException e) {
            log.warn("Could not list the CMS code-set files in {} ({})", dir, e.getClass().getSimpleName());
            return 0;
        }
        int imported = 0;
        for (Path f : files) {
            long t0 = System.nanoTime();
            try {
                var result = codeSets.importFile(f.getFileName().toString(), Files.readAllBytes(f), null,
                        Actor.system("demo-setup"));
                if (result.imported()) {
                    imported++;
                    log.info("Demo: imported {} from {} in {} ms", result.version().label(), f.getFileName(),
                            (System.nanoTime() - t0) / 1_000_000);
                }
            } catch (InvalidRequestException e) {
                log.warn("Demo: {} was not imported: {}", f.getFileName(), e.getMessage());
            } catch (IOException | RuntimeException e) {
                log.warn("Demo: {} was not imported ({})", f.getFileName(), e.getClass().getSimpleName());
            }
        }
        return imported;
    }
}
