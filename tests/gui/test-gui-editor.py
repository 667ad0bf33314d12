#!/usr/bin/python3
"""An item written in the real gongkai-liaison editor survives a restart, driven through AT-SPI.

On a data folder whose profile the gongkai command set to 市民政局: opens 城乡低保, makes a new
item, types its title and body, checks autosave put the title in SQLite within 2.5 s (through
`gongkai item list`, the application still running), attaches a file through the file chooser
(typing its path), waits, quits with Ctrl+Q, starts the application again and finds the item
with its title, body and attachment both on screen and in `gongkai item show --format json`.
Prints TAP. Environment as for test-gui-setup.py.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

import pyatspi

from gkatspi import (Tap, children, click, find, find_application, get_text, name, press, run_cli,
                     select_row, set_text, stop, wait_for)

UNIT = "市民政局"
COLUMN = "城乡低保"
TITLE = "关于2017年城乡低保提标的通知"
BODY = "一、城市低保标准每人每月提高到560元。\n\n二、农村低保标准每年提高到4000元。"
ATTACHMENT = "低保提标 附件一.pdf"
AUTOSAVE_LIMIT = 2.5


# GTK 3.24's file chooser forwards the key that opens its location entry before the entry is
# realized and says so in a critical. That one is GTK's; any other warning fails the test.
KNOWN_GTK_CRITICAL = "gtk_widget_event: assertion 'WIDGET_REALIZED_FOR_EVENT (widget, event)' failed"


def start(program, data_dir, log):
    env = dict(os.environ)
    env.pop("NO_AT_BRIDGE", None)
    # The file chooser opens on the recent files (XDG_DATA_HOME/recently-used.xbel), so the
    # user's own would change what it shows.
    env["XDG_DATA_HOME"] = os.path.join(data_dir, "xdg-data")
    env["G_DEBUG"] = ",".join(flag for flag in env.get("G_DEBUG", "").split(",") if flag != "fatal-criticals")
    process = subprocess.Popen([program, "--data-dir", data_dir], env=env, stderr=log)
    app = wait_for("the application on the accessibility bus", lambda: find_application(process.pid))
    sidebar = wait_for("the sidebar", lambda: (lambda s: s if s is not None and s.childCount > 0 else None)(
        find(app, pyatspi.ROLE_LIST_BOX, name("Columns"))))
    select_row(sidebar, COLUMN)
    wait_for("the column's item list", lambda: find(app, pyatspi.ROLE_LIST_BOX, name("Items")))
    return process, app


def listed_titles(cli, data_dir):
    return [item.get("title") for item in json.loads(run_cli(cli, data_dir, "item", "list", "--format", "json"))]


def attachment_names(app):
    attachments = find(app, pyatspi.ROLE_LIST_BOX, name("Attachments"))
    return [row.name for row in children(attachments)] if attachments is not None else []


def attach_through_chooser(app, path):
    find(app, pyatspi.ROLE_PUSH_BUTTON, name("Add Files…")).queryAction().doAction(0)
    dialog = wait_for("the file chooser", lambda: find(app, pyatspi.ROLE_FILE_CHOOSER))
    # Ctrl+L opens the chooser's location entry, where a user types a path.
    wait_for("the chooser to take the keyboard", lambda: find(dialog, pyatspi.ROLE_PUSH_BUTTON, name("_Attach")))
    time.sleep(0.5)
    press("l", control=True)
    location = wait_for("the location entry", lambda: find(dialog, pyatspi.ROLE_TEXT, ""))
    set_text(location, path)
    # The chooser looks the typed path up asynchronously and ignores Attach until it has;
    # pressing again until the dialog goes is what an impatient user does too.
    deadline = time.monotonic() + 10
    while find(app, pyatspi.ROLE_FILE_CHOOSER) is not None and time.monotonic() < deadline:
        time.sleep(0.5)
        button = find(dialog, pyatspi.ROLE_PUSH_BUTTON, name("_Attach"))
        if button is not None:
            button.queryAction().doAction(0)


def main():
    program = os.environ["GK_GUI_PROGRAM"]
    cli = os.environ["GK_CLI_PROGRAM"]
    tap = Tap()
    data_dir = tempfile.mkdtemp(prefix="gk-gui-editor-")
    attachment_path = os.path.join(data_dir, ATTACHMENT)
    with open(attachment_path, "wb") as attachment:
        attachment.write(b"%PDF-1.4\n% the attachment of the GUI test\n")
    run_cli(cli, data_dir, "profile", "set", "--unit", UNIT)
    log_path = os.path.join(data_dir, "stderr.log")
    log = open(log_path, "w")
    process = None

    try:
        process, app = start(program, data_dir, log)
        tap.check(listed_titles(cli, data_dir) == [], "the store starts empty")

        find(app, pyatspi.ROLE_PUSH_BUTTON, name("New Item")).queryAction().doAction(0)
        title = wait_for("the editor's title field", lambda: find(app, pyatspi.ROLE_TEXT, name("Title")))
        set_text(title, TITLE)
        typed = time.monotonic()
        wait_for("the title in the store", lambda: TITLE in listed_titles(cli, data_dir), timeout=10)
        elapsed = time.monotonic() - typed
        tap.check(elapsed < AUTOSAVE_LIMIT, f"autosave put the title in SQLite after {elapsed:.2f} s "
                  f"(limit {AUTOSAVE_LIMIT} s), the application still running")

        set_text(find(app, pyatspi.ROLE_TEXT, name("Body")), BODY)

        attach_through_chooser(app, attachment_path)
        wait_for("the attachment in the editor's list", lambda: ATTACHMENT in attachment_names(app))
        tap.check(True, "the file chosen in the file chooser is listed as an attachment")

        time.sleep(2.5)
        press("q", control=True)
        try:
            code = process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            code = None
        tap.check(code == 0, f"Ctrl+Q quits the application (exit status {code})")

        items = json.loads(run_cli(cli, data_dir, "item", "list", "--format", "json"))
        tap.check(len(items) == 1 and items[0].get("title") == TITLE, "the store holds the one item", items)
        shown = json.loads(run_cli(cli, data_dir, "item", "show", items[0]["uuid"], "--format", "json"))
        tap.check(shown.get("body") == BODY, "the body is stored with its paragraphs", shown.get("body"))
        tap.check([a.get("name") for a in shown.get("attachments", [])] == [ATTACHMENT],
                  "the attachment is stored under its own name", shown.get("attachments"))

        process, app = start(program, data_dir, log)
        items_list = find(app, pyatspi.ROLE_LIST_BOX, name("Items"))
        row = wait_for("the item in the column's list", lambda: next(
            (r for r in children(items_list) if r.name == TITLE), None))
        click(row)
        title = wait_for("the editor with the item",
                         lambda: (lambda t: t if t is not None and get_text(t) == TITLE else None)(
                             find(app, pyatspi.ROLE_TEXT, name("Title"))))
        tap.check(get_text(title) == TITLE, "after a restart the editor shows the title")
        tap.check(get_text(find(app, pyatspi.ROLE_TEXT, name("Body"))) == BODY,
                  "after a restart the editor shows the body with its paragraphs")
        tap.check(attachment_names(app) == [ATTACHMENT], "after a restart the attachment is listed",
                  attachment_names(app))

        with open(log_path) as stderr:
            complaints = [line for line in stderr
                          if ("CRITICAL" in line or "WARNING" in line) and KNOWN_GTK_CRITICAL not in line]
        tap.check(not complaints, "the application logged no warning or critical of its own", "".join(complaints))
    except Exception:
        tap.check(False, "the scenario ran to its end", traceback.format_exc())
    finally:
        if process is not None and process.poll() is None:
            stop(process)
        log.close()
        if tap.failed:
            with open(log_path) as stderr:
                for line in stderr:
                    print(f"# application: {line.rstrip()}", flush=True)
        shutil.rmtree(data_dir, ignore_errors=True)

    print(f"1..{tap.n}", flush=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
