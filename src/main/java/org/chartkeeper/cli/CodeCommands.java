package org.chartkeeper.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.coding.CodeSetService;
import org.chartkeeper.coding.CodeSetVersion;
import org.chartkeeper.coding.ImportResult;
import org.springframework.beans.factory.annotation.Autowired;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "codes", description = "Code sets (ICD-10-CM, ICD-10-PCS, HCPCS, CPT)",
        subcommands = {CodeCommands.Import.class, CodeCommands.ListVersions.class})
class CodeCommands {

    @Command(name = "import", description = "Import code-set files as CMS distributes them (the zips or their order"
            + " files), or a CPT CSV (code,description) with --year; the same file again changes nothing")
    static class Import implements Callable<Integer> {
        @Autowired CodeSetService codes;
        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to import") List<Path> files;
        @Option(names = "--year", description = "Year of a CPT file") Integer year;

        @Override
        public Integer call() throws IOException {
            List<CodeSetService.Upload> uploads = new ArrayList<>();
            for (Path p : files) {
                if (!Files.isReadable(p)) {
                    System.err.println("Cannot read " + p);
                    return 2;
                }
                uploads.add(new CodeSetService.Upload(p.getFileName().toString(), Files.readAllBytes(p)));
            }
            long t0 = System.nanoTime();
            try {
                for (ImportResult r : codes.importFiles(uploads, year, UserCommands.cliActor())) {
                    CodeSetVersion v = r.version();
                    System.out.printf(r.imported() ? "Imported %s from %s: %,d billable codes, %,d headers, effective %s to %s%n"
                                    : "Unchanged: %s from %s was already imported (%,d billable codes, %,d headers, %s to %s)%n",
                            v.label(), r.sourceName(), v.billableCount(), v.headerCount(), v.effectiveFrom(), v.effectiveTo());
                }
            } catch (InvalidRequestException e) {
                System.err.println("Nothing imported: " + e.getMessage());
                return 2;
            }
            System.out.printf("Done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            return 0;
        }
    }

    @Command(name = "list", description = "List the code-set versions")
    static class ListVersions implements Callable<Integer> {
        @Autowired CodeSetService codes;

        @Override
        public Integer call() {
            for (CodeSetVersion v : codes.versions()) {
                System.out.printf("%4d  %-40s %s  %,7d billable %,7d headers  %s%n", v.id(), v.label(),
                        v.demo() ? "any date (demo)         " : v.effectiveFrom() + " to " + v.effectiveTo(),
                        v.billableCount(), v.headerCount(), v.sourceName());
            }
            return 0;
        }
    }
}
