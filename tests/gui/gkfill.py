"""A long column for the AT-SPI test and tools/bench/column: N items of one unit in one column.

The first item is drafted by the gongkai command (which creates and migrates the store); the
other N - 1 are copies of its row made by one INSERT in the store's own schema, as 20,000
commands would take minutes. Titles carry their number: "长栏目第00001号…" is the oldest item
and so the last of the column's list (newest first), the command's own item the first.
"""

import sqlite3
import subprocess

TITLE = "长栏目第{:05d}号：关于城乡低保动态管理情况的公示"
STATES = ("draft", "ready", "submitted", "published", "rejected")


def fill_column(cli, data_dir, unit, column_id, n_items):
    def run(*args):
        return subprocess.run([cli, *args, "--data-dir", data_dir], capture_output=True, text=True,
                              timeout=60, check=True).stdout

    run("profile", "set", "--unit", unit)
    uuid = run("item", "add", "--column", column_id, "--title", TITLE.format(n_items),
               "--doc-number", "岳民发〔2026〕1号").strip()
    db = sqlite3.connect(f"{data_dir}/gongkai.db", isolation_level=None)
    try:
        db.execute("BEGIN IMMEDIATE")
        # One minute apart from 2025-01-01, so that number 1 is the oldest.
        db.execute(
            "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2) "
            "INSERT INTO items (uuid, unit, column_id, kind, state, revision, title, doc_number, created_at, updated_at) "
            "SELECT printf ('%08x-0000-4000-8000-%012x', i, i), t.unit, t.column_id, t.kind, "
            "       json_extract (?3, printf ('$[%d]', i % 5)), 1, printf (?4, i), t.doc_number, "
            "       strftime ('%Y-%m-%dT%H:%M:%SZ', '2025-01-01', printf ('+%d minutes', i)), "
            "       strftime ('%Y-%m-%dT%H:%M:%SZ', '2025-01-01', printf ('+%d minutes', i)) "
            "FROM n, items t WHERE t.uuid = ?1 AND n.i <= ?2",
            (uuid, n_items - 1, "[" + ",".join(f'"{s}"' for s in STATES) + "]",
             TITLE.replace("{:05d}", "%05d")))
        db.execute("COMMIT")
    finally:
        db.close()
    return uuid
