package org.chartkeeper.coding;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Search indexes of the versions in use, built on first use from the database and kept while used (a handful at
 * most). A version never changes once imported, so an index is never stale and nodes need not coordinate.
 */
@Component
class CodeIndexCache {

    private static final Logger log = LoggerFactory.getLogger(CodeIndexCache.class);
    private static final int MAX_VERSIONS = 8;

    private final CodeSetRepository repository;
    private final Synonyms synonyms = Synonyms.load();
    private final Chapters chapters = Chapters.load();
    private final Map<Long, CompletableFuture<CodeIndex>> indexes = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, CompletableFuture<CodeIndex>> eldest) {
            return size() > MAX_VERSIONS;
        }
    };

    CodeIndexCache(CodeSetRepository repository) {
        this.repository = repository;
    }

    Chapters chapters() {
        return chapters;
    }

    CodeIndex get(CodeSetVersion version) {
        CompletableFuture<CodeIndex> f;
        boolean build = false;
        synchronized (indexes) {
            f = indexes.get(version.id());
            if (f == null) {
                f = new CompletableFuture<>();
                indexes.put(version.id(), f);
                build = true;
            }
        }
        if (build) {
            try {
                long t0 = System.nanoTime();
                CodeIndex index = new CodeIndex(version, repository.entries(version.id()), synonyms, chapters);
                log.info("Code search index of {} built: {} codes in {} ms", version.label(), index.size(),
                        (System.nanoTime() - t0) / 1_000_000);
                f.complete(index);
            } catch (RuntimeException e) {
                synchronized (indexes) {
                    indexes.remove(version.id());
                }
                f.completeExceptionally(e);
            }
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the code index was built", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    void forget(long versionId) {
        synchronized (indexes) {
            indexes.remove(versionId);
        }
    }
}
