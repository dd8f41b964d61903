package io.github.notionsync.jooq;

import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/** The one jOOQ configuration every class of this module uses. */
final class Jooq {

    /**
     * Names are quoted only where the code says so, as the migrations write them; jOOQ's own
     * statement logging is off, since statements carry page content and encrypted tokens.
     */
    static final Settings SETTINGS = new Settings().withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_QUOTED)
            .withExecuteLogging(false);

    private Jooq() {
    }

    static DSLContext dsl(DataSource dataSource) {
        return DSL.using(dataSource, SQLDialect.POSTGRES, SETTINGS);
    }
}
