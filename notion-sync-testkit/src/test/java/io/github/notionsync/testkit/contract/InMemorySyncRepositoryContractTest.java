package io.github.notionsync.testkit.contract;

import io.github.notionsync.InMemorySyncRepository;
import io.github.notionsync.NotionId;
import io.github.notionsync.PageRecord;
import io.github.notionsync.TargetKind;
import io.github.notionsync.spi.SyncRepository;

class InMemorySyncRepositoryContractTest extends SyncRepositoryContractTest {

    private InMemorySyncRepository repository;

    @Override
    protected SyncRepository repository() {
        repository = new InMemorySyncRepository();
        return repository;
    }

    @Override
    protected StoredRecord readBack(String userId, TargetKind kind, NotionId pageId) {
        return repository.find(userId, kind, pageId).map(row -> {
            PageRecord r = row.record();
            return new StoredRecord(r.databaseId(), r.title(), r.fields(), r.contentText(),
                    r.contentMarkdown(), r.wordCount(), r.url(), r.createdTime(), r.lastEditedTime(), r.inTrash(),
                    row.deletedReason());
        }).orElse(null);
    }
}
