#!/usr/bin/python3
"""The bin (回收站) of the real gongkai-liaison through AT-SPI: nothing deleted is lost.

On a data folder with two drafts of 市民政局 made by the gongkai command: opens one in the editor and
moves it to the bin with the editor's button; Ctrl+Z brings it back after the notification has been
dismissed; moved to the bin again, Ctrl+B opens the bin, which lists it with its removal date;
恢复 puts it back in its column. Removed once more, 彻底删除 (confirmed) deletes it for good.
Escape closes the bin. A published item asks before it goes, saying it stays on the portal.
Prints TAP. Run by meson through run-gui-test.sh, in zh_CN.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import traceback

import pyatspi

from gkatspi import (Tap, check_quiet_log, children, click, find, find_application, finish, name, press,
                     run_cli, select_row, snap, wait_for)

UNIT = "市民政局"
COLUMN = "城乡低保"
COLUMN_ID = "hms.shjz.cxdb"
TITLE = "2017年第三季度低保资金发放表"
OTHER = "城乡低保申请条件"


def live_titles(cli, data_dir):
    return [item["title"] for item in json.loads(run_cli(cli, data_dir, "item", "list", "--format", "json"))]


def removed_titles(cli, data_dir):
    return [item["title"] for item in
            json.loads(run_cli(cli, data_dir, "item", "list", "--removed", "--format", "json"))]


def open_in_editor(app, title):
    """Clicks the item's row until the editor is there: a list rebuilt just after a restore can
    leave the first row found stale, and a click on it does nothing."""
    wait_for(f"{title} in the column's list", lambda: item_row(app, title))

    def editor_button():
        button = find(app, pyatspi.ROLE_PUSH_BUTTON, name("Move to the bin"))
        if button is None and (row := item_row(app, title)) is not None:
            click(row)
        return button

    return wait_for("the editor's Delete button", editor_button)


def item_row(app, title):
    items_list = find(app, pyatspi.ROLE_LIST_BOX, name("Items"))
    return next((r for r in children(items_list) if r.name == title), None) if items_list is not None else None


def delete_from_list(app, title):
    """Selects the item in the column's list and presses Delete, as a keyboard user does."""
    items_list = wait_for("the column's item list", lambda: find(app, pyatspi.ROLE_LIST_BOX, name("Items")))
    wait_for(f"{title} in the column's list", lambda: any(r.name == title for r in children(items_list)))
    select_row(items_list, title)
    row = next(r for r in children(items_list) if r.name == title)
    row.queryComponent().grabFocus()
    time.sleep(0.3)
    press("Delete")


