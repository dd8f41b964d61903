package io.github.notionsync.testkit.contract;

import io.github.notionsync.InMemorySyncRepository;
import io.github.notionsync.spi.SyncRepository;

class InMemorySyncRepositoryContractTest extends SyncRepositoryContractTest {

    @Override
    protected SyncRepository repository() {
        return new InMemorySyncRepository();
    }
}
