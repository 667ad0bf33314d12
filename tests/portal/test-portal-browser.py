#!/usr/bin/python3
"""The office pages of the real gongkai-portal driven in a real browser (Debian's chromium, headless).

Starts gongkai-portal on a free loopback port with an office account, sends three items through the
API, then in chromium: opening /office/ leads to the sign-in page; signing in shows the items; the
Approve button publishes the first item and the Reject form rejects the second with its reason.
Then a page served from another loopback port (same site, other origin) posts a forged Approve form
for the third item in the same browser, with the reviewer's cookie: it must be refused, and the item
stay unpublished. The browser is driven through the DevTools protocol over a pipe
(--remote-debugging-pipe), so nothing but chromium and the Python standard library is needed.
Prints TAP; skips when chromium is not installed. Environment: GONGKAI_PORTAL (the portal program).
"""

import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.request
import uuid

TOKEN = "token-minzheng-browser"
UNIT = "市民政局"
COLUMN_ID = "hms.shjz.cxdb"
REVIEWER = "wang"
PASSWORD = "correct horse battery"


class Tap:
    def __init__(self):
        self.count = 0
        self.failed = 0

    def check(self, ok, what, detail=None):
        self.count += 1
        if not ok:
            self.failed += 1
        print(f"{'ok' if ok else 'not ok'} {self.count} - {what}", flush=True)
        if not ok and detail is not None:
            for line in str(detail).splitlines():
                print(f"# {line}", flush=True)

    def finish(self):
        print(f"1..{self.count}", flush=True)
        return 1 if self.failed else 0


def wait_for(what, predicate, timeout=15):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception as error:  # the page may be between two documents
            last = error
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}" + (f" ({last})" if last else ""))