def main():
    program = os.environ["GK_GUI_PROGRAM"]
    cli = os.environ["GK_CLI_PROGRAM"]
    tap = Tap()
    data_dir = tempfile.mkdtemp(prefix="gk-gui-bin-")
    run_cli(cli, data_dir, "profile", "set", "--unit", UNIT)
    for title in (TITLE, OTHER):
        run_cli(cli, data_dir, "item", "add", "--column", COLUMN_ID, "--title", title)
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

        open_in_editor(app, TITLE).queryAction().doAction(0)
        wait_for("the item in the bin", lambda: removed_titles(cli, data_dir) == [TITLE])
        tap.check(live_titles(cli, data_dir) == [OTHER], "the editor's button moves the item to the bin")

        # Undo after the notification is gone: Ctrl+Z still knows the last removal.
        find(app, pyatspi.ROLE_PUSH_BUTTON, name("Dismiss")).queryAction().doAction(0)
        time.sleep(0.5)
        press("z", control=True)
        wait_for("Ctrl+Z to restore the item", lambda: TITLE in live_titles(cli, data_dir))
        tap.check(removed_titles(cli, data_dir) == [], "Ctrl+Z brings the item back after the notification went")

        open_in_editor(app, TITLE).queryAction().doAction(0)
        wait_for("the item in the bin again", lambda: removed_titles(cli, data_dir) == [TITLE])
        press("b", control=True)
        removed = wait_for("the bin's list", lambda: (lambda r: r if r is not None and r.childCount > 0 else None)(
            find(app, pyatspi.ROLE_LIST_BOX, name("Removed items"))))
        bin_window = next(w for w in children(app) if w.name == name("Bin"))
        row = next(r for r in children(removed) if r.name == TITLE)
        today = time.strftime("%Y-%m-%d")
        labels = [node.name for node in children(row)] + [row.description]
        texts = []
        stack = [row]
        while stack:
            node = stack.pop()
            stack.extend(children(node))
            if node.getRole() == pyatspi.ROLE_LABEL:
                texts.append(node.name)
        tap.check(any(COLUMN in t and today in t for t in texts),
                  "the bin shows the item with its column and the date it was removed", texts + labels)
        snap("bin-window")

        select_row(removed, TITLE)
        restore = find(bin_window, pyatspi.ROLE_PUSH_BUTTON, name("Restore"))
        wait_for("恢复 to become available", lambda: restore.getState().contains(pyatspi.STATE_SENSITIVE))
        restore.queryAction().doAction(0)
        wait_for("恢复 to restore the item", lambda: TITLE in live_titles(cli, data_dir))
        tap.check(removed_titles(cli, data_dir) == [], "恢复 puts the item back in its column")
        wait_for("the bin to empty", lambda: removed.childCount == 0 or all(
            not r.getState().contains(pyatspi.STATE_SHOWING) or r.name != TITLE for r in children(removed)))

        press("Escape")
        wait_for("Escape to close the bin", lambda: all(w.name != name("Bin") for w in children(app)))
        tap.check(True, "Escape closes the bin")

        delete_from_list(app, OTHER)
        wait_for("the other item in the bin", lambda: removed_titles(cli, data_dir) == [OTHER])
        press("b", control=True)
        removed = wait_for("the bin's list", lambda: (lambda r: r if r is not None and r.childCount > 0 else None)(
            find(app, pyatspi.ROLE_LIST_BOX, name("Removed items"))))
        bin_window = next(w for w in children(app) if w.name == name("Bin"))
        select_row(removed, OTHER)
        purge = find(bin_window, pyatspi.ROLE_PUSH_BUTTON, name("Delete Permanently…"))
        wait_for("彻底删除 to become available", lambda: purge.getState().contains(pyatspi.STATE_SENSITIVE))
        purge.queryAction().doAction(0)
        wait_for("the confirmation", lambda: find(app, pyatspi.ROLE_ALERT))
        time.sleep(0.5)
        # A dialog closes with Ctrl+W too, and closing it deletes nothing.
        press("w", control=True)
        wait_for("Ctrl+W to close the confirmation", lambda: find(app, pyatspi.ROLE_ALERT) is None, timeout=5)
        tap.check(removed_titles(cli, data_dir) == [OTHER], "Ctrl+W closes the confirmation, and nothing is deleted")
        purge.queryAction().doAction(0)
        alert = wait_for("the confirmation", lambda: find(app, pyatspi.ROLE_ALERT))
        find(alert, pyatspi.ROLE_PUSH_BUTTON, name("_Delete Permanently")).queryAction().doAction(0)
        wait_for("the item to be deleted for good", lambda: removed_titles(cli, data_dir) == [])
        tap.check(live_titles(cli, data_dir) == [TITLE], "彻底删除 deletes only that item, for good")
        press("w", control=True)
        wait_for("Ctrl+W to close the bin", lambda: all(w.name != name("Bin") for w in children(app)))
        tap.check(True, "Ctrl+W closes the bin")

        check_quiet_log(tap, log_path)
    except Exception:
        snap("bin-failure")
        tap.check(False, "the scenario ran to its end", traceback.format_exc())
    finally:
        finish(tap, process, log, log_path, data_dir)

    print(f"1..{tap.n}", flush=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
