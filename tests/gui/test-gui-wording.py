#!/usr/bin/python3
"""The wording gate of the real gongkai-liaison through AT-SPI, in zh_CN.

Two ready items of 市民政局 made by the gongkai command: one whose body holds the marking 内部资料
and the slip 以经, one with only 以经. In the editor both words are underlined in the body (a text
attribute a screen reader reads too). Submitting the first is refused, naming 内部资料, and it stays
ready; submitting the second asks for a confirmation naming 以经→已经, and 按原文报送 queues it.
Prints TAP. Run by meson through run-gui-test.sh.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import traceback

import pyatspi

from gkatspi import (Tap, check_quiet_log, children, click, find, find_application, finish, get_text, name,
                     run_cli, select_row, snap, wait_for)

UNIT = "市民政局"
COLUMN = "城乡低保"
COLUMN_ID = "hms.shjz.cxdb"
MARKED = "低保审批内部通报"
MARKED_BODY = "本通知为内部资料，以经审核。"
SLIP = "低保名单公示"
SLIP_BODY = "名单以经审核，现予公示。"


def state_of(cli, data_dir, title):
    items = json.loads(run_cli(cli, data_dir, "item", "list", "--format", "json"))
    return next(item["state"] for item in items if item["title"] == title)


def add_ready_item(cli, data_dir, title, body):
    path = os.path.join(data_dir, "body.txt")
    with open(path, "w", encoding="utf-8") as body_file:
        body_file.write(body)
    uuid = run_cli(cli, data_dir, "item", "add", "--column", COLUMN_ID, "--title", title, "--body-file", path,
                   "--reviewer", "周科长", "--reviewed-on", "2026-11-20").strip()
    run_cli(cli, data_dir, "item", "ready", uuid)


def open_item(app, title):
    items_list = wait_for("the column's item list", lambda: find(app, pyatspi.ROLE_LIST_BOX, name("Items")))
    row = wait_for(f"{title} in the list", lambda: next((r for r in children(items_list) if r.name == title), None))
    click(row)
    return wait_for("the editor with the item", lambda: (lambda t: t if t is not None and get_text(t) == title else None)(
        find(app, pyatspi.ROLE_TEXT, name("Title"))))


def underlined(text_node, offset):
    attributes = dict(a.split(":", 1) for a in text_node.queryText().getAttributeRun(offset, False)[0])
    return attributes.get("underline", "none") not in ("none", "")


def labels(root):
    """The labels showing under root."""
    stack = [root]
    while stack:
        node = stack.pop()
        try:
            if node.getRole() == pyatspi.ROLE_LABEL and node.getState().contains(pyatspi.STATE_SHOWING):
                yield node
            stack.extend(children(node))
        except Exception:
            continue


def main():
    program = os.environ["GK_GUI_PROGRAM"]
    cli = os.environ["GK_CLI_PROGRAM"]
    tap = Tap()
    data_dir = tempfile.mkdtemp(prefix="gk-gui-wording-")
    run_cli(cli, data_dir, "profile", "set", "--unit", UNIT)
    add_ready_item(cli, data_dir, MARKED, MARKED_BODY)
    add_ready_item(cli, data_dir, SLIP, SLIP_BODY)
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

        open_item(app, MARKED)
        body = find(app, pyatspi.ROLE_TEXT, name("Body"))
        marking_at = MARKED_BODY.index("内部资料")
        slip_at = MARKED_BODY.index("以经")
        wait_for("the marks in the body", lambda: underlined(body, marking_at))
        tap.check(underlined(body, slip_at), "the body underlines the slip 以经 as well as 内部资料")
        tap.check(not underlined(body, 0), "the rest of the body is not underlined")

        find(app, pyatspi.ROLE_PUSH_BUTTON, name("Submit")).queryAction().doAction(0)
        refusal = wait_for("the refusal", lambda: next((label for label in labels(app) if "内部资料" in label.name), None))
        snap("wording-refused")
        tap.check("内部资料" in refusal.name, "submitting the item with 内部资料 is refused, naming it", refusal.name)
        time.sleep(0.5)
        tap.check(state_of(cli, data_dir, MARKED) == "ready", "the refused item stays ready, not queued")

        find(app, pyatspi.ROLE_PUSH_BUTTON, name("Back to the column")).queryAction().doAction(0)
        open_item(app, SLIP)
        find(app, pyatspi.ROLE_PUSH_BUTTON, name("Submit")).queryAction().doAction(0)
        alert = wait_for("the confirmation", lambda: find(app, pyatspi.ROLE_ALERT))
        texts = [label.name for label in labels(alert)]
        snap("wording-confirm")
        tap.check(any("以经→已经" in text for text in texts), "the confirmation names 以经→已经", texts)
        tap.check(state_of(cli, data_dir, SLIP) == "ready", "nothing is queued before the confirmation")
        find(alert, pyatspi.ROLE_PUSH_BUTTON, name("_Submit As Written")).queryAction().doAction(0)
        wait_for("the item in the outbox", lambda: state_of(cli, data_dir, SLIP) == "queued")
        tap.check(True, "按原文报送 queues the item with its 易错词")

        check_quiet_log(tap, log_path)
    except Exception:
        snap("wording-failure")
        tap.check(False, "the scenario ran to its end", traceback.format_exc())
    finally:
        finish(tap, process, log, log_path, data_dir)

    print(f"1..{tap.n}", flush=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