def api(url, path, method="GET", body=None):
    request = urllib.request.Request(url + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Authorization", f"Bearer {TOKEN}")
    if body is not None:
        request.add_header("Content-Type", "application/json")
        request.add_header("Idempotency-Key", str(uuid.uuid4()))
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


def create_item(url, title):
    item_id = str(uuid.uuid4())
    api(url, "api/v1/items", "POST", {"id": item_id, "column_id": COLUMN_ID, "kind": "list", "revision": 1,
                                      "title": title, "body": "正文", "attachments": []})
    return item_id


def item_status(url, item_id):
    return api(url, f"api/v1/items/{item_id}")


def start_portal(work_dir):
    program = os.environ["GONGKAI_PORTAL"]
    data_dir = os.path.join(work_dir, "portal")
    tokens = os.path.join(work_dir, "tokens")
    with open(tokens, "w") as f:
        f.write(f"{TOKEN}\t{UNIT}\n")
    subprocess.run([program, "office-user", "add", REVIEWER, "--data-dir", data_dir],
                   input=PASSWORD + "\n", text=True, check=True, stderr=subprocess.DEVNULL)
    log_path = os.path.join(work_dir, "portal.log")
    log = open(log_path, "w")
    process = subprocess.Popen([program, "--listen", "127.0.0.1:0", "--data-dir", data_dir, "--tokens", tokens],
                               stdout=subprocess.DEVNULL, stderr=log)

    def url():
        with open(log_path) as f:
            for line in f:
                if "listening on " in line:
                    return line.split("listening on ", 1)[1].split()[0]
        return None

    return process, wait_for("the portal's address", url)


class Browser:
    """chromium, headless, spoken to in the DevTools protocol over --remote-debugging-pipe."""

    def __init__(self, program, work_dir):
        to_browser, self.commands = os.pipe()
        self.replies, from_browser = os.pipe()

        def wire_pipes():
            # The pipes may already be 3 and 4, where dup2 keeps their close-on-exec flag.
            os.dup2(to_browser, 3)
            os.dup2(from_browser, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.process = subprocess.Popen(
            [program, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--no-proxy-server",
             f"--user-data-dir={os.path.join(work_dir, 'chromium')}", "--remote-debugging-pipe", "about:blank"],
            preexec_fn=wire_pipes, close_fds=False, stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(work_dir, "chromium.log"), "w"))
        os.close(to_browser)
        os.close(from_browser)
        self.buffer = b""
        self.next_id = 0
        self.session = None
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.call("Page.enable")

    def call(self, method, params=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if self.session is not None and not method.startswith("Target."):
            message["sessionId"] = self.session
        os.write(self.commands, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self.buffer:
                chunk = os.read(self.replies, 65536)
                if not chunk:
                    raise AssertionError("chromium closed its DevTools pipe")
                self.buffer += chunk
            raw, self.buffer = self.buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise AssertionError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise AssertionError(result["exceptionDetails"].get("text"))
        return result["result"].get("value")

    def go(self, url):
        self.call("Page.navigate", {"url": url})
        self.wait_loaded(lambda href: href == url or href.startswith(url.split("#")[0]))

    def wait_loaded(self, href_matches):
        def loaded():
            state = self.evaluate("document.readyState + ' ' + location.href")
            ready, href = state.split(" ", 1)
            return ready == "complete" and href_matches(href)
        wait_for("the page to load", loaded)

    def click_and_wait(self, selector, href_matches):
        before = self.evaluate("performance.timeOrigin")
        self.evaluate(f"document.querySelector({json.dumps(selector)}).click(); true")
        wait_for("the next page", lambda: self.evaluate("performance.timeOrigin") != before)
        self.wait_loaded(href_matches)

    def close(self):
        try:
            self.call("Browser.close")
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()
            self.process.wait()


def serve_forged_form(portal_url, item_id):
    """A page on another loopback port whose form approves @item_id on the portal."""
    page = f"""<!DOCTYPE html><html><body>
<form method="post" action="{portal_url}office/items/{item_id}/approve">
<input type="hidden" name="csrf" value="{'0' * 64}"><input type="hidden" name="revision" value="1">
<button id="go" type="submit">Win a prize</button></form></body></html>""".encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def main():
    tap = Tap()
    program = shutil.which("chromium")
    if program is None:
        print("1..0 # SKIP chromium is not installed (tools/lib/packages.txt lists it)")
        return 0

    work_dir = tempfile.mkdtemp(prefix="gongkai-browser-")
    portal = browser = forger = None
    try:
        portal, url = start_portal(work_dir)
        approved, rejected, targeted = (create_item(url, t) for t in ("低保名单一", "低保名单二", "低保名单三"))
        browser = Browser(program, work_dir)

        browser.go(url + "office/")
        tap.check(browser.evaluate("location.pathname") == "/office/sign-in",
                  "with an office account, /office/ leads to the sign-in page", browser.evaluate("location.href"))

        browser.evaluate(f"document.querySelector('input[name=name]').value = {json.dumps(REVIEWER)};"
                         f"document.querySelector('input[name=password]').value = {json.dumps(PASSWORD)}; true")
        browser.click_and_wait("form[action='/office/sign-in'] button", lambda href: href.endswith("/office/"))
        body = browser.evaluate("document.body.innerText")
        tap.check(REVIEWER in body and "低保名单一" in body, "signing in shows the received items", body[:300])

        browser.go(f"{url}office/items/{approved}")
        browser.click_and_wait("form[action$='/approve'] button", lambda href: href.endswith(approved))
        status = item_status(url, approved)
        tap.check(status.get("status") == "published", "Approve in the browser publishes the item", status)

        browser.go(f"{url}office/items/{rejected}")
        browser.evaluate("document.querySelector('textarea[name=reason]').value = '缺少文号'; true")
        browser.click_and_wait("form[action$='/reject'] button", lambda href: href.endswith(rejected))
        status = item_status(url, rejected)
        tap.check(status.get("status") == "rejected" and status.get("reason") == "缺少文号",
                  "Reject with a reason in the browser rejects the item", status)

        forger, forged_url = serve_forged_form(url, targeted)
        browser.go(forged_url)
        browser.click_and_wait("#go", lambda href: href.endswith(f"{targeted}/approve"))
        body = browser.evaluate("document.body.innerText")
        status = item_status(url, targeted)
        tap.check(status.get("status") == "received",
                  "a form on another loopback port, in the signed-in browser, approves nothing", status)
        tap.check("Reload" in body or "重新" in body, "the forged post is answered with a refusal", body[:300])
    except Exception:
        tap.check(False, "the scenario ran to its end", traceback.format_exc())
    finally:
        if browser is not None:
            browser.close()
        if forger is not None:
            forger.shutdown()
        if portal is not None:
            portal.terminate()
            portal.wait()
        shutil.rmtree(work_dir, ignore_errors=True)

    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
