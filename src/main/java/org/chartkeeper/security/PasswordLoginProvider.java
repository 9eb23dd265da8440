package org.chartkeeper.security;

import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/** Form login: password check with failure counting and lockout (see {@link UserService#login}). */
@Component
class PasswordLoginProvider implements AuthenticationProvider {

    private final UserService users;

    PasswordLoginProvider(UserService users) {
        this.users = users;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = authentication.getName();
        String password = authentication.getCredentials() == null ? null : authentication.getCredentials().toString();
        return switch (users.login(username, password)) {
            case UserService.LoginResult.Ok ok -> authenticated(ok.user());
            case UserService.LoginResult.Refused r when r.locked() ->
                    throw new LockedException("Account locked after too many failed attempts");
            case UserService.LoginResult.Refused r when "disabled".equals(r.reason()) ->
                    throw new DisabledException("Account disabled");
            case UserService.LoginResult.Refused r -> throw new BadCredentialsException("Invalid username or password");
        };
    }

    static UsernamePasswordAuthenticationToken authenticated(CurrentUser user) {
        List<SimpleGrantedAuthority> roles = user.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList();
        return UsernamePasswordAuthenticationToken.authenticated(user, null, roles);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
