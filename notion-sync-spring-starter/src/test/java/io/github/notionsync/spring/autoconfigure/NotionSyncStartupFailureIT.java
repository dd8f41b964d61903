package io.github.notionsync.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.notionsync.jooq.NotionSyncConnections;
import io.github.notionsync.jooq.TokenEncryptionKeys;
import io.github.notionsync.spring.ConnectionProvider;
import io.github.notionsync.spring.NotionSyncConfigurationException;
import io.github.notionsync.spring.PropertiesConnectionProvider;
import io.github.notionsync.spring.internal.TableConnectionProvider;
import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/** Bad notion.sync.* configuration stops start-up with a message that names the property. */
@ExtendWith(OutputCaptureExtension.class)
class NotionSyncStartupFailureIT {

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    private static final String TOKEN = "ntn_startup0secret0token";
    private static final String DATABASE = "393abc1eedcd80f3813be205934558c6";
    private static final String CONNECTION = "notion.sync.connections[0].";
    private static final String KEY = TokenEncryptionKeys.generateKey();

    private ApplicationContextRunner runner() {
        return NotionSyncAutoConfigurationIT.runner(postgres.database())
                .withPropertyValues("notion.sync.schedule.sync.enabled=false");
    }

    /** One valid connection in properties, then the given changes. */
    private static String[] connection(String... changes) {
        List<String> p = new ArrayList<>(List.of(CONNECTION + "user-id=user-id", CONNECTION + "token=" + TOKEN,
                CONNECTION + "databases[0].id=" + DATABASE, CONNECTION + "databases[0].kind=characters"));
        p.addAll(List.of(changes));
        return p.toArray(String[]::new);
    }

    static Stream<Arguments> badConfigurations() {
        String shortKey = java.util.Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        return Stream.of(
                Arguments.of("missing token", List.of(CONNECTION + "user-id=user-id",
                        CONNECTION + "databases[0].id=" + DATABASE),
                        "notion.sync.connections[0].token is missing"),
                Arguments.of("missing user id", List.of(CONNECTION + "token=" + TOKEN),
                        "notion.sync.connections[0].user-id is missing"),
                Arguments.of("malformed database id", List.of(connection(CONNECTION + "databases[0].id=abc123")),
                        "notion.sync.connections[0].databases[0].id: Not a Notion id or URL"),
                Arguments.of("unknown kind", List.of(connection(CONNECTION + "databases[0].kind=heroes")),
                        "notion.sync.connections[0].databases[0].kind: Unknown target kind 'heroes'"),
                Arguments.of("unknown typed field", List.of(connection(CONNECTION + "databases[0].properties.weapon=W")),
                        "notion.sync.connections[0].databases[0].properties: Kind CHARACTERS has no field 'weapon'"),
                Arguments.of("a database twice", List.of(connection(CONNECTION + "databases[1].id=" + DATABASE)),
                        "notion.sync.connections[0].databases[1].id: database 393abc1e-edcd-80f3-813b-e205934558c6"
                                + " of user user-id is already configured at notion.sync.connections[0].databases[0]"),
                Arguments.of("whitespace in the token", List.of(connection(CONNECTION + "token=" + TOKEN + " x")),
                        "notion.sync.connections[0].token: Notion token contains whitespace"),
                Arguments.of("unsupported API version", List.of(connection(CONNECTION + "api-version=2021-05-13")),
                        "notion.sync.connections[0].api-version: Unsupported Notion-Version '2021-05-13'"),
                Arguments.of("no retries at all", List.of(connection("notion.sync.retry.max-attempts=0")),
                        "notion.sync.retry: maxAttempts must be at least 1"),
                Arguments.of("bad cron", List.of(connection("notion.sync.schedule.refresh-indexes.cron=every minute")),
                        "notion.sync.schedule.refresh-indexes.cron: Job refresh-notion-indexes: 'every minute' is not"
                                + " a cron expression of six fields"),
                Arguments.of("two connections of one user with one name", List.of(connection(
                        CONNECTION + "name=main", "notion.sync.connections[1].user-id=user-id",
                        "notion.sync.connections[1].name=main", "notion.sync.connections[1].token=" + TOKEN,
                        "notion.sync.connections[1].databases[0].id=5b8e1a2c3d4e4f5a8b9c0d1e2f3a4b5c")),
                        "notion.sync.connections[1].name: user user-id has another connection named 'main'"),
                Arguments.of("zero sync interval", List.of(connection("notion.sync.schedule.sync.interval=0s")),
                        "notion.sync.schedule.sync.interval: connectionInterval must be positive, got PT0S"),
                Arguments.of("no scheduler threads", List.of(connection("notion.sync.scheduler.threads=-1")),
                        "notion.sync.scheduler.threads: threads must be between 1 and 256, got -1"),
                Arguments.of("table source without a key", List.of("notion.sync.connection-source=table"),
                        "notion.sync.token-encryption-key is missing: notion.sync.connection-source is TABLE"),
                Arguments.of("table source with a short key", List.of("notion.sync.connection-source=table",
                                "notion.sync.token-encryption-key=" + shortKey),
                        "notion.sync.token-encryption-key: The current token encryption key must be 32 bytes (AES-256)"
                                + " in base64, but it decodes to 8 bytes"),
                Arguments.of("table source with a key that is not base64", List.of("notion.sync.connection-source=table",
                                "notion.sync.token-encryption-key=not base64 at all!"),
                        "notion.sync.token-encryption-key: The current token encryption key is not valid base64"),
                Arguments.of("a bad previous key", List.of("notion.sync.connection-source=table",
                                "notion.sync.token-encryption-key=" + KEY,
                                "notion.sync.previous-token-encryption-keys[0]=" + KEY,
                                "notion.sync.previous-token-encryption-keys[1]=" + shortKey),
                        "notion.sync.previous-token-encryption-keys[1]: The key must be 32 bytes"),
                Arguments.of("table source beside property connections", List.of(connection(
                                "notion.sync.connection-source=table", "notion.sync.token-encryption-key=" + KEY)),
                        "notion.sync.connections is set, but notion.sync.connection-source is TABLE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigurations")
    void badConfigurationFailsStartUpNamingTheProperty(String name, List<String> properties, String message) {
        runner().withPropertyValues(properties.toArray(String[]::new)).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(NotionSyncConfigurationException.class)
                    .hasMessageContaining(message)
                    .message().doesNotContain(TOKEN).doesNotContain(KEY);
        });
    }

