package org.chartkeeper.web;

import org.chartkeeper.ChartkeeperProperties;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.PermissionService;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every page's layout needs: the DEMO flag, the signed-in user, and (in templates) {@code @access.can('perm')}
 * to show only the navigation a user may use.
 */
@ControllerAdvice(annotations = Controller.class)
class LayoutModel {

    private final ChartkeeperProperties properties;

    LayoutModel(ChartkeeperProperties properties) {
        this.properties = properties;
    }

    @ModelAttribute("demoMode")
    boolean demoMode() {
        return properties.demo();
    }

    @ModelAttribute("me")
    CurrentUser me() {
        return CurrentUser.find().orElse(null);
    }
}
