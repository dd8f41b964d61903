package io.github.notionsync.examples.app;

import io.github.notionsync.testkit.emulator.DemoWorkspace;
import io.github.notionsync.testkit.emulator.NotionEmulator;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The demo's own beans: console progress, the first sync at start-up, the workspace editing
 * endpoints (emulated workspace only) and web security.
 */
@Configuration(proxyBeanMethods = false)
class DemoConfiguration {

    /** Property set when the demo syncs the emulated workspace. */
    static final String EMULATED = "notion-sync.demo.emulated";

    @Bean
    ConsoleProgress demoConsoleProgress(DemoConsole console) {
        return new ConsoleProgress(console);
    }

    @Bean
    StartupSync demoStartupSync(io.github.notionsync.NotionSync sync, ConsoleProgress progress, DemoConsole console,
            DemoInfo info, org.springframework.core.env.Environment environment) {
        return new StartupSync(sync, progress, console, info, environment);
    }

    @Bean
    @ConditionalOnProperty(name = EMULATED, havingValue = "true")
    DemoWorkspaceController demoWorkspaceController(NotionEmulator notion, DemoWorkspace workspace) {
        return new DemoWorkspaceController(notion, workspace);
    }

    /**
     * In the emulated demo, every request is let through: notion-sync's LOCAL mode acts as the
     * demo user. With a real workspace, requests need HTTP Basic as the configured user.
     */
    @Bean
    SecurityFilterChain demoSecurity(HttpSecurity http, DemoInfo info) throws Exception {
        http.csrf(csrf -> csrf.disable()); // a JSON API for curl, no browser sessions
        if (info.settings().emulated()) {
            http.authorizeHttpRequests(a -> a.anyRequest().permitAll());
        } else {
            http.authorizeHttpRequests(a -> a.requestMatchers("/actuator/health").permitAll()
                    .anyRequest().authenticated())
                    .httpBasic(Customizer.withDefaults());
        }
        return http.build();
    }

    /**
     * Refuses requests a browser makes on behalf of another site (Sec-Fetch-Site: cross-site), so
     * that a web page cannot make a visitor's browser start syncs or edit the demo workspace;
     * curl and other clients do not send the header.
     */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> demoCrossSiteGuard() {
        FilterRegistrationBean<OncePerRequestFilter> b = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                    FilterChain chain) throws ServletException, IOException {
                if ("cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"))) {
                    response.sendError(HttpServletResponse.SC_FORBIDDEN, "Cross-site requests are refused");
                    return;
                }
                chain.doFilter(request, response);
            }
        });
        b.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return b;
    }

    @Bean
    UserDetailsService demoUsers(DemoInfo info) {
        return new InMemoryUserDetailsManager(User.withUsername(info.settings().userId())
                .password("{noop}" + info.password()).roles("USER").build());
    }
}
