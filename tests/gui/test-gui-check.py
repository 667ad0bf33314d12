#!/usr/bin/python3
"""The self-check page of the real gongkai-liaison, through AT-SPI as a screen reader user would.

With a profile set through the gongkai command and nothing published, every column of 市财政局
is blank: Ctrl+I opens the self-check page, which must say so (a veto for five or more blank
columns, a deduction per blank column); activating the finding for 财政资金 must select that
column in the sidebar, where its fix is. F1 must then hand the user guide to Yelp (a stand-in
that records what it was given, alone on PATH); with no Yelp, F1 must open the guide built as HTML
in the default browser (a stand-in too), and with neither say so in a dialog. Prints TAP. Run by meson through run-gui-test.sh.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import traceback

import pyatspi

from gkatspi import Tap, children, click, find, find_application, name, press, run_cli, stop, wait_for

UNIT = "市财政局"
COLUMN = "财政资金"


def main():
    program = os.environ["GK_GUI_PROGRAM"]
    cli = os.environ["GK_CLI_PROGRAM"]
    tap = Tap()
    data_dir = tempfile.mkdtemp(prefix="gk-gui-check-")
    run_cli(cli, data_dir, "profile", "set", "--unit", UNIT, "--liaison", "黄筱丹", "--phone", "0730-8882003",
            "--leader", "李局长", "--office", "办公室")
    help_dir = os.path.realpath(os.path.join(os.path.dirname(__file__), "..", "..", "help", "C"))
    viewer_dir = tempfile.mkdtemp(prefix="gk-gui-check-yelp-")
    opened_record = os.path.join(viewer_dir, "opened")
    with open(os.path.join(viewer_dir, "yelp"), "w", encoding="utf-8") as viewer:
        viewer.write(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{opened_record}.part" && /bin/mv "{opened_record}.part" "{opened_record}"\n')
    os.chmod(os.path.join(viewer_dir, "yelp"), 0o755)
    # A stand-in browser, the default for web pages in this session only, records what it is given.
    browsed_record = os.path.join(viewer_dir, "browsed")
    with open(os.path.join(viewer_dir, "browser"), "w", encoding="utf-8") as browser:
        browser.write(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{browsed_record}.part" && /bin/mv "{browsed_record}.part" "{browsed_record}"\n')
    os.chmod(os.path.join(viewer_dir, "browser"), 0o755)
    os.makedirs(os.path.join(viewer_dir, "data", "applications"))
    os.makedirs(os.path.join(viewer_dir, "config"))
    with open(os.path.join(viewer_dir, "data", "applications", "gk-test-browser.desktop"), "w") as desktop:
        desktop.write("[Desktop Entry]\nType=Application\nName=Test Browser\n"
                      f"Exec={os.path.join(viewer_dir, 'browser')} %u\nMimeType=text/html;\n")
    with open(os.path.join(viewer_dir, "config", "mimeapps.list"), "w") as mimeapps:
        mimeapps.write("[Default Applications]\ntext/html=gk-test-browser.desktop\n")
    html_dir = os.path.join(viewer_dir, "html")
    shutil.copytree(os.environ["GK_HELP_HTML"], html_dir)
    app_env = dict(os.environ)
    app_env.pop("NO_AT_BRIDGE", None)
    # Only the stand-in: a Yelp installed on this machine must not answer instead.
    app_env["PATH"] = viewer_dir
    app_env["GK_HELPDIR"] = help_dir
    app_env["GK_HELP_HTML"] = html_dir
    app_env["XDG_DATA_HOME"] = os.path.join(viewer_dir, "data")
    app_env["XDG_CONFIG_HOME"] = os.path.join(viewer_dir, "config")
    process = subprocess.Popen([program, "--data-dir", data_dir], env=app_env)

    try:
        app = wait_for("the application on the accessibility bus", lambda: find_application(process.pid))
        sidebar = wait_for("the main window's sidebar",
                           lambda: (lambda s: s if s is not None and s.childCount > 0 else None)(
                               find(app, pyatspi.ROLE_LIST_BOX, name("Columns"))))

        press("i", control=True)
        findings = wait_for("the self-check's findings",
                            lambda: (lambda f: f if f is not None and f.childCount > 0 else None)(
                                find(app, pyatspi.ROLE_LIST_BOX, name("Findings"))))
        rows = [row.name for row in children(findings)]
        veto = [r for r in rows if r.startswith(name("Veto"))]
        blank = [r for r in rows if name("Blank column") in r and r.startswith(name("Deduction"))]
        tap.check(len(veto) == 1, "eight blank columns give one veto finding", rows)
        tap.check(len(blank) == sidebar.childCount, "every blank column is a deduction of its own", rows)

        target = next(row for row in children(findings) if COLUMN in row.name and name("Blank column") in row.name)
        click(target)
        selected = wait_for(f"{COLUMN} to be selected in the sidebar",
                            lambda: (lambda s: s if s is not None and s.name == COLUMN else None)(
                                sidebar.querySelection().getSelectedChild(0)))
        tap.check(selected is not None, f"the finding for {COLUMN} leads to that column")

        press("F1")
        opened = wait_for("the user guide to be handed to Yelp",
                          lambda: open(opened_record, encoding="utf-8").read().strip()
                          if os.path.exists(opened_record) else None)
        tap.check(os.path.realpath(opened) == help_dir, "F1 opens the user guide in Yelp", opened)

        # No Yelp (UOS, Kylin): the guide built as HTML opens in the browser.
        os.unlink(os.path.join(viewer_dir, "yelp"))
        press("F1")
        browsed = wait_for("the HTML guide to be handed to the browser",
                           lambda: open(browsed_record, encoding="utf-8").read().strip()
                           if os.path.exists(browsed_record) else None)
        # GIO hands a local file to %u as its path.
        tap.check(browsed.removeprefix("file://") == os.path.join(html_dir, "index.html"),
                  "without Yelp, F1 opens the guide as HTML in the browser", browsed)

        # Neither: a dialog says so.
        shutil.rmtree(html_dir)
        press("F1")
        alert = wait_for("the dialog saying the guide cannot be opened",
                         lambda: find(app, pyatspi.ROLE_ALERT))
        tap.check(find(alert, pyatspi.ROLE_LABEL, name("The user guide could not be opened")) is not None,
                  "without Yelp or the HTML guide, F1 says the guide cannot be opened", alert.name)
    except Exception:
        tap.check(False, "the scenario ran to its end", traceback.format_exc())
    finally:
        stop(process)
        shutil.rmtree(data_dir, ignore_errors=True)
        shutil.rmtree(viewer_dir, ignore_errors=True)

    print(f"1..{tap.n}", flush=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
