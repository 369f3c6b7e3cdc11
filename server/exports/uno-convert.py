#!/usr/bin/env python3
"""One warm LibreOffice listener driven over UNO, for the export pool (libreoffice-pool.ts).

Usage: uno-convert.py <soffice> <profile-dir> <pipe-name>

Starts `soffice --headless --accept=pipe,…` with its own profile, connects to it, prints one JSON
line {"ready": true, ...} and then converts documents, one at a time, as asked on stdin:

  request  {"id": 1, "input": "/tmp/a.docx", "output": "/tmp/a.pdf", "target": "pdf"}
  response {"id": 1, "ok": true, "ms": 123}  or  {"id": 1, "ok": false, "error": "..."}

target is pdf, odt or odp; the export filter is chosen from the loaded document's type.
Spreadsheets are recalculated (calculateAll) so every formula has a value; text documents have
their indexes (tables of contents) updated so page numbers are filled in.

When stdin closes (the Node process ended, however it ended) the listener is terminated, so no
soffice outlives its owner. Node also runs this helper in its own process group and kills the
group when a conversion hangs.
"""
import json
import os
import signal
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

STARTUP_TIMEOUT_S = float(os.environ.get("DOCSMITH_UNO_STARTUP_TIMEOUT_S", "60"))

FILTERS = {
    ("pdf", "calc"): "calc_pdf_Export",
    ("pdf", "writer"): "writer_pdf_Export",
    ("pdf", "impress"): "impress_pdf_Export",
    ("odt", "writer"): "writer8",
    ("odp", "impress"): "impress8",
}


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def doc_kind(doc):
    if doc.supportsService("com.sun.star.sheet.SpreadsheetDocument"):
        return "calc"
    if doc.supportsService("com.sun.star.presentation.PresentationDocument"):
        return "impress"
    if doc.supportsService("com.sun.star.text.TextDocument"):
        return "writer"
    return "other"


class Listener:
    def __init__(self, soffice, profile, pipe):
        self.pipe = pipe
        self.proc = subprocess.Popen(
            [
                soffice,
                "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
                "--headless",
                "--invisible",
                "--nologo",
                "--norestore",
                "--nodefault",
                "--nolockcheck",
                "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe,
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "HOME": profile},
        )
        self.desktop = None
        self.parent = os.getppid()

    def connect(self):
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:
            if os.getppid() != self.parent:  # our Node process is gone
                self.proc.kill()
                sys.exit(1)
            if self.proc.poll() is not None:
                raise RuntimeError("soffice exited during start-up with code %s" % self.proc.returncode)
            try:
                ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % self.pipe)
                break
            except NoConnectException:
                if time.monotonic() > deadline:
                    raise RuntimeError("soffice did not accept connections within %ss" % STARTUP_TIMEOUT_S)
                time.sleep(0.1)
        self.desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)

    def convert(self, req):
        target = req["target"]
        url_in = uno.systemPathToFileUrl(os.path.abspath(req["input"]))
        url_out = uno.systemPathToFileUrl(os.path.abspath(req["output"]))
        doc = self.desktop.loadComponentFromURL(
            url_in,
            "_blank",
            0,
            (prop("Hidden", True), prop("MacroExecutionMode", 0), prop("UpdateDocMode", 0)),
        )
        if doc is None:
            raise RuntimeError("LibreOffice could not open the document")
        try:
            kind = doc_kind(doc)
            flt = FILTERS.get((target, kind))
            if flt is None:
                raise RuntimeError("cannot export a %s document to %s" % (kind, target))
            if kind == "calc":
                doc.calculateAll()
            elif kind == "writer":
                indexes = doc.getDocumentIndexes()
                for i in range(indexes.getCount()):
                    indexes.getByIndex(i).update()
            doc.storeToURL(url_out, (prop("FilterName", flt), prop("Overwrite", True)))
        finally:
            try:
                doc.close(True)
            except Exception:
                doc.dispose()

    def alive(self):
        """Whether soffice still answers over the bridge."""
        if self.proc.poll() is not None:
            return False
        try:
            self.desktop.getComponents()
            return True
        except Exception:  # noqa: BLE001 - a disposed bridge raises
            return False

    def stop(self):
        try:
            if self.desktop is not None:
                self.desktop.terminate()
        except Exception:
            pass
        try:
            self.proc.wait(timeout=5)
        except Exception:
            self.proc.kill()


def main():
    if len(sys.argv) != 4:
        sys.stderr.write("usage: uno-convert.py <soffice> <profile-dir> <pipe-name>\n")
        return 2
    soffice, profile, pipe = sys.argv[1:4]
    listener = Listener(soffice, profile, pipe)

    def on_signal(_sig, _frame):
        listener.proc.kill()
        os._exit(1)

    signal.signal(signal.SIGTERM, on_signal)
    started = time.monotonic()
    try:
        listener.connect()
    except Exception as e:  # noqa: BLE001 - reported to Node
        emit({"ready": False, "error": str(e)})
        listener.proc.kill()
        return 1
    emit({"ready": True, "ms": round((time.monotonic() - started) * 1000), "soffice_pid": listener.proc.pid})
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        req = json.loads(line)
        t0 = time.monotonic()
        try:
            listener.convert(req)
            emit({"id": req.get("id"), "ok": True, "ms": round((time.monotonic() - t0) * 1000)})
        except Exception as e:  # noqa: BLE001 - reported to Node, which restarts a broken listener
            crashed = not listener.alive()
            emit({"id": req.get("id"), "ok": False, "crashed": crashed, "error": "%s: %s" % (type(e).__name__, e)})
            if crashed:
                listener.proc.kill()
                return 1
    listener.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
