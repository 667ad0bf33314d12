#!/usr/bin/python3
"""An item reaches the reference portal through the real gongkai-liaison, and its verdict comes back.

Starts gongkai-portal on a free loopback port with a token for 市民政局, sets the profile and
drafts an item with an attachment through the gongkai command, starts the application, logs in
through Preferences (typing the portal's address and the token, then Log In), queues the item
(`gongkai submit`), opens the Outbox from the status indicator and presses 同步 (Sync). Then checks
through the portal's API that exactly one item arrived, with the attachment's SHA-256, and in the
GUI that the item shows as submitted; approves it through the office form, presses 同步 (Sync)
again, and checks that the GUI shows it as published and that a desktop notification about it
was sent on the session bus. Prints TAP. Environment as for test-gui-editor.py, plus
GONGKAI_PORTAL (the portal program).
"""

import gettext
import hashlib
import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.parse
import urllib.request

import pyatspi

from gkatspi import (Tap, children, find, find_application, get_text, name, press, run_cli, select_row,
                     set_text, stop, wait_for)

UNIT = "市民政局"
COLUMN_ID = "hms.shjz.cxdb"
COLUMN = "城乡低保"
TITLE = "关于2017年城乡低保提标的通知"
TOKEN = "token-minzheng-4f1c"
ATTACHMENT = "低保提标 附件一.pdf"

# No notification server runs in the test's session bus, so GLib says it could not deliver; that is the
# environment's, and dbus-monitor shows what was asked for. Any other warning fails the test.
NO_NOTIFICATION_SERVER = "unable to send notifications through org.freedesktop.Notifications"

translation = gettext.translation("gongkai-liaison", localedir=os.environ.get("GK_LOCALEDIR"),
                                  languages=[os.environ["LANGUAGE"]] if os.environ.get("LANGUAGE") else None,
                                  fallback=True)


def start_portal(work_dir):
    tokens = os.path.join(work_dir, "tokens")
    with open(tokens, "w") as f:
        f.write(f"{TOKEN}\t{UNIT}\n")
    log_path = os.path.join(work_dir, "portal.log")
    log = open(log_path, "w")
    process = subprocess.Popen([os.environ["GONGKAI_PORTAL"], "--listen", "127.0.0.1:0",
                                "--data-dir", os.path.join(work_dir, "portal"), "--tokens", tokens],
                               stdout=subprocess.DEVNULL, stderr=log)

    def url():
        with open(log_path) as f:
            for line in f:
                if "listening on " in line:
                    return line.split("listening on ", 1)[1].split()[0]
        return None

    return process, wait_for("the portal's address", url)


def api(url, path, method="GET", data=None, content_type=None):
    request = urllib.request.Request(url + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {TOKEN}")
    if content_type:
        request.add_header("Content-Type", content_type)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=10) as response:
        body = response.read()
    return json.loads(body) if body and path.startswith("api/") else body


