#!/usr/bin/python3
"""First run of the real gongkai-liaison, driven through AT-SPI as a screen reader user would.

Starts the program on an empty data folder, picks 市财政局 in the unit picker, fills in the
liaison's details and continues; then checks the sidebar holds exactly that unit's columns,
that 经济运行 shows 市财政局's own description and 市统计局 as co-responsible, and that the
profile reached the store shared with the gongkai command. Prints TAP.

Run by meson through run-gui-test.sh (xvfb-run outside dbus-run-session). Environment:
GK_GUI_PROGRAM, GK_CLI_PROGRAM, GK_LOCALEDIR, GSETTINGS_SCHEMA_DIR; LANGUAGE (or LC_ALL, for the real zh_CN.UTF-8 locale) picks the
UI language, and the accessible names are looked up through the same message catalog.
"""

import locale
import os
import shutil
import subprocess
import sys
import tempfile
import traceback

import pyatspi

from gkatspi import (Tap, children, descendants, find, find_application, name, run_cli, select_row,
                     set_text, shown_names, stop, wait_for)

UNIT = "市财政局"
PARTNER = "市统计局"
DESCRIPTION_START = "定期公开全市财政收支情况"


def expected_titles(cli, data_dir, unit):
    """Sidebar names from the CLI's view of the catalog: 三级 if there is one, else 二级."""
    titles = []
    for line in run_cli(cli, data_dir, "catalog", "columns", "--unit", unit).splitlines():
        fields = line.split("\t")
        titles.append(fields[3] or fields[2])
    return titles


def main():
    if os.environ.get("LC_ALL", "").startswith("zh_CN"):
        try:
            locale.setlocale(locale.LC_ALL, os.environ["LC_ALL"])
        except locale.Error:
            print("1..0 # SKIP the %s locale is not generated (tools/test generates it as root)"
                  % os.environ["LC_ALL"], flush=True)
            return 0
    program = os.environ["GK_GUI_PROGRAM"]
    cli = os.environ["GK_CLI_PROGRAM"]
    tap = Tap()
    data_dir = tempfile.mkdtemp(prefix="gk-gui-setup-")
    app_env = dict(os.environ)
    app_env.pop("NO_AT_BRIDGE", None)
    process = subprocess.Popen([program, "--data-dir", data_dir], env=app_env)

    try:
        units = run_cli(cli, data_dir, "catalog", "units").splitlines()
        matching = [unit for unit in units if "财政" in unit]
        titles = expected_titles(cli, data_dir, UNIT)

        app = wait_for("the application on the accessibility bus", lambda: find_application(process.pid))
        search = wait_for("the unit search", lambda: find(app, pyatspi.ROLE_TEXT, name("Search units")))
        unit_list = find(app, pyatspi.ROLE_LIST_BOX, name("Units"))
        continue_button = find(app, pyatspi.ROLE_PUSH_BUTTON, name("_Continue"))
        tap.check(unit_list is not None and continue_button is not None,
                  "the first run shows the unit list and a Continue button")
        tap.check([r.name for r in children(unit_list)] == units,
                  "the unit list offers every unit of the catalog, in order")
        tap.check(not continue_button.getState().contains(pyatspi.STATE_SENSITIVE),
                  "Continue is insensitive before a unit is chosen")

        set_text(search, "财政")
        shown = wait_for("the search to filter the units", lambda: shown_names(unit_list) == matching and matching)
        tap.check(UNIT in shown and PARTNER not in shown, f"searching 财政 leaves {shown}", shown)

        select_row(unit_list, UNIT)
        wait_for("Continue to become sensitive",
                 lambda: continue_button.getState().contains(pyatspi.STATE_SENSITIVE))
        tap.check(True, "choosing 市财政局 makes Continue sensitive")

        for field, value in (("Liaison", "黄筱丹"), ("Phone", "0730-8882003"),
                             ("Leader in charge", "李局长"), ("Responsible office", "办公室")):
            set_text(find(app, pyatspi.ROLE_TEXT, name(field)), value)
        continue_button.queryAction().doAction(0)

        sidebar = wait_for("the main window's sidebar",
                           lambda: (lambda s: s if s is not None and s.childCount > 0 else None)(
                               find(app, pyatspi.ROLE_LIST_BOX, name("Columns"))))
        rows = [row.name for row in children(sidebar)]
        tap.check(rows == titles, f"the sidebar lists exactly {UNIT}'s columns", f"got {rows}, expected {titles}")
        tap.check(all(t in rows for t in ("经济运行", "财政资金", "营改增", "地方性债务")) and "会议公开" not in rows,
                  "经济运行, 财政资金, 营改增 and 地方性债务 are there, 会议公开 is not", rows)
        tap.check(find(app, pyatspi.ROLE_LABEL, UNIT) is not None, "the header bar names the unit")

        select_row(sidebar, "经济运行")
        description = wait_for("the description of 经济运行", lambda: next(
            (n for n in descendants(app) if n.getRole() == pyatspi.ROLE_LABEL
             and n.name.startswith(DESCRIPTION_START) and n.getState().contains(pyatspi.STATE_SHOWING)), None))
        tap.check(description is not None, f"经济运行 shows {UNIT}'s description")
        tap.check(find(app, pyatspi.ROLE_LABEL, PARTNER) is not None, f"{PARTNER} is listed as co-responsible")

        profile = dict(line.split("\t", 1) for line in run_cli(cli, data_dir, "profile", "show").splitlines()
                       if "\t" in line)
        expected = {"unit": UNIT, "liaison": "黄筱丹", "phone": "0730-8882003", "leader": "李局长", "office": "办公室"}
        tap.check(all(profile.get(k) == v for k, v in expected.items()),
                  "the profile is stored where the gongkai command reads it", profile)

        if os.environ.get("LANGUAGE", "").startswith("zh"):
            tap.check(name("Columns") != "Columns", "the Chinese message catalog was used for the names")
    except Exception:
        tap.check(False, "the scenario ran to its end", traceback.format_exc())
    finally:
        stop(process)
        shutil.rmtree(data_dir, ignore_errors=True)

    print(f"1..{tap.n}", flush=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
