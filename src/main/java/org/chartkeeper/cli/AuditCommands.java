package org.chartkeeper.cli;

import java.util.concurrent.Callable;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.AuditEntry;
import org.chartkeeper.audit.AuditOutcome;
import org.chartkeeper.audit.AuditService;
import org.chartkeeper.audit.ChainVerifier;
import org.chartkeeper.audit.DataCategory;
import org.springframework.beans.factory.annotation.Autowired;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "audit", description = "The audit trail", subcommands = {AuditCommands.Verify.class})
class AuditCommands {

    @Command(name = "verify", description = "Verify the audit trail's hash chain; exit code 0 if intact, 1 if not")
    static class Verify implements Callable<Integer> {
        @Autowired ChainVerifier verifier;
        @Autowired AuditService audit;
        @Option(names = "--threads", description = "Parallel readers (default: number of cores)") Integer threads;

        @Override
        public Integer call() {
            ChainVerifier.Result r = threads == null ? verifier.verify() : verifier.verify(threads);
            System.out.printf("Checked %,d events (chain head at %,d) in %.2f s, %,.0f events/s%n",
                    r.eventsChecked(), r.lastSeq(), r.elapsed().toNanos() / 1e9, r.eventsPerSecond());
            audit.record(AuditEntry.of(AuditAction.VERIFY, DataCategory.AUDIT_TRAIL,
                    r.intact() ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE)
                    .withDetail(r.firstProblem().map(ChainVerifier.Problem::description).orElse("chain intact")),
                    UserCommands.cliActor());
            if (r.intact()) {
                System.out.println("INTACT: every event is present, unaltered and linked.");
                return 0;
            }
            ChainVerifier.Problem p = r.firstProblem().get();
            System.out.println("BROKEN at event " + p.seq() + " (" + p.kind() + "): " + p.description());
            return 1;
        }
    }
}
