package io.github.notionsync.testkit.emulator;

/**
 * What {@link EmulatedWorkspace#generate(GeneratorSpec)} creates: a database of {@code pages} pages
 * with every property type, deterministic for a seed. Generated pages cost about 200 bytes each
 * (values and content are computed when served), so 10^6 pages fit in a 2 GiB heap.
 *
 * @param title the database title
 * @param pages the number of pages (up to 10,000,000)
 * @param blocksPerPage paragraphs of content per page (0 to 4,095)
 * @param textLength characters of rich text in the Description property and in each paragraph
 * @param relationsPerPage related pages per page (0 to 100; more than 25 shows relation truncation)
 * @param seed the seed of values and ids
 */
public record GeneratorSpec(String title, int pages, int blocksPerPage, int textLength, int relationsPerPage,
        long seed) {

    public GeneratorSpec {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("A generated database needs a title");
        }
        if (pages < 0 || pages > 10_000_000) {
            throw new IllegalArgumentException("pages must be in [0, 10000000]: " + pages);
        }
        if (blocksPerPage < 0 || blocksPerPage > 4095) {
            throw new IllegalArgumentException("blocksPerPage must be in [0, 4095]: " + blocksPerPage);
        }
        if (textLength < 1 || textLength > 2000) {
            throw new IllegalArgumentException("textLength must be in [1, 2000]: " + textLength);
        }
        if (relationsPerPage < 0 || relationsPerPage > 100) {
            throw new IllegalArgumentException("relationsPerPage must be in [0, 100]: " + relationsPerPage);
        }
    }

    /** {@code pages} pages titled "Generated", 2 blocks and 2 relations per page, 80-character texts, seed 42. */
    public static GeneratorSpec of(int pages) {
        return new GeneratorSpec("Generated", pages, 2, 80, 2, 42);
    }

    /** A copy with another title. */
    public GeneratorSpec withTitle(String newTitle) {
        return new GeneratorSpec(newTitle, pages, blocksPerPage, textLength, relationsPerPage, seed);
    }

    /** A copy with another number of blocks per page. */
    public GeneratorSpec withBlocksPerPage(int n) {
        return new GeneratorSpec(title, pages, n, textLength, relationsPerPage, seed);
    }

    /** A copy with another text length. */
    public GeneratorSpec withTextLength(int n) {
        return new GeneratorSpec(title, pages, blocksPerPage, n, relationsPerPage, seed);
    }

    /** A copy with another number of relations per page. */
    public GeneratorSpec withRelationsPerPage(int n) {
        return new GeneratorSpec(title, pages, blocksPerPage, textLength, n, seed);
    }

    /** A copy with another seed. */
    public GeneratorSpec withSeed(long newSeed) {
        return new GeneratorSpec(title, pages, blocksPerPage, textLength, relationsPerPage, newSeed);
    }
}
