#!/usr/bin/python3
"""The real gongkai-liaison from the keyboard alone, through AT-SPI, in zh_CN.

Escape closes 首选项 (Ctrl+,), 待发队列 (Ctrl+Shift+O) and 联络员信息 (from the main menu,
which F10 opens); Ctrl+W closes them too; the shortcuts window (Ctrl+?) lists the shortcuts;
in the editor of a new item (Ctrl+N), Escape and Alt+Left return to the column. Prints TAP.
Run by meson through run-gui-test.sh.
"""

import os
import subprocess
import sys
import tempfile
import time
import traceback

import pyatspi

from gkatspi import (Tap, check_quiet_log, children, find, find_application, finish, name, press, run_cli,
                     select_row, snap, wait_for)

UNIT = "市民政局"


def window_names(app):
    return [w.name for w in children(app)]


def wait_open(app, title):
    return wait_for(f"the window {title}", lambda: next((w for w in children(app) if w.name == title), None))


def wait_closed(app, title):
    wait_for(f"{title} to close", lambda: title not in window_names(app), timeout=5)
    return True


def main():
    program = os.environ["GK_GUI_PROGRAM"]
    cli = os.environ["GK_CLI_PROGRAM"]
    tap = Tap()
    data_dir = tempfile.mkdtemp(prefix="gk-gui-keyboard-")
    run_cli(cli, data_dir, "profile", "set", "--unit", UNIT, "--liaison", "黄筱丹", "--phone", "0730-8882003",
            "--leader", "李局长", "--office", "办公室")
    env = dict(os.environ)
    env.pop("NO_AT_BRIDGE", None)
    log_path = os.path.join(data_dir, "stderr.log")
    log = open(log_path, "w")
    process = subprocess.Popen([program, "--data-dir", data_dir], env=env, stderr=log)

    try:
        app = wait_for("the application on the accessibility bus", lambda: find_application(process.pid))
        sidebar = wait_for("the sidebar", lambda: (lambda s: s if s is not None and s.childCount > 0 else None)(
            find(app, pyatspi.ROLE_LIST_BOX, name("Columns"))))
        main_title = name("Gongkai Liaison")
        select_row(sidebar, "城乡低保")

        for title, keys in ((name("Preferences"), dict(key="comma", control=True)),
                            (name("Outbox"), dict(key="o", control=True, shift=True))):
            for closer, close_keys in (("Escape", dict(key="Escape")), ("Ctrl+W", dict(key="w", control=True))):
                press(**keys)
                wait_open(app, title)
                time.sleep(0.5)
                press(**close_keys)
                tap.check(wait_closed(app, title), f"{closer} closes {title}")

        # F10 opens the main menu; its 联络员信息 item opens the profile, which Escape closes.
        press("F10")
        item = wait_for("the main menu", lambda: find(app, pyatspi.ROLE_MENU_ITEM, name("_Profile…")) or
                        find(app, pyatspi.ROLE_PUSH_BUTTON, name("_Profile…")) or
                        find(app, pyatspi.ROLE_CHECK_MENU_ITEM, name("_Profile…")))
        tap.check(item is not None, "F10 opens the main menu")
        item.queryAction().doAction(0)
        wait_open(app, name("Profile"))
        time.sleep(0.5)
        snap("keyboard-profile")
        press("Escape")
        tap.check(wait_closed(app, name("Profile")), "Escape closes 联络员信息")

        press("question", control=True, shift=True)
        wait_for("the shortcuts window", lambda: find(app, pyatspi.ROLE_FRAME, None) if any(
            w.getRole() != pyatspi.ROLE_FRAME or w.name not in (main_title,) for w in children(app)) else None)
        texts = []
        for window in children(app):
            if window.name == main_title:
                continue
            stack = [window]
            while stack:
                node = stack.pop()
                stack.extend(children(node))
                if node.getRole() == pyatspi.ROLE_LABEL:
                    texts.append(node.name)
        snap("keyboard-shortcuts")
        wanted = [name(t) for t in ("Open the bin", "Undo the last removal", "Back from the editor to the column",
                                     "Sync: send what is queued and read the verdicts", "Open the main menu")]
        tap.check(all(w in texts for w in wanted), "Ctrl+? lists the shortcuts, the new ones too", texts)
        press("Escape")
        wait_for("the shortcuts window to close", lambda: window_names(app) == [main_title])

        # Ctrl+N opens a new item in the editor; Escape, and Alt+Left, lead back to the column.
        for closer, close_keys in (("Escape", dict(key="Escape")), ("Alt+Left", dict(key="Left", alt=True))):
            press("n", control=True)
            wait_for("the editor", lambda: find(app, pyatspi.ROLE_PUSH_BUTTON, name("Back to the column")))
            time.sleep(0.5)
            press(**close_keys)
            wait_for("the column page", lambda: find(app, pyatspi.ROLE_PUSH_BUTTON, name("New Item")))
            tap.check(find(app, pyatspi.ROLE_PUSH_BUTTON, name("Back to the column")) is None,
                      f"{closer} returns from the editor to the column")

        check_quiet_log(tap, log_path)
    except Exception:
        snap("keyboard-failure")
        tap.check(False, "the scenario ran to its end", traceback.format_exc())
    finally:
        finish(tap, process, log, log_path, data_dir)

    print(f"1..{tap.n}", flush=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