    @Test
    void theTableSourceStartsWithAKeyAndThePropertiesSourceIsTheDefault() {
        runner().withPropertyValues("notion.sync.connection-source=TABLE", "notion.sync.token-encryption-key=" + KEY)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(NotionSyncConnections.class);
                    assertThat(context.getBean(ConnectionProvider.class)).isInstanceOf(TableConnectionProvider.class);
                    assertThat(context.getBean(NotionSyncConnections.class).toString()).doesNotContain(KEY);
                });
        runner().withPropertyValues(connection()).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(NotionSyncConnections.class);
            assertThat(context.getBean(ConnectionProvider.class)).isInstanceOf(PropertiesConnectionProvider.class);
        });
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, NotionSyncAutoConfiguration.class})
    static class App {
    }

    @Test
    void theConsoleShowsAFailureReportRatherThanAStackTrace(CapturedOutput output) {
        String badKey = java.util.Base64.getEncoder().encodeToString("sixteen byte key".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII));
        SpringApplication app = new SpringApplication(App.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setBannerMode(Banner.Mode.OFF);
        assertThatThrownBy(() -> app.run("--spring.datasource.url=" + postgres.database().jdbcUrl(),
                "--spring.datasource.username=" + postgres.database().user(),
                "--notion.sync.connection-source=table", "--notion.sync.token-encryption-key=" + badKey))
                .hasRootCauseInstanceOf(NotionSyncConfigurationException.class);
        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains("notion-sync is not configured correctly: notion.sync.token-encryption-key: The current"
                        + " token encryption key must be 32 bytes")
                .contains("Correct the notion.sync.* property named above")
                .doesNotContain("Application run failed")
                .doesNotContain(badKey);
    }
}
