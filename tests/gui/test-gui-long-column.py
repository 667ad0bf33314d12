#!/usr/bin/python3
"""A column of 20,000 items in the real gongkai-liaison, through AT-SPI, in zh_CN (issue 18).

The column opens with its newest items as named rows, and the list holds a screenful of rows,
not 20,000; End goes to the oldest item, which is then a named, focused row; Enter opens it in
the editor; Home goes back to the newest; Down moves one item on. Prints TAP. Run by meson
through run-gui-test.sh.
"""

import os
import subprocess
import sys
import tempfile
import time
import traceback

import pyatspi

from gkatspi import (Tap, check_quiet_log, children, find, find_application, finish, get_text, name, press,
                     select_row, snap, wait_for)
from gkfill import TITLE, fill_column

UNIT = "市民政局"
COLUMN_ID = "hms.shjz.cxdb"
COLUMN = "城乡低保"
N_ITEMS = 20_000
# A screenful and the rows cut at the top and bottom, with room for a taller window.
MOST_ROWS = 60


def named_rows(items_list):
    return [row.name for row in children(items_list) if row.getRole() == pyatspi.ROLE_LIST_ITEM]


def focused_row(items_list):
    return next((row for row in children(items_list) if row.getState().contains(pyatspi.STATE_FOCUSED)), None)


def showing_row(items_list, title):
    return next((row for row in children(items_list)
                 if row.name == title and row.getState().contains(pyatspi.STATE_SHOWING)), None)


def main():
    program = os.environ["GK_GUI_PROGRAM"]
    cli = os.environ["GK_CLI_PROGRAM"]
    tap = Tap()
    data_dir = tempfile.mkdtemp(prefix="gk-gui-long-column-")
    fill_column(cli, data_dir, UNIT, COLUMN_ID, N_ITEMS)
    newest, oldest = TITLE.format(N_ITEMS), TITLE.format(1)
    env = dict(os.environ)
    env.pop("NO_AT_BRIDGE", None)
    log_path = os.path.join(data_dir, "stderr.log")
    log = open(log_path, "w")
    process = subprocess.Popen([program, "--data-dir", data_dir], env=env, stderr=log)

    try:
        app = wait_for("the application on the accessibility bus", lambda: find_application(process.pid))
        sidebar = wait_for("the sidebar", lambda: (lambda s: s if s is not None and s.childCount > 0 else None)(
            find(app, pyatspi.ROLE_LIST_BOX, name("Columns"))))
        select_row(sidebar, COLUMN)
        items_list = wait_for("the column's item list", lambda: find(app, pyatspi.ROLE_LIST_BOX, name("Items")))

        first = wait_for("the newest items as rows", lambda: (lambda names: names if names[:3] == [
            TITLE.format(N_ITEMS - k) for k in range(3)] else None)(named_rows(items_list)))
        tap.check(first[:3] == [TITLE.format(N_ITEMS - k) for k in range(3)],
                  "the column opens with its newest items, named by their titles", first[:3])
        tap.check(0 < items_list.childCount <= MOST_ROWS,
                  f"the list holds a screenful of rows, not {N_ITEMS}", items_list.childCount)
        snap("long-column-top")

        wait_for("the newest row", lambda: showing_row(items_list, newest)).queryComponent().grabFocus()
        wait_for("the focus on the newest row", lambda: (focused_row(items_list) or None) and
                 focused_row(items_list).name == newest)
        press("End")
        last = wait_for("the oldest item on screen", lambda: showing_row(items_list, oldest))
        tap.check(last is not None, "End scrolls to the oldest item, shown as a named row")
        tap.check(wait_for("the focus on the oldest row", lambda: (row := focused_row(items_list)) is not None
                           and row.name == oldest, timeout=5),
                  "the oldest item's row has the keyboard focus")
        tap.check(items_list.childCount <= MOST_ROWS, "scrolling to the end built no more rows",
                  items_list.childCount)
        snap("long-column-end")

        press("Home")
        tap.check(wait_for("the newest row again", lambda: (row := focused_row(items_list)) is not None
                           and row.name == newest, timeout=5), "Home goes back to the newest item")
        press("Down")
        tap.check(wait_for("the next row", lambda: (row := focused_row(items_list)) is not None
                           and row.name == TITLE.format(N_ITEMS - 1), timeout=5), "Down moves to the next item")

        press("End", control=True)
        wait_for("the focus on the oldest row", lambda: (row := focused_row(items_list)) is not None
                 and row.name == oldest, timeout=5)
        press("Return")
        title = wait_for("the editor with the oldest item",
                         lambda: (lambda t: t if t is not None and get_text(t) == oldest else None)(
                             find(app, pyatspi.ROLE_TEXT, name("Title"))))
        tap.check(get_text(title) == oldest, "Enter opens the oldest item in the editor", get_text(title))
        snap("long-column-editor")

        check_quiet_log(tap, log_path)
    except Exception:
        tap.check(False, "the long column test ran to the end", traceback.format_exc())
    finally:
        finish(tap, process, log, log_path, data_dir)

    print(f"1..{tap.n}", flush=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
