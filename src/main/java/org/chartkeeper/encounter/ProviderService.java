package org.chartkeeper.encounter;

import java.util.Collection;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.springframework.stereotype.Service;

/** The hospital's providers (a directory, not patient information: any signed-in user may look them up). */
@Service
public class ProviderService {

    private final ProviderRepository providers;

    private static final java.util.regex.Pattern NPI = java.util.regex.Pattern.compile("\\d{10}");

    public ProviderService(ProviderRepository providers) {
        this.providers = providers;
    }

    /** The provider with this NPI, added under the given name the first time a feed or an import names them. */
    @org.springframework.transaction.annotation.Transactional
    public Provider ensure(String npi, String name) {
        if (npi == null || !NPI.matcher(npi.strip()).matches()) throw new InvalidRequestException("identifier", "An NPI has 10 digits");
        if (name != null && name.length() > 200) throw new InvalidRequestException("name", "name is at most 200 characters");
        return get(providers.ensure(npi.strip(), name));
    }

    public Provider get(long id) {
        return providers.find(id).orElseThrow(() -> new NotFoundException("No provider with id " + id));
    }

    public List<Provider> all(Collection<Long> ids) {
        return providers.findAll(ids);
    }

    /** Providers whose name contains {@code name} and/or with this NPI, at most {@code limit}. */
    public List<Provider> search(String name, String npi, int limit) {
        String n = name == null || name.isBlank() ? null : name.strip();
        String id = npi == null || npi.isBlank() ? null : npi.strip();
        if (n != null && n.length() > 100) throw new InvalidRequestException("name", "name is at most 100 characters");
        if (id != null && !NPI.matcher(id).matches()) throw new InvalidRequestException("identifier", "An NPI has 10 digits");
        return providers.search(n, id, Math.max(1, Math.min(limit, 500)));
    }
}
