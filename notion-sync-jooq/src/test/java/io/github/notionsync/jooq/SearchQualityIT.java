package io.github.notionsync.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.notionsync.EmbeddingWorker;
import io.github.notionsync.NotionSync;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.client.HttpNotionClient;
import io.github.notionsync.embeddings.MiniLmEmbedder;
import io.github.notionsync.testkit.emulator.DemoWorkspace;
import io.github.notionsync.testkit.emulator.NotionEmulator;
import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Search quality on the demo workspace: natural-language questions, each with the pages that
 * answer it, asked with keyword, semantic and hybrid search; recall@3 and the mean reciprocal
 * rank (first relevant page within the top 10) of each are logged. Fails if hybrid search falls
 * behind keyword search on either.
 */
class SearchQualityIT {

    private static final Logger log = LoggerFactory.getLogger(SearchQualityIT.class);

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    /** A question and the titles of the pages that answer it. */
    record Question(String text, List<String> relevant) {
        Question(String text, String... relevant) {
            this(text, List.of(relevant));
        }
    }

    static final List<Question> QUESTIONS = List.of(
            new Question("who is the king of Gondor?", "Aragorn", "The Weight of the Crown"),
            new Question("how does magic cost work?", "Rules of the Tide", "Eldoria, a fantasy realm of tides",
                    "Brainstorm: Eldoria magic system"),
            new Question("which wizard guides the heroes?", "Gandalf"),
            new Question("who carries the ring?", "Frodo Baggins"),
            new Question("a city under water controlled by artificial intelligences", "Neo-Kyoto 2199"),
            new Question("the police officer of the drowned city", "Captain Mira Okafor"),
            new Question("where do fairies sell things at night?", "Ravenhollow", "Wren Ashdown"),
            new Question("who is the villain of the tide kingdom?", "Morwen the Ebb Queen"),
            new Question("an apprentice who breaks the rules of magic", "Kestrel Thorn", "Rules of the Tide"),
            new Question("a detective mystery in a flooded future city", "Signals from Neo-Kyoto"),
            new Question("what happens if you cast a spell when the sea is low?", "Brainstorm: Eldoria magic system",
                    "Eldoria, a fantasy realm of tides", "Rules of the Tide"),
            new Question("feedback on the pacing of the chapters", "Plot review: The Weight of the Crown"),
            new Question("name suggestions for an AI", "Quick name ideas"),
            new Question("practising how Aragorn talks", "Aragorn voice test"),
            new Question("where did Aragorn grow up?", "Aragorn"),
            new Question("islands where the moons control magic", "Eldoria, a fantasy realm of tides"),
            new Question("the lands from the Shire to Gondor", "Middle-earth"),
            new Question("a story about a reluctant king", "The Weight of the Crown"),
            new Question("a young runner in the night market", "Wren Ashdown"),
            new Question("spells are a loan that must be repaid", "Rules of the Tide"),
            new Question("a hooded stranger watching the inn door in the rain", "The Weight of the Crown"),
            new Question("the old wizard who turned from grey to white", "Gandalf"),
            new Question("which city is the capital with the white tower?", "Middle-earth"));

    /** recall@3 and MRR of one way of searching over all questions. */
    record Score(String mode, double recallAt3, double mrr) {
    }

    @Test
    void hybridSearchBeatsKeywordSearchOnTheLabelledQuestions() {
        NotionSyncPostgres pg = NotionSyncPostgres.create(postgres.database().dataSource(), "quality");
        pg.migrate();
        MiniLmEmbedder model = MiniLmEmbedder.shared();
        try (NotionEmulator notion = NotionEmulator.builder().build().start()) {
            DemoWorkspace demo = notion.workspace().loadDemo();
            String user = DemoWorkspace.OWNER_USER_ID;
            try (NotionSync sync = NotionSync.builder().repository(pg.repository()).clock(notion.clock().asClock())
                    .connection(new SyncConnection(user, HttpNotionClient.builder().token(demo.token())
                            .baseUrl(notion.baseUrl()).noRateLimit().build(), demo.databaseConfigs()))
                    .build()) {
                sync.syncAll(user);
            }
            EmbeddingWorker worker = EmbeddingWorker.builder().embedder(model).store(pg.embeddingStore()).build();
            worker.drain(Duration.ofMinutes(3));
            assertThat(worker.backlog()).isZero();

            SemanticSearch search = pg.semanticSearch(model).build();
            Score keyword = score("keyword", q -> pg.queries().search(user, q, 10));
            Score semantic = score("semantic", q -> search.semanticSearch(user, q, 10, Set.of()));
            Score hybrid = score("hybrid", q -> search.hybridSearch(user, q, 10, Set.of()));
            for (Score s : List.of(keyword, semantic, hybrid)) {
                log.info(String.format("Search quality over %d questions: %-8s recall@3 %.3f  MRR %.3f",
                        QUESTIONS.size(), s.mode(), s.recallAt3(), s.mrr()));
            }
            assertThat(QUESTIONS).hasSizeGreaterThanOrEqualTo(20);
            assertThat(hybrid.recallAt3()).as("hybrid recall@3 vs keyword").isGreaterThan(keyword.recallAt3());
            assertThat(hybrid.mrr()).as("hybrid MRR vs keyword").isGreaterThan(keyword.mrr());
        }
    }

    private static Score score(String mode, Function<String, List<SearchHit>> search) {
        double recall = 0;
        double rr = 0;
        for (Question q : QUESTIONS) {
            List<String> titles = search.apply(q.text()).stream().map(SearchHit::title).toList();
            long found = titles.stream().limit(3).filter(q.relevant()::contains).count();
            recall += (double) found / q.relevant().size();
            for (int i = 0; i < titles.size(); i++) {
                if (q.relevant().contains(titles.get(i))) {
                    rr += 1.0 / (i + 1);
                    break;
                }
            }
            log.debug("{} '{}': {}", mode, q.text(), titles);
        }
        return new Score(mode, recall / QUESTIONS.size(), rr / QUESTIONS.size());
    }
}
