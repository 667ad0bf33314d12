#!/usr/bin/python3
"""A rejection stays in sight while it is fixed, in the real gongkai-liaison through AT-SPI, in zh_CN.

An item of 市民政局 the portal rejected (put in that state in the store, as the sync engine leaves
it): the editor shows the reason; the first keystroke of the fix starts revision 2, and the reason
is still shown as 上一版退回理由 above the form, with a revision history naming revision 1 as
rejected with its reason. Prints TAP. Run by meson through run-gui-test.sh.
"""

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import traceback

import pyatspi

from gkatspi import (Tap, check_quiet_log, children, click, find, find_application, finish, get_text, name,
                     run_cli, select_row, snap, wait_for)

UNIT = "市民政局"
COLUMN = "城乡低保"
COLUMN_ID = "hms.shjz.cxdb"
TITLE = "2017年第三季度低保资金发放情况"
REASON = "请补充发放名单附件"


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


def label_with(app, *words):
    return next((label for label in showing_labels(app) if all(word in label.name for word in words)), None)


def main():
    program = os.environ["GK_GUI_PROGRAM"]
    cli = os.environ["GK_CLI_PROGRAM"]
    tap = Tap()
    data_dir = tempfile.mkdtemp(prefix="gk-gui-rejection-")
    run_cli(cli, data_dir, "profile", "set", "--unit", UNIT)
    body = os.path.join(data_dir, "body.txt")
    with open(body, "w", encoding="utf-8") as body_file:
        body_file.write("本季度发放低保资金。")
    uuid = run_cli(cli, data_dir, "item", "add", "--column", COLUMN_ID, "--title", TITLE, "--body-file", body,
                   "--reviewer", "周科长", "--reviewed-on", "2026-11-20").strip()
    with sqlite3.connect(os.path.join(data_dir, "gongkai.db")) as db:
        db.execute("UPDATE items SET state = 'rejected', reject_reason = ? WHERE uuid = ?", (REASON, uuid))
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
        click(wait_for("the item", lambda: next((r for r in children(items_list) if r.name == TITLE), None)))
        title = wait_for("the editor", lambda: (lambda t: t if t is not None and get_text(t) == TITLE else None)(
            find(app, pyatspi.ROLE_TEXT, name("Title"))))
        wait_for("the reason in the editor", lambda: label_with(app, REASON))
        tap.check(True, "the rejected item shows the portal's reason")

        title.queryEditableText().setTextContents(TITLE + "（补充名单）")
        wait_for("revision 2 in the store", lambda: json.loads(
            run_cli(cli, data_dir, "item", "show", uuid, "--format", "json"))["revision"] == 2, timeout=10)
        shown = wait_for("the reason after the edit", lambda: label_with(app, name("The previous revision was rejected: “%s”").split("“")[0], REASON))
        tap.check(shown is not None, "after the first keystroke the reason is still shown, as the previous revision's",
                  shown.name if shown else None)
        history = wait_for("the revision history", lambda: find(app, pyatspi.ROLE_LABEL, name("Revision history")))
        first = name("Revision %u: %s, changed on %s").split("%u")[0] + "1"
        text = get_text(history)
        tap.check(first in text and REASON in text and name("Rejected") in text,
                  "the history names revision 1, rejected, with its reason", text)
        snap("rejection-history")

        check_quiet_log(tap, log_path)
    except Exception:
        snap("rejection-failure")
        tap.check(False, "the scenario ran to its end", traceback.format_exc())
    finally:
        finish(tap, process, log, log_path, data_dir)

    print(f"1..{tap.n}", flush=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
