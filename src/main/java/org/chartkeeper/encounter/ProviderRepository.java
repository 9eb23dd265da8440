package org.chartkeeper.encounter;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ProviderRepository {

    private static final String SELECT = "select id, npi, name, specialty, updated_at from provider";

    private final JdbcClient jdbc;

    ProviderRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long ensure(String npi, String name) {
        Optional<Long> id = jdbc.sql("select id from provider where npi = ?").param(npi).query(Long.class).optional();
        if (id.isPresent()) return id.get();
        jdbc.sql("insert into provider (npi, name) values (?, ?) on conflict do nothing")
                .params(npi, name == null || name.isBlank() ? "NPI " + npi : name).update();
        return jdbc.sql("select id from provider where npi = ?").param(npi).query(Long.class).single();
    }

    Optional<Provider> find(long id) {
        return jdbc.sql(SELECT + " where id = ?").param(id).query(Provider.class).optional();
    }

    List<Provider> findAll(Collection<Long> ids) {
        if (ids.isEmpty()) return List.of();
        return jdbc.sql(SELECT + " where id in (:ids) order by id").param("ids", ids).query(Provider.class).list();
    }

    List<Provider> search(String name, String npi, int limit) {
        StringBuilder sql = new StringBuilder(SELECT + " where 1 = 1");
        var spec = new java.util.LinkedHashMap<String, Object>();
        if (name != null) {
            sql.append(" and upper(name) like :name");
            spec.put("name", "%" + name.toUpperCase(Locale.ROOT).replace("%", "").replace("_", "") + "%");
        }
        if (npi != null) {
            sql.append(" and npi = :npi");
            spec.put("npi", npi);
        }
        sql.append(" order by name, id limit ").append(limit);
        return jdbc.sql(sql.toString()).params(spec).query(Provider.class).list();
    }
}
