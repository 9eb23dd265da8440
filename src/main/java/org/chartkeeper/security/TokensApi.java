package org.chartkeeper.security;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.web.NoPatientData;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * API tokens over JSON: a user lists, issues and revokes their own; {@code admin.tokens} also lets them issue for
 * and revoke another user's (enforced and audited by {@link ApiTokenService}).
 */
@RestController
@RequestMapping("/api/tokens")
class TokensApi {

    private final ApiTokenService tokens;

    TokensApi(ApiTokenService tokens) {
        this.tokens = tokens;
    }

    record TokenJson(long id, long userId, String username, String name, Instant createdAt, Instant expiresAt,
                     Instant revokedAt, Instant lastUsedAt, boolean active) {}

    record IssueRequest(String name, Integer days, Long userId) {}

    record Issued(TokenJson token, String secret, String warning) {}

    @NoPatientData
    @GetMapping
    List<TokenJson> mine() {
        return tokens.forUser(CurrentUser.require().id()).stream().map(TokensApi::json).toList();
    }

    @NoPatientData
    @PostMapping
    ResponseEntity<Issued> issue(@RequestBody IssueRequest body) {
        long userId = body.userId() == null ? CurrentUser.require().id() : body.userId();
        var issued = tokens.issue(userId, body.name(), ApiTokenService.validFor(body.days()), Actor.current());
        return ResponseEntity.created(URI.create("/api/tokens/" + issued.token().id()))
                .header("Cache-Control", "no-store")
                .body(new Issued(json(issued.token()), issued.secret(),
                        "This secret is shown once; only its hash is stored. Keep it safe."));
    }

    @NoPatientData
    @DeleteMapping("/{tokenId}")
    TokenJson revoke(@PathVariable long tokenId) {
        return json(tokens.revoke(tokenId, Actor.current()));
    }

    static TokenJson json(ApiTokenService.TokenView t) {
        return new TokenJson(t.id(), t.userId(), t.username(), t.name(), t.createdAt(), t.expiresAt(), t.revokedAt(),
                t.lastUsedAt(), t.active(Instant.now()));
    }
}
