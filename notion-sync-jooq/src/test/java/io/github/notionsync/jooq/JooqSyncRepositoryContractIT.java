package io.github.notionsync.jooq;

import io.github.notionsync.spi.SyncRepository;
import io.github.notionsync.testkit.contract.SyncRepositoryContractTest;
import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

class JooqSyncRepositoryContractIT extends SyncRepositoryContractTest {

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    @BeforeAll
    static void migrate() {
        NotionSyncMigrations.create(postgres.database().dataSource()).migrate();
    }

    @Override
    protected SyncRepository repository() {
        return JooqSyncRepository.create(postgres.database().dataSource());
    }
}
