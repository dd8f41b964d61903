package io.github.notionsync.testkit.contract;

import io.github.notionsync.InProcessSyncLocks;
import io.github.notionsync.spi.SyncLockProvider;

class InProcessSyncLocksContractTest extends SyncLockProviderContractTest {

    private InProcessSyncLocks shared;

    @Override
    protected SyncLockProvider provider() {
        shared = new InProcessSyncLocks();
        return shared;
    }

    @Override
    protected SyncLockProvider otherInstance() {
        return shared;
    }
}
