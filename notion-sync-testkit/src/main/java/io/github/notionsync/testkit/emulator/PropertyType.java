package io.github.notionsync.testkit.emulator;

import java.util.Locale;

/** The database property types the emulator serves, named as Notion names them in JSON. */
public enum PropertyType {
    TITLE, RICH_TEXT, NUMBER, SELECT, MULTI_SELECT, STATUS, DATE, PEOPLE, FILES, CHECKBOX, URL, EMAIL,
    PHONE_NUMBER, FORMULA, RELATION, ROLLUP, CREATED_TIME, CREATED_BY, LAST_EDITED_TIME, LAST_EDITED_BY,
    UNIQUE_ID, VERIFICATION, BUTTON, PLACE;

    /** The JSON name, e.g. {@code multi_select}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether Notion computes the value (it cannot be written). */
    public boolean computed() {
        return switch (this) {
            case ROLLUP, CREATED_TIME, CREATED_BY, LAST_EDITED_TIME, LAST_EDITED_BY, UNIQUE_ID, BUTTON -> true;
            default -> false;
        };
    }
}
