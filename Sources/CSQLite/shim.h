#include <sqlite3.h>

// sqlite3_db_config is variadic, which Swift cannot call: one fixed-argument wrapper per use.
static inline int todo_sqlite3_set_no_checkpoint_on_close(sqlite3 *db) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)0);
}

// sqlite3_config is variadic too. Without memory statistics, SQLite's allocator takes no
// process-wide mutex: with it, every malloc of every connection went through one lock, and
// reads on two cores waited for each other there. Must run before the first connection opens.
static inline int todo_sqlite3_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
