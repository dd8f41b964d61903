package io.github.notionsync.testkit.emulator;

import io.github.notionsync.testkit.emulator.Model.BlockNode;
import io.github.notionsync.testkit.emulator.Model.Page;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A page of an emulated data source. Every change stamps {@code last_edited_time} with the
 * emulator clock.
 */
public final class EmulatedPage {

    private final Store store;
    private final Page page;

    EmulatedPage(Store store, Page page) {
        this.store = store;
        this.page = page;
    }

    /** The page id (dashed). */
    public String id() {
        return page.id;
    }

    /** The id of the data source holding the page. */
    public String dataSourceId() {
        return page.source.id;
    }

    /** The plain-text title. */
    public String title() {
        return store.read(() -> Json.titleOf(page, store));
    }

    /** Created time, rounded down to the minute. */
    public Instant createdTime() {
        return Instant.ofEpochSecond(page.created * 60L);
    }

    /** Last edited time, rounded down to the minute. */
    public Instant lastEditedTime() {
        return store.read(() -> Instant.ofEpochSecond(page.edited * 60L));
    }

    /** Whether the page is in the trash. */
    public boolean inTrash() {
        return store.read(() -> (page.flags & Page.TRASHED) != 0);
    }

    /** Whether the page is archived. */
    public boolean archived() {
        return store.read(() -> (page.flags & Page.ARCHIVED) != 0);
    }

    /** Whether the page was deleted permanently. */
    public boolean deleted() {
        return store.read(page::deleted);
    }

    /** Sets property values (others keep theirs). */
    public EmulatedPage update(PropertyValues values) {
        store.updatePage(page, values);
        return this;
    }

    /** Sets property values from a map (see {@link PropertyValues}). */
    public EmulatedPage update(Map<String, ?> values) {
        return update(PropertyValues.of(values));
    }

    /**
     * Archives the page: it leaves query results; {@code is_archived} (2025+) and {@code archived}
     * (before 2026-03-11) become true.
     */
    public EmulatedPage archive() {
        store.setFlags(page, Page.ARCHIVED, (byte) 0);
        return this;
    }

    /**
     * Moves the page to the trash: it leaves query results (a 2025+ query with {@code in_trash: true}
     * lists it); {@code in_trash} and {@code archived} become true; GET still returns it.
     */
    public EmulatedPage trash() {
        store.setFlags(page, Page.TRASHED, (byte) 0);
        return this;
    }

    /** Restores an archived or trashed page; it shows up in queries again. */
    public EmulatedPage restore() {
        store.setFlags(page, (byte) 0, (byte) (Page.ARCHIVED | Page.TRASHED));
        return this;
    }

    /** Deletes the page permanently: every request for it answers 404 object_not_found. */
    public void delete() {
        store.deletePage(page);
    }

    /** Appends blocks (with their children) to the page content. */
    public EmulatedPage appendBlocks(Block... blocks) {
        store.appendBlocks(page, blocks);
        return this;
    }

    /** The ids of the page's top-level blocks, in order (blocks in the trash left out). */
    public List<String> blockIds() {
        return store.read(() -> store.children(page).stream().filter(b -> !b.trashed).map(b -> b.id).toList());
    }

    /** The ids of the children of a block of this page, in order (blocks in the trash left out). */
    public List<String> childBlockIds(String blockId) {
        return store.read(() -> {
            BlockNode b = store.block(blockId);
            if (b == null || b.page != page) {
                throw new IllegalArgumentException("Page " + page.id + " has no block " + blockId);
            }
            return b.children.stream().filter(c -> !c.trashed).map(c -> c.id).toList();
        });
    }

    @Override
    public String toString() {
        return "EmulatedPage[" + page.id + "]";
    }
}
