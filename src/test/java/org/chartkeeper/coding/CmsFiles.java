package org.chartkeeper.coding;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The CMS code-set zips in ../shared/codesets, read in place; tests that need them skip when they are absent. */
final class CmsFiles {

    static final Path DIR = Path.of("..", "shared", "codesets");

    private CmsFiles() {}

    static byte[] bytes(String name) {
        Path p = DIR.resolve(name);
        assumeTrue(Files.isReadable(p), "skipped: " + p.toAbsolutePath().normalize()
                + " is absent (the CMS code sets live in ../shared/codesets beside the checkout)");
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final java.util.Map<String, CodeSetFile> READ = new java.util.concurrent.ConcurrentHashMap<>();

    /** Read once per test run: several test classes use the same files. */
    static CodeSetFile read(String name) {
        byte[] content = bytes(name);
        return READ.computeIfAbsent(name, n -> CodeSetFile.read(n, content, null));
    }
}
