"""Translations: extract, compile and check the Vietnamese catalogues of the GUI.

One `.ts` per module (or package) of `controlroom/ui/`, in `resources/i18n/vi/`, with
English source text and Vietnamese translations; compiled `.qm` files sit beside them
and are committed so that a fresh clone runs without Qt's tools.

    python tools/translations.py            update + compile + check (make translations)
    python tools/translations.py update [MODULE…]   extract new strings (unfinished)
    python tools/translations.py compile    rebuild .qm files that are older than .ts
    python tools/translations.py check      fail on untranslated strings or stale .qm

Uses PySide6's own `pyside6-lupdate` / `pyside6-lrelease` (shipped in
PySide6-Essentials). Locations are not stored so that editing code does not churn the
catalogues.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "controlroom" / "ui"
I18N = ROOT / "resources" / "i18n"
LANG = "vi"


def tool(name: str) -> str:
    """Path of a PySide6 tool: beside this interpreter first, then on PATH."""
    for candidate in (Path(sys.executable).parent / f"pyside6-{name}",
                      Path(sys.prefix) / "bin" / f"pyside6-{name}"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(f"pyside6-{name}")
    if found:
        return found
    raise SystemExit(f"pyside6-{name} not found: install PySide6-Essentials in this venv")


def sources() -> dict[str, list[Path]]:
    """Catalogue name → source files: `ui/foo.py` → foo, `ui/bar/*.py` → bar."""
    out: dict[str, list[Path]] = {}
    for p in sorted(UI.iterdir()):
        if p.suffix == ".py" and p.name != "__init__.py":
            out[p.stem] = [p]
        elif p.is_dir() and (p / "__init__.py").exists():
            out[p.name] = sorted(p.rglob("*.py"))
    return out


def ts_path(name: str, lang: str = LANG) -> Path:
    return I18N / lang / f"{name}.ts"


def qm_path(ts: Path) -> Path:
    return ts.with_suffix(".qm")


def lupdate(files: list[Path], ts: Path) -> None:
    ts.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none",
                    "-source-language", "en", "-target-language", LANG,
                    *map(str, files), "-ts", str(ts)], check=True, capture_output=True)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("lrelease"), "-silent", "-nounfinished", "-removeidentical",
                    str(ts), "-qm", str(qm)], check=True, capture_output=True)


@dataclass
class Problems:
    untranslated: list[str] = field(default_factory=list)
    stale_qm: list[str] = field(default_factory=list)
    missing_ts: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.untranslated or self.stale_qm or self.missing_ts)

    def report(self) -> str:
        lines = []
        for title, items in (("catalogue missing (run tools/translations.py update)",
                              self.missing_ts),
                             ("untranslated or unfinished", self.untranslated),
                             ("compiled .qm out of date (run tools/translations.py compile)",
                              self.stale_qm)):
            if items:
                lines.append(f"{title}:")
                lines += [f"  {x}" for x in items]
        return "\n".join(lines)


def unfinished(ts: Path) -> list[str]:
    """Messages of `ts` without a finished, non-empty translation."""
    bad: list[str] = []
    root = ET.parse(ts).getroot()
    for ctx in root.iter("context"):
        cname = ctx.findtext("name", "")
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            kind = tr.get("type", "") if tr is not None else "missing"
            if kind in ("obsolete", "vanished"):
                continue
            if msg.get("numerus") == "yes" and tr is not None:
                forms = [f.text or "" for f in tr.iter("numerusform")]
                empty = not forms or not all(f.strip() for f in forms)
            else:
                empty = tr is None or not (tr.text or "").strip()
            if kind == "unfinished" or empty:
                bad.append(f"{ts.name}: [{cname}] {msg.findtext('source', '')!r}")
    return bad


def qm_matches(ts: Path, qm: Path) -> bool:
    """Does the compiled catalogue give every finished translation of the .ts? Checked
    through QTranslator rather than by bytes, so another lrelease version still agrees."""
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    if not translator.load(str(qm)):
        return False
    for ctx in ET.parse(ts).getroot().iter("context"):
        cname = ctx.findtext("name", "")
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            if tr is None or tr.get("type") or msg.get("numerus") == "yes":
                continue
            source = msg.findtext("source", "")
            wanted = tr.text or ""
            got = translator.translate(cname, source, msg.findtext("comment"))
            if got != wanted and not (got == "" and wanted == source):
                return False
    return True


def has_messages(ts: Path) -> bool:
    return any(True for _ in ET.parse(ts).getroot().iter("message"))


def check(names: list[str] | None = None) -> Problems:
    """Re-extract every module into a scratch copy of its catalogue (so a string added
    to the code but not to the .ts is caught), then require full translation and a .qm
    that matches what lrelease builds now."""
    problems = Problems()
    src = sources()
    with tempfile.TemporaryDirectory() as tmp:
        for name in names or list(src):
            ts = ts_path(name)
            scratch = Path(tmp) / f"{name}.ts"
            if ts.exists():
                shutil.copy2(ts, scratch)
            lupdate(src[name], scratch)
            if not ts.exists():
                if has_messages(scratch):
                    problems.missing_ts.append(f"{ts.relative_to(ROOT)}")
                continue
            problems.untranslated += unfinished(scratch)
            qm = qm_path(ts)
            if not qm.exists() or not qm_matches(ts, qm):
                problems.stale_qm.append(f"{qm.relative_to(ROOT)}")
        # Catalogues without a module (e.g. written by hand) must still be complete.
        for ts in sorted((I18N / LANG).glob("*.ts")):
            if ts.stem not in src:
                problems.untranslated += unfinished(ts)
    return problems


def update(names: list[str] | None = None) -> None:
    src = sources()
    for name in names or list(src):
        if name not in src:
            raise SystemExit(f"no module controlroom/ui/{name}.py")
        ts = ts_path(name)
        existed = ts.exists()
        lupdate(src[name], ts)
        if not existed and not has_messages(ts):
            ts.unlink()  # a module without visible text needs no catalogue


def compile_all(force: bool = False) -> list[Path]:
    """Build .qm files that are missing or older than their .ts; returns those built."""
    built = []
    for ts in sorted(I18N.glob("*/*.ts")):
        qm = qm_path(ts)
        if force or not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            lrelease(ts, qm)
            built.append(qm)
    return built


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd")
    u = sub.add_parser("update")
    u.add_argument("modules", nargs="*")
    c = sub.add_parser("compile")
    c.add_argument("--force", action="store_true")
    k = sub.add_parser("check")
    k.add_argument("modules", nargs="*")
    args = p.parse_args(argv)
    if args.cmd in (None, "update"):
        update(getattr(args, "modules", None) or None)
    if args.cmd in (None, "compile"):
        for qm in compile_all(getattr(args, "force", False)):
            print(f"compiled {qm.relative_to(ROOT)}")
    if args.cmd in (None, "check"):
        problems = check(getattr(args, "modules", None) or None)
        if not problems.ok:
            print(problems.report(), file=sys.stderr)
            return 1
        print("translations complete")
    return 0


if __name__ == "__main__":
    sys.exit(main())