def office_approve(url, uuid):
    """Approves as the office's browser does: opens the item's page, posts its form with the page's
    session cookie, CSRF token and revision, from the portal's own origin."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                         urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with opener.open(url + f"office/items/{uuid}", timeout=10) as response:
        page = response.read().decode()
    action = f'action="/office/items/{uuid}/approve"'
    form = page[page.index(action):]
    fields = {field: re.search(f'name="{field}" value="([^"]*)"', form).group(1) for field in ("csrf", "revision")}
    request = urllib.request.Request(url + f"office/items/{uuid}/approve", method="POST",
                                     data=urllib.parse.urlencode(fields).encode())
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    request.add_header("Origin", url.rstrip("/"))
    with opener.open(request, timeout=10) as response:
        response.read()


def portal_items(url):
    return api(url, "api/v1/items")["items"]


def item_state(app, title):
    items = find(app, pyatspi.ROLE_LIST_BOX, name("Items"))
    row = next((r for r in children(items) if r.name == title), None) if items is not None else None
    return row.description if row is not None else None


def press_button(root, accessible_name):
    button = wait_for(f"the button {accessible_name!r}",
                      lambda: find(root, pyatspi.ROLE_PUSH_BUTTON, accessible_name))
    button.queryAction().doAction(0)


def window_named(app, title):
    return next((w for w in children(app) if w.name == title), None)


def main():
    program = os.environ["GK_GUI_PROGRAM"]
    cli = os.environ["GK_CLI_PROGRAM"]
    tap = Tap()
    work_dir = tempfile.mkdtemp(prefix="gk-gui-portal-")
    data_dir = os.path.join(work_dir, "data")
    attachment_path = os.path.join(work_dir, ATTACHMENT)
    content = b"%PDF-1.4\n" + os.urandom(256 * 1024)
    with open(attachment_path, "wb") as attachment:
        attachment.write(content)
    log_path = os.path.join(work_dir, "stderr.log")
    log = open(log_path, "w")
    portal = monitor = process = None

    try:
        portal, url = start_portal(work_dir)
        run_cli(cli, data_dir, "profile", "set", "--unit", UNIT, "--liaison", "黄筱丹", "--phone", "0730-8882003")
        uuid = run_cli(cli, data_dir, "item", "add", "--column", COLUMN_ID, "--title", TITLE,
                       "--reviewer", "李明", "--reviewed-on", "2017-10-09", "--attach", attachment_path).strip()
        run_cli(cli, data_dir, "item", "ready", uuid)

        # Every notification the application asks for passes the session bus, whichever backend GLib picks.
        monitor = subprocess.Popen(["dbus-monitor", "--session",
                                    "interface='org.freedesktop.Notifications'",
                                    "interface='org.gtk.Notifications'"],
                                   stdout=open(os.path.join(work_dir, "notifications.log"), "w"),
                                   stderr=subprocess.DEVNULL)

        # An unlocked keyring of its own on the test's session bus: a locked one would prompt.
        keyring_env = dict(os.environ, HOME=work_dir, XDG_DATA_HOME=os.path.join(work_dir, "xdg-data"),
                           XDG_RUNTIME_DIR=os.path.join(work_dir, "runtime"))
        os.makedirs(keyring_env["XDG_RUNTIME_DIR"], mode=0o700)
        subprocess.run(["gnome-keyring-daemon", "--unlock", "--components=secrets"], input=b"pw", env=keyring_env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=10, check=True)

        env = dict(keyring_env)
        env.pop("NO_AT_BRIDGE", None)
        env.pop("GK_DEFAULT_PORTAL", None)
        env.pop("GK_DEMO_TOKENS", None)
        env["G_DEBUG"] = ",".join(flag for flag in env.get("G_DEBUG", "").split(",") if flag != "fatal-criticals")
        process = subprocess.Popen([program, "--data-dir", data_dir], env=env, stderr=log)
        app = wait_for("the application on the accessibility bus", lambda: find_application(process.pid))
        sidebar = wait_for("the sidebar", lambda: (lambda s: s if s is not None and s.childCount > 0 else None)(
            find(app, pyatspi.ROLE_LIST_BOX, name("Columns"))))
        select_row(sidebar, COLUMN)
        wait_for("the item in the column", lambda: item_state(app, TITLE))

        # Log in through Preferences.
        press("comma", control=True)
        prefs = wait_for("the Preferences window", lambda: window_named(app, name("Preferences")))
        before = get_text(wait_for("the login status", lambda: find(prefs, pyatspi.ROLE_LABEL, name("Login status"))))
        tap.check(before != "" and name("Preferences") not in before,
                  "before the login, Preferences says what to fill in here, not to open Preferences", before)
        set_text(wait_for("the address field", lambda: find(prefs, pyatspi.ROLE_TEXT, name("Portal address"))), url)
        set_text(find(prefs, pyatspi.ROLE_PASSWORD_TEXT, name("Token")), TOKEN)
        press_button(prefs, name("Log In"))
        status = wait_for("the login to be accepted", lambda: (lambda label: label if url in get_text(label) else None)(
            find(prefs, pyatspi.ROLE_LABEL, name("Login status"))))
        tap.check(get_text(find(prefs, pyatspi.ROLE_PASSWORD_TEXT, name("Token"))) == "",
                  "after Log In the token field is empty again")
        tap.check(UNIT in get_text(status), "Preferences names the unit the token belongs to", get_text(status))
        tap.check(not os.path.exists(os.path.join(data_dir, "portal-tokens")),
                  "with a Secret Service running the token is kept in the keyring, not in a file")

        # The first background pass after the login ends with the catalog; after it only Send Now
        # delivers what another process queues, since the application hears of it from no signal.
        wait_for("the first pass after the login", lambda: "/api/v1/catalog" in open(os.path.join(work_dir, "portal.log")).read())
        time.sleep(0.5)
        # The attachment is random bytes behind a PDF header, which the personal-information
        # gate cannot read: an approver lets it through, as the gate requires.
        run_cli(cli, data_dir, "submit", uuid, "--override-by", "李局长", "--reason", "测试附件，无个人信息")
        indicator = find(app, pyatspi.ROLE_TOGGLE_BUTTON, name("Portal Status"))
        tap.check(indicator is not None, "the header bar has the portal status indicator")
        indicator.queryAction().doAction(0)
        press_button(app, name("Open Outbox"))
        outbox = wait_for("the Outbox window", lambda: window_named(app, name("Outbox")))
        press_button(outbox, name("Sync"))

        wait_for("the item on the portal", lambda: len(portal_items(url)) > 0, timeout=30)
        wait_for("the item shown as submitted", lambda: item_state(app, TITLE) == name("Submitted"), timeout=30)
        items = portal_items(url)
        tap.check(len(items) == 1 and items[0].get("title") == TITLE and items[0].get("id") == uuid,
                  "exactly one item arrived on the portal", items)
        tap.check(item_state(app, TITLE) == name("Submitted"), "the GUI shows the item as submitted",
                  item_state(app, TITLE))
        queued = find(outbox, pyatspi.ROLE_LIST_BOX, name("Queued items"))
        wait_for("the outbox to empty", lambda: not [r for r in children(queued) if r.getRole() == pyatspi.ROLE_LIST_ITEM])
        tap.check(True, "the outbox is empty once the portal confirmed the item")
        shown = json.loads(run_cli(cli, data_dir, "item", "show", uuid, "--format", "json"))
        tap.check(shown.get("state") == "submitted", "the store holds the item as submitted", shown.get("state"))
        sent_sha = [a.get("sha256") for a in items[0].get("attachments", [])]
        tap.check(not sent_sha or sent_sha == [hashlib.sha256(content).hexdigest()],
                  "the portal holds the attachment's bytes", sent_sha)

        # The office approves; the next pass brings the verdict back.
        office_approve(url, uuid)
        press_button(outbox, name("Sync"))
        wait_for("the item shown as published", lambda: item_state(app, TITLE) == name("Published"), timeout=30)
        tap.check(item_state(app, TITLE) == name("Published"), "after the office's approval the GUI shows published")

        summary = translation.gettext("Published: %s") % TITLE
        notifications = os.path.join(work_dir, "notifications.log")
        try:
            wait_for("the notification on the bus", lambda: summary in open(notifications).read(), timeout=10)
        except AssertionError:
            pass
        with open(notifications) as f:
            seen = f.read()
        tap.check(summary in seen, "a desktop notification says the item was published", seen[-2000:])

        with open(log_path) as stderr:
            complaints = [line for line in stderr
                          if ("CRITICAL" in line or "WARNING" in line) and NO_NOTIFICATION_SERVER not in line]
        tap.check(not complaints, "the application logged no warning or critical", "".join(complaints))
    except Exception:
        tap.check(False, "the scenario ran to its end", traceback.format_exc())
    finally:
        for child in (process, monitor, portal):
            if child is not None and child.poll() is None:
                stop(child)
        log.close()
        if tap.failed:
            for path in (log_path, os.path.join(work_dir, "portal.log")):
                with open(path) as stderr:
                    for line in stderr:
                        print(f"# {os.path.basename(path)}: {line.rstrip()}", flush=True)
        shutil.rmtree(work_dir, ignore_errors=True)

    print(f"1..{tap.n}", flush=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
