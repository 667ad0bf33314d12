#!/usr/bin/python3
"""`meson install` into a throwaway DESTDIR puts every file a desktop and a package need where
they belong, and the installed programs run from there. Catches packaging that rots silently:
a file dropped from install, a desktop file whose Exec names no installed program, a guide page
left out. Prints TAP."""

import configparser
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

APP_ID = "io.github.gongkai.Liaison"


def write_docx(path):
    """A one-paragraph Word document with a made-up identity number (GB 11643 check digit)."""
    first17 = "43060219900101123"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    number = first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]
    with zipfile.ZipFile(path, "w") as docx:
        docx.writestr("[Content_Types].xml",
                      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                      'content-types"><Override PartName="/word/document.xml" ContentType="application/'
                      'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        docx.writestr("word/document.xml",
                      '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                      'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>张三 ' + number +
                      '</w:t></w:r></w:p></w:body></w:document>')
    return path


def main():
    build_root, prefix, libexecdir, libdir = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    destdir = tempfile.mkdtemp(prefix="gk-install-")
    root = destdir + prefix
    results = []

    def check(ok, description, detail=None):
        results.append(ok)
        print(f"{'ok' if ok else 'not ok'} {len(results)} - {description}", flush=True)
        if not ok and detail:
            print("# " + str(detail).replace("\n", "\n# "), flush=True)

    try:
        install = subprocess.run(["meson", "install", "-C", build_root, "--no-rebuild", "--quiet",
                                  "--destdir", destdir],
                                 capture_output=True, text=True, timeout=120)
        check(install.returncode == 0, "meson install into a DESTDIR", install.stderr)

        expected = [
            "bin/gongkai",
            "bin/gongkai-liaison",
            "bin/gongkai-portal",
            f"{libexecdir}/gongkai-liaison/gongkai-full",
            f"{libdir}/gongkai-liaison/gk-documents.so",
            f"share/applications/{APP_ID}.desktop",
            f"share/metainfo/{APP_ID}.metainfo.xml",
            f"share/glib-2.0/schemas/{APP_ID}.gschema.xml",
            f"share/icons/hicolor/scalable/apps/{APP_ID}.svg",
            f"share/icons/hicolor/symbolic/apps/{APP_ID}-symbolic.svg",
            "share/locale/zh_CN/LC_MESSAGES/gongkai-liaison.mo",
        ]
        # Every icon and guide page of the source tree, so a size or page added there and
        # forgotten in meson.build is caught.
        source = os.path.join(os.path.dirname(__file__), "..", "..")
        hicolor = os.path.join(source, "data", "icons", "hicolor")
        expected += [f"share/icons/hicolor/{size}/apps/{APP_ID}.png" for size in os.listdir(hicolor)
                     if os.path.isfile(os.path.join(hicolor, size, "apps", APP_ID + ".png"))]
        help_pages = sorted(p for p in os.listdir(os.path.join(source, "help", "C"))
                            if p.endswith(".page"))
        expected += [f"share/help/C/gongkai-liaison/{page}" for page in help_pages]
        missing = [path for path in expected if not os.path.isfile(os.path.join(root, path))]
        check(not missing, "every file a desktop needs is installed", missing)

        desktop = configparser.ConfigParser(interpolation=None)
        desktop.optionxform = str
        desktop.read(os.path.join(root, f"share/applications/{APP_ID}.desktop"), encoding="utf-8")
        entry = desktop["Desktop Entry"]
        program = entry["Exec"].split()[0]
        check(os.access(os.path.join(root, "bin", program), os.X_OK),
              "the desktop file starts an installed program", entry["Exec"])
        check(entry.get("Icon") == APP_ID, "the desktop file names the installed icon", entry.get("Icon"))
        check("Name[zh_CN]" in entry, "the menu entry has its Chinese name", list(entry.keys()))

        data_dir = os.path.join(destdir, "data")
        env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="en")
        version = subprocess.run([os.path.join(root, "bin/gongkai"), "--version"],
                                 capture_output=True, text=True, timeout=30, env=env)
        check(version.returncode == 0 and version.stdout.startswith("gongkai "),
              "the installed gongkai runs from its installed path", version.stdout + version.stderr)
        units = subprocess.run([os.path.join(root, "bin/gongkai"), "catalog", "units", "--data-dir", data_dir],
                               capture_output=True, text=True, timeout=30, env=env)
        check(units.returncode == 0 and "市财政局" in units.stdout,
              "the installed gongkai carries its catalog", units.stderr)

        # gongkai hands the network, scanning and report commands to gongkai-full, which it
        # looks for at the installed path: in a DESTDIR it is not there yet, and says so.
        full = os.path.join(root, libexecdir, "gongkai-liaison", "gongkai-full")
        full_version = subprocess.run([full, "--version"], capture_output=True, text=True, timeout=30, env=env)
        check(full_version.returncode == 0 and full_version.stdout.startswith("gongkai "),
              "gongkai-full runs from its installed path", full_version.stdout + full_version.stderr)
        if not os.path.exists(os.path.join(prefix, libexecdir, "gongkai-liaison", "gongkai-full")):
            sync = subprocess.run([os.path.join(root, "bin/gongkai"), "sync", "--once", "--data-dir", data_dir],
                                  capture_output=True, text=True, timeout=30, env=env)
            check(sync.returncode == 1 and "reinstall gongkai-liaison" in sync.stderr
                  and sync.stderr.count("\n") == 1,
                  "without gongkai-full, gongkai says in one sentence to reinstall", sync.stderr)

        # The document readers are a module gongkai-full loads on first use; it resolves the
        # scanner in the installed program, which must export it.
        docx = write_docx(os.path.join(destdir, "名单.docx"))
        module = os.path.join(root, libdir, "gongkai-liaison", "gk-documents.so")
        scan = subprocess.run([full, "scan", docx], capture_output=True, text=True, timeout=30,
                              env=dict(env, GK_DOCUMENTS_MODULE=module))
        check(scan.returncode == 1 and "identity number" in scan.stdout,
              "the installed gongkai-full reads a .docx through the installed module", scan.stdout + scan.stderr)
        if not os.path.exists(os.path.join(prefix, libdir, "gongkai-liaison", "gk-documents.so")):
            scan = subprocess.run([full, "scan", docx], capture_output=True, text=True, timeout=30, env=env)
            check(scan.returncode == 1 and "Reinstall gongkai-liaison." in scan.stderr
                  and scan.stderr.count("\n") == 1,
                  "without the module, scanning a .docx says in one sentence to reinstall", scan.stderr)
    finally:
        shutil.rmtree(destdir, ignore_errors=True)

    print(f"1..{len(results)}", flush=True)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
