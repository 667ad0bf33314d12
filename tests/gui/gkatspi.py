"""Helpers shared by the AT-SPI tests: TAP output, waiting, finding controls by role and name.

The accessible names are looked up through the program's own message catalog, so a test
runs unchanged in English and in Chinese (LANGUAGE picks which).
"""

import gettext
import os
import shutil
import subprocess
import time

import pyatspi

# Generous: a loaded 2-core machine has taken over 20 s to show the first window.
TIMEOUT = 45.0

_translation = gettext.translation(
    "gongkai-liaison",
    localedir=os.environ.get("GK_LOCALEDIR"),
    languages=[os.environ["LANGUAGE"]] if os.environ.get("LANGUAGE") else None,
    fallback=True,
)


def name(msgid):
    """The accessible name GTK gives a control whose label or name is msgid."""
    return _translation.gettext(msgid).replace("_", "")


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, ok, description, detail=None):
        self.n += 1
        print(f"{'ok' if ok else 'not ok'} {self.n} - {description}", flush=True)
        if not ok:
            self.failed += 1
            if detail is not None:
                for line in str(detail).splitlines():
                    print(f"# {line}", flush=True)
        return ok


def wait_for(what, probe, timeout=TIMEOUT):
    """Polls probe() until it returns something true; AT-SPI events arrive asynchronously."""
    deadline = time.monotonic() + timeout
    last_error = None
    next_refresh = time.monotonic() + 3.0
    while time.monotonic() < deadline:
        try:
            value = probe()
            if value:
                return value
        except Exception as error:  # the tree changes under our feet while windows open
            last_error = error
        if time.monotonic() > next_refresh:
            _clear_caches()
            next_refresh = time.monotonic() + 3.0
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}" + (f" ({last_error})" if last_error else ""))


def _clear_caches():
    """Forgets what libatspi cached of every application's tree.

    An application found on the bus before its first window was mapped can keep an empty
    list of children in the cache when the children-changed event is missed (seen on a
    loaded machine: the first-run window never appeared to the test for 45 s)."""
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        try:
            desktop.getChildAtIndex(i).clear_cache()
        except Exception:
            continue


def descendants(root):
    stack = [root]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        yield node
        try:
            stack.extend(reversed([node.getChildAtIndex(i) for i in range(node.childCount)]))
        except Exception:
            continue


def find(root, role, accessible_name=None, showing=True):
    for node in descendants(root):
        try:
            if node.getRole() != role:
                continue
            if accessible_name is not None and node.name != accessible_name:
                continue
            if showing and not node.getState().contains(pyatspi.STATE_SHOWING):
                continue
            return node
        except Exception:
            continue
    return None


def find_application(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        try:
            if app is not None and app.get_process_id() == pid:
                return app
        except Exception:
            continue
    return None


def children(node):
    return [node.getChildAtIndex(i) for i in range(node.childCount)]


def shown_names(list_box):
    return [row.name for row in children(list_box) if row.getState().contains(pyatspi.STATE_SHOWING)]


def select_row(list_box, row_name):
    for index, row in enumerate(children(list_box)):
        if row.name == row_name:
            return list_box.querySelection().selectChild(index)
    raise AssertionError(f"no row {row_name!r} in {list_box.name!r}")


def set_text(entry, text):
    entry.queryEditableText().setTextContents(text)


def get_text(node):
    text = node.queryText()
    return text.getText(0, text.characterCount)


def click(node):
    """A real pointer click in the middle of node (Xvfb has XTEST)."""
    x, y, width, height = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    pyatspi.Registry.generateMouseEvent(x + width // 2, y + height // 2, "b1c")


# X keysyms of the keys the tests press, and the keycode of Control_L (held by keycode, not keysym).
KEYSYMS = {"i": 0x69, "comma": 0x2c, "slash": 0x2f, "q": 0x71, "l": 0x6c, "f": 0x66, "n": 0x6e, "Return": 0xff0d, "Delete": 0xffff,
           "F1": 0xffbe, "b": 0x62, "w": 0x77, "z": 0x7a, "Escape": 0xff1b, "F5": 0xffc2, "F10": 0xffc7,
           "o": 0x6f, "question": 0x3f, "Left": 0xff51, "Home": 0xff50, "End": 0xff57, "Down": 0xff54,
           "Page_Down": 0xff56}
CONTROL_KEYCODE = 37
SHIFT_KEYCODE = 50
ALT_KEYCODE = 64


def press(key, control=False, shift=False, alt=False):
    """Presses a key, with Control, Shift or Alt held if asked (held by keycode)."""
    held = [code for code, wanted in ((CONTROL_KEYCODE, control), (SHIFT_KEYCODE, shift), (ALT_KEYCODE, alt)) if wanted]
    for code in held:
        pyatspi.Registry.generateKeyboardEvent(code, None, pyatspi.KEY_PRESS)
    pyatspi.Registry.generateKeyboardEvent(KEYSYMS[key], None, pyatspi.KEY_SYM)
    for code in reversed(held):
        pyatspi.Registry.generateKeyboardEvent(code, None, pyatspi.KEY_RELEASE)


def snap(name):
    """With GK_TEST_SCREENSHOT_DIR set, the screen as it is now goes to DIR/NAME.png (for looking at it)."""
    directory = os.environ.get("GK_TEST_SCREENSHOT_DIR")
    if directory:
        time.sleep(0.5)
        subprocess.run(["import", "-window", "root", os.path.join(directory, name + ".png")], check=False)


def run_cli(cli, data_dir, *args):
    result = subprocess.run([cli, *args, "--data-dir", data_dir],
                            capture_output=True, text=True, timeout=30, check=True)
    return result.stdout


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def check_quiet_log(tap, log_path):
    """The application wrote no warning or critical to its standard error."""
    with open(log_path) as stderr:
        complaints = [line for line in stderr if "CRITICAL" in line or "WARNING" in line]
    tap.check(not complaints, "the application logged no warning or critical", "".join(complaints))


def finish(tap, process, log, log_path, data_dir):
    """Stops the application, shows what it wrote when a check failed, and removes its data folder."""
    if process.poll() is None:
        stop(process)
    log.close()
    if tap.failed:
        with open(log_path) as stderr:
            for line in stderr:
                print(f"# application: {line.rstrip()}", flush=True)
    shutil.rmtree(data_dir, ignore_errors=True)
