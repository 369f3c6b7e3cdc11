#!/usr/bin/env python3
"""Recalculates spreadsheets with headless LibreOffice and prints every formula cell's value.

Usage: libreoffice-recalc.py <soffice> <profile-dir> <pipe-name> <file>...

Starts one `soffice --headless --accept=pipe,…` with the given (throw-away) profile, loads each
file hidden, forces a full recalculation (calculateAll; the profile also sets OOXMLRecalcMode=0 so
nothing cached survives the load) and prints one JSON line per file:

  {"file": "/tmp/a.xlsx", "ok": true, "sheets": [{"name": "S", "cells": {"B2": ["n", 3.5], ...}}]}
  {"file": "/tmp/b.xlsx", "ok": false, "error": "..."}

Cell values are ["n", number], ["s", text], ["b", true|false] (a number result whose cell has a
logical format) or ["e", "#DIV/0!"] (LibreOffice's own codes mapped to Excel's error values, the
way its xlsx export does). soffice is terminated when the files are done, and also when stdin
closes (the Node process that started this helper went away).
"""
import json
import os
import subprocess
import sys
import threading
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

STARTUP_TIMEOUT_S = 45.0

# com.sun.star.sheet.CellFlags.FORMULA
FORMULA_FLAG = 16
# com.sun.star.sheet.FormulaResult
RESULT_VALUE, RESULT_STRING, RESULT_ERROR = 1, 2, 4
# com.sun.star.util.NumberFormat.LOGICAL
LOGICAL_TYPE = 1024

# LibreOffice error codes (Err:NNN) → the Excel error value its xlsx export writes
ERROR_CODES = {
    502: "#NUM!",  # invalid argument (SQRT(-1), LN(0)); its xlsx export writes #NUM!
    503: "#NUM!",  # illegal floating point operation
    519: "#VALUE!",  # no value
    521: "#NULL!",  # no code / empty intersection
    524: "#REF!",  # no reference
    525: "#NAME?",  # invalid name
    532: "#DIV/0!",  # division by zero
    32767: "#N/A",  # not available
}


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def column_letters(col):
    s = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        s = chr(65 + rem) + s
    return s


def cell_value(cell, formats, logical_cache):
    err = cell.getError()
    if err:
        text = cell.getString()
        if text.startswith("#"):
            return ["e", text]
        return ["e", ERROR_CODES.get(err, "#VALUE!"), "Err:%d" % err]
    kind = cell.getPropertyValue("FormulaResultType2")
    if kind == RESULT_STRING:
        return ["s", cell.getString()]
    if kind == RESULT_ERROR:
        return ["e", cell.getString() or "#VALUE!"]
    value = cell.getValue()
    key = cell.getPropertyValue("NumberFormat")
    logical = logical_cache.get(key)
    if logical is None:
        try:
            logical = bool(formats.getByKey(key).getPropertyValue("Type") & LOGICAL_TYPE)
        except Exception:  # noqa: BLE001 - an unknown key
            logical = False
        logical_cache[key] = logical
    if logical:
        return ["b", value != 0]
    return ["n", value]


def read_document(doc):
    formats = doc.getNumberFormats()
    logical_cache = {}
    sheets = []
    all_sheets = doc.getSheets()
    for i in range(all_sheets.getCount()):
        sheet = all_sheets.getByIndex(i)
        cells = {}
        ranges = sheet.queryContentCells(FORMULA_FLAG)
        for addr in ranges.getRangeAddresses():
            for row in range(addr.StartRow, addr.EndRow + 1):
                for col in range(addr.StartColumn, addr.EndColumn + 1):
                    cell = sheet.getCellByPosition(col, row)
                    cells["%s%d" % (column_letters(col), row + 1)] = cell_value(cell, formats, logical_cache)
        sheets.append({"name": sheet.getName(), "cells": cells})
    return sheets


def main():
    soffice, profile, pipe = sys.argv[1], sys.argv[2], sys.argv[3]
    files = sys.argv[4:]
    proc = subprocess.Popen(
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

    def watch_stdin():
        # stdin closes when the Node process is gone: do not leave soffice behind
        try:
            sys.stdin.read()
        finally:
            proc.kill()
            os._exit(1)

    threading.Thread(target=watch_stdin, daemon=True).start()
    desktop = None
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                raise RuntimeError("soffice exited during start-up with code %s" % proc.returncode)
            try:
                ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except NoConnectException:
                if time.monotonic() > deadline:
                    raise RuntimeError("soffice did not accept connections within %ss" % STARTUP_TIMEOUT_S)
                time.sleep(0.1)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        for f in files:
            t0 = time.monotonic()
            try:
                doc = desktop.loadComponentFromURL(
                    uno.systemPathToFileUrl(os.path.abspath(f)),
                    "_blank",
                    0,
                    (prop("Hidden", True), prop("MacroExecutionMode", 0), prop("UpdateDocMode", 0), prop("ReadOnly", True)),
                )
                if doc is None:
                    raise RuntimeError("LibreOffice could not open the document")
                try:
                    doc.calculateAll()
                    sheets = read_document(doc)
                finally:
                    try:
                        doc.close(True)
                    except Exception:  # noqa: BLE001
                        doc.dispose()
                out = {"file": f, "ok": True, "ms": round((time.monotonic() - t0) * 1000), "sheets": sheets}
            except Exception as e:  # noqa: BLE001 - reported per file
                out = {"file": f, "ok": False, "error": str(e)}
            sys.stdout.write(json.dumps(out) + "\n")
            sys.stdout.flush()
    finally:
        try:
            if desktop is not None:
                desktop.terminate()
        except Exception:  # noqa: BLE001 - the bridge closes as soffice exits
            pass
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # noqa: BLE001
        sys.stdout.write(json.dumps({"fatal": str(e)}) + "\n")
        sys.stdout.flush()
        sys.exit(1)
