package io.github.notionsync.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Finds the notion-sync user a REST request acts for. The default uses the authenticated
 * principal's name (Spring Security or any servlet authentication); define a bean of this type
 * to map principals to user ids differently.
 */
@FunctionalInterface
public interface CurrentUserResolver {

    /** The user id, or empty when the request is not authenticated. */
    Optional<String> currentUser(HttpServletRequest request);
}
