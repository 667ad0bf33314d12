#!/usr/bin/python3
"""When each column is next due, in the real gongkai-liaison through AT-SPI, in zh_CN.

市民政局 with 城乡低保 published 20 days ago, 医疗救助 200 days ago (both every 180 days, as the
portal reported them: rows put in the store as the sync engine leaves them) and 困难救助 blank.
The sidebar shows a legend of the four states; 城乡低保's page says 最近发布 with the title and
下次应更新 in 160 days; 医疗救助's says 20 days overdue, and its sidebar row says so to a screen
reader. Prints TAP. Run by meson through run-gui-test.sh.
"""

import calendar
import datetime
import os
import sqlite3
import subprocess
import sys
import tempfile
import traceback

import pyatspi

from gkatspi import (Tap, check_quiet_log, children, find, find_application, finish, name, run_cli,
                     select_row, snap, wait_for)

UNIT = "市民政局"
RECENT_TITLE = "2017年城乡低保标准调整"
PLURAL_IN = ("%s (in %d day)", "%s (in %d days)")
PLURAL_OVERDUE = ("%s (%d day overdue)", "%s (%d days overdue)")


def showing_labels(root):
    stack = [root]
    while stack:
        node = stack.pop()
        try:
            if node.getRole() == pyatspi.ROLE_LABEL and node.getState().contains(pyatspi.STATE_SHOWING):
                yield node
            stack.extend(children(node))
        except Exception:
            continue


def add_months(day, months):
    """The same date @months on, clamped to the month's end, as the catalog's calendar periods are."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def label_with(app, text):
    return next((label for label in showing_labels(app) if text in label.name), None)


def plural(forms, n):
    import gkatspi
    return gkatspi._translation.ngettext(forms[0], forms[1], n)


def main():
    program = os.environ["GK_GUI_PROGRAM"]
    cli = os.environ["GK_CLI_PROGRAM"]
    tap = Tap()
    data_dir = tempfile.mkdtemp(prefix="gk-gui-due-")
    run_cli(cli, data_dir, "profile", "set", "--unit", UNIT)
    today = datetime.date.today()
    recent = today - datetime.timedelta(days=20)
    old = today - datetime.timedelta(days=200)
    with sqlite3.connect(os.path.join(data_dir, "gongkai.db")) as db:
        for pid, column, title, date in (("p1", "hms.shjz.cxdb", RECENT_TITLE, recent),
                                         ("p2", "hms.shjz.yljz", "医疗救助办法", old)):
            db.execute("INSERT INTO portal_items (id, unit, column_id, kind, title, revision, status, published_at, "
                       "updated_at) VALUES (?, ?, ?, 'policy', ?, 1, 'published', ?, ?)",
                       (pid, UNIT, column, title, date.isoformat() + "T09:00:00Z", date.isoformat() + "T09:00:00Z"))
    env = dict(os.environ)
    env.pop("NO_AT_BRIDGE", None)
    log_path = os.path.join(data_dir, "stderr.log")
    log = open(log_path, "w")
    process = subprocess.Popen([program, "--data-dir", data_dir], env=env, stderr=log)

    try:
        app = wait_for("the application on the accessibility bus", lambda: find_application(process.pid))
        sidebar = wait_for("the sidebar", lambda: (lambda s: s if s is not None and s.childCount > 0 else None)(
            find(app, pyatspi.ROLE_LIST_BOX, name("Columns"))))

        legend = wait_for("the legend", lambda: find(app, pyatspi.ROLE_PANEL, name("Legend")))
        words = [label.name for label in showing_labels(legend)]
        wanted = [name(state) for state in ("Up to date", "Due soon", "Stale", "Blank")]
        tap.check(words == wanted, "the sidebar's legend names the four states", words)

        select_row(sidebar, "城乡低保")
        due = add_months(recent, 6)
        left = (due - today).days
        expected = plural(PLURAL_IN, left) % (due.isoformat(), left)
        shown = wait_for("城乡低保's due date", lambda: label_with(app, expected))
        tap.check(name("Up to date") in shown.name, f"城乡低保 is due in {left} days, six months on, and up to date",
                  shown.name)
        tap.check(label_with(app, RECENT_TITLE) is not None and label_with(app, recent.isoformat()) is not None,
                  "最近发布 names the date and title of the newest publication")
        tap.check(label_with(app, name("Last published")) is not None and label_with(app, name("Next update due")) is not None,
                  "the page has the 最近发布 and 下次应更新 headings")
        snap("due-dates")

        select_row(sidebar, "医疗救助")
        old_due = add_months(old, 6)
        late = (today - old_due).days
        overdue = plural(PLURAL_OVERDUE, late) % (old_due.isoformat(), late)
        shown = wait_for("医疗救助's overdue date", lambda: label_with(app, overdue))
        tap.check(name("Stale") in shown.name, f"医疗救助 is {late} days overdue, and stale", shown.name)
        row = next(r for r in children(sidebar) if r.name == "医疗救助")
        tap.check(overdue in row.description, "the sidebar row tells a screen reader it is overdue", row.description)

        select_row(sidebar, "困难救助")
        tap.check(wait_for("the blank column's due", lambda: label_with(app, name("Now: the column is blank"))) is not None,
                  "a blank column is due now")

        check_quiet_log(tap, log_path)
    except Exception:
        snap("due-failure")
        tap.check(False, "the scenario ran to its end", traceback.format_exc())
    finally:
        finish(tap, process, log, log_path, data_dir)

    print(f"1..{tap.n}", flush=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
