#!/usr/bin/python3
"""A portal refusal reads as Chinese in the real gongkai-liaison, through AT-SPI, in zh_CN.

The reference portal accepts attachments up to 5000 bytes; an item of 市民政局 with a 25,221-byte
attachment is queued through the gongkai command; the application, given the portal and a demo
token (GK_DEFAULT_PORTAL, GK_DEMO_TOKENS, as tools/run does), syncs with F5. The outbox then says
in Chinese that the attachment is 25.2 kB, over the portal's limit of 5.0 kB, with no English in
the sentence, and the portal's own words under 详情. Prints TAP. Run by meson through run-gui-test.sh.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import traceback

import pyatspi

from gkatspi import (Tap, check_quiet_log, children, find, find_application, get_text, name, press, run_cli,
                     snap, stop, wait_for)

UNIT = "市民政局"
TOKEN = "token-minzheng-413"
NBSP = "\u00a0"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


def main():
    program = os.environ["GK_GUI_PROGRAM"]
    cli = os.environ["GK_CLI_PROGRAM"]
    tap = Tap()
    work = tempfile.mkdtemp(prefix="gk-gui-toolarge-")
    data_dir = os.path.join(work, "liaison")
    tokens = os.path.join(work, "tokens")
    with open(tokens, "w") as f:
        f.write(f"{TOKEN}\t{UNIT}\n")
    port = free_port()
    portal = subprocess.Popen([os.environ["GONGKAI_PORTAL"], "--listen", f"127.0.0.1:{port}", "--data-dir",
                               os.path.join(work, "portal"), "--tokens", tokens, "--max-upload", "5000"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.makedirs(data_dir)
    attachment = os.path.join(work, "低保名单.csv")
    with open(attachment, "wb") as f:
        f.write(b"x" * 25221)
    run_cli(cli, data_dir, "profile", "set", "--unit", UNIT)
    uuid = run_cli(cli, data_dir, "item", "add", "--column", "hms.shjz.cxdb", "--title", "低保名单公示",
                   "--attach", attachment, "--reviewer", "周科长", "--reviewed-on", "2026-11-20").strip()
    run_cli(cli, data_dir, "item", "ready", uuid)
    run_cli(cli, data_dir, "submit", uuid)
    env = dict(os.environ)
    env.pop("NO_AT_BRIDGE", None)
    env["GK_DEFAULT_PORTAL"] = f"http://127.0.0.1:{port}/"
    env["GK_DEMO_TOKENS"] = tokens
    log_path = os.path.join(work, "stderr.log")
    log = open(log_path, "w")
    process = subprocess.Popen([program, "--data-dir", data_dir], env=env, stderr=log)

    try:
        app = wait_for("the application on the accessibility bus", lambda: find_application(process.pid))
        wait_for("the sidebar", lambda: find(app, pyatspi.ROLE_LIST_BOX, name("Columns")))
        time.sleep(1)
        press("F5")
        press("o", control=True, shift=True)
        outbox = wait_for("the outbox", lambda: next((w for w in children(app) if w.name == name("Outbox")), None))
        wanted = f"25.2{NBSP}kB"
        reason = wait_for("the refusal in the outbox",
                          lambda: next((get_text(l) for l in showing_labels(outbox) if wanted in get_text(l)), None),
                          timeout=30)
        snap("toolarge-outbox")
        tap.check(f"5.0{NBSP}kB" in reason and "超过门户网站上限" in reason, "the refusal is Chinese, with both sizes in kB", reason)
        tap.check(not any(word in reason for word in ("bytes", "The file", "portal's")),
                  "the sentence has no English from the portal", reason)
        expander = find(outbox, pyatspi.ROLE_TOGGLE_BUTTON, name("Details")) or find(outbox, pyatspi.ROLE_PUSH_BUTTON, name("Details"))
        tap.check(expander is not None or any(l.name == name("Details") for l in showing_labels(outbox)),
                  "the portal's own words are offered under 详情")

        check_quiet_log(tap, log_path)
    except Exception:
        snap("toolarge-failure")
        tap.check(False, "the scenario ran to its end", traceback.format_exc())
    finally:
        if process.poll() is None:
            stop(process)
        stop(portal)
        log.close()
        if tap.failed:
            with open(log_path) as stderr:
                for line in stderr:
                    print(f"# application: {line.rstrip()}", flush=True)
        shutil.rmtree(work, ignore_errors=True)

    print(f"1..{tap.n}", flush=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
