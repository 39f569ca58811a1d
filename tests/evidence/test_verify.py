"""Tamper suite for export folders: every file of an export flipped, cut, deleted; files
added; manifest key fields edited; the key swapped; everything re-signed with a foreign
key or (as an insider) with the post's own key. Each must end NOT VERIFIED, naming what
is wrong; a genuine folder is VERIFIED only when its key is known to be the post's."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from controlroom.errors import InvalidInput
from controlroom.evidence import keys
from controlroom.evidence.export import run_export
from controlroom.evidence.manifest import MANIFEST, PUBKEY, README, SIG, SUMS
from controlroom.evidence.verify import VerifyReport, verify_folder
from controlroom.records import audit_anchor
from controlroom.records.users import SYSTEM
from tests.evidence import tamper
from tests.evidence.fixtures import T0, Recorded

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@dataclass
class Exported:
    r: Recorded
    folder: Path
    fingerprint: str
    insider: tamper.Sign  # the post's own key (an insider who can use the keyring)
    public_pem: str

    def check(self, folder: Path | None = None, expect: str | None = None,
              register: bool = True) -> VerifyReport:
        if not register:
            return verify_folder(folder or self.folder, None, expect)
        with self.r.db.read() as s:
            return verify_folder(folder or self.folder, s, expect)


@pytest.fixture
def exported(recorded: Recorded, tmp_path: Path) -> Exported:
    r = recorded
    usb = tmp_path / "usb"
    usb.mkdir()
    res = run_export(r.db, r.officer, r.approved(T0 + timedelta(seconds=2),
                                                 T0 + timedelta(seconds=15)), usb, r.home)
    signer = keys.signer(r.db, SYSTEM, r.home)
    return Exported(r, res.folder, res.fingerprint, signer.sign, signer.info.public_pem)


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "scratch"


def _problems(rep: VerifyReport) -> str:
    return " | ".join(p.en for p in rep.problems)


def test_genuine_folder_needs_a_known_key(exported: Exported) -> None:
    e = exported
    rep = e.check()
    assert rep.ok and rep.key_known == "current", _problems(rep)
    assert rep.checkpoint is not None and rep.checkpoint["reason"].startswith("export ")
    readme = (e.folder / README).read_text("utf-8")  # the investigator is told to compare
    assert "BIÊN BẢN GIẤY" in readme and "PAPER record" in readme
    assert "--expect-fingerprint" in readme and keys.display_fingerprint(e.fingerprint) in readme
    # an investigator's computer: no register, so only the paper fingerprint can say
    alone = e.check(register=False)
    assert alone.intact and not alone.ok and alone.key_known == "unchecked"
    assert alone.untrusted is not None and "--expect-fingerprint" in alone.untrusted.en
    display = keys.display_fingerprint(e.fingerprint)
    for typed in (e.fingerprint, display, display.lower().replace("sha256:", ""),
                  e.fingerprint.upper()):
        assert e.check(expect=typed, register=False).ok
    other = "ab" * 32
    wrong = e.check(expect=other, register=False)
    assert wrong.intact and not wrong.ok and "DIFFERS" in wrong.untrusted.en  # type: ignore[union-attr]
    assert not e.check(expect=other).ok  # the paper wins over the register
    for bad in ("SHA256:abcd", "xyz" * 22, ""):
        if bad:
            with pytest.raises(InvalidInput):
                e.check(expect=bad)


def test_foreign_key_resign_is_not_verified(exported: Exported, scratch: Path) -> None:
    """Issue 15 item 1: altered, re-signed with the attacker's key, every field made
    consistent — it used to pass as 'RESULT: OK'."""
    e = exported
    f = tamper.copy(e.folder, scratch)
    master = next(p for p in tamper.files(f) if p.startswith("master/"))
    tamper.flip(f / master, 5000)
    sign, pem = tamper.foreign_key()
    tamper.resign(f, sign, pem)
    rep = e.check(f)
    assert rep.intact, _problems(rep)  # a careful forger leaves nothing inconsistent...
    assert not rep.ok and rep.key_known == "unknown"  # ...but the key is not the post's
    assert "not this post's" in rep.untrusted.en  # type: ignore[union-attr]
    assert not e.check(f, register=False).ok
    assert not e.check(f, expect=e.fingerprint, register=False).ok
    assert not e.check(f, expect=e.fingerprint).ok


def test_swapped_public_key_breaks_the_signature(exported: Exported, scratch: Path) -> None:
    e = exported
    f = tamper.copy(e.folder, scratch)
    _, pem = tamper.foreign_key()
    (f / PUBKEY).write_text(pem, "ascii")
    rep = e.check(f)
    assert not rep.signature_ok and not rep.ok and rep.key_known == "unknown"
    (f / PUBKEY).write_text("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")
    rep = e.check(f)
    assert not rep.ok and rep.key_known == "no_key" and "Ed25519" in _problems(rep)


def _edit(path: list[str], value: Any, delete: bool = False) -> Any:
    def apply(m: dict[str, Any]) -> None:
        node = m
        for k in path[:-1]:
            node = node[k]
        if delete:
            del node[path[-1]]
        else:
            node[path[-1]] = value(node[path[-1]]) if callable(value) else value
    return apply


KEY_FIELD_EDITS = {
    "display one digit off": (["signing_key", "fingerprint_display"],
                              lambda v: v[:-1] + ("0" if v[-1] != "0" else "1")),
    "fingerprint of another key": (["signing_key", "fingerprint"], "cd" * 32),
    "algorithm": (["signing_key", "algorithm"], "RSA"),
    "public key file": (["signing_key", "public_key_file"], "khoa.pem"),
    "checkpoint head moved": (["audit_checkpoint", "head_id"], lambda v: v - 1),
    "checkpoint key": (["audit_checkpoint", "key"], "cd" * 32),
}


@pytest.mark.parametrize("name", sorted(KEY_FIELD_EDITS))
def test_key_fields_must_agree_even_when_signed_by_the_post(exported: Exported, scratch: Path,
                                                            name: str) -> None:
    e = exported
    path, value = KEY_FIELD_EDITS[name]
    f = tamper.copy(e.folder, scratch)
    tamper.resign(f, e.insider, e.public_pem, edit_manifest=_edit(path, value))
    rep = e.check(f)
    assert rep.signature_ok and not rep.ok and rep.problems, name


def test_checkpoint_removed_or_readme_names_another_key(exported: Exported,
                                                        scratch: Path) -> None:
    e = exported
    f = tamper.copy(e.folder, scratch)
    tamper.resign(f, e.insider, e.public_pem, edit_manifest=_edit(["audit_checkpoint"], None,
                                                                  delete=True))
    assert "no audit checkpoint" in _problems(e.check(f))
    f = tamper.copy(e.folder, scratch)
    txt = (f / README).read_text("utf-8")
    (f / README).write_text(txt.replace(keys.display_fingerprint(e.fingerprint),
                                        keys.display_fingerprint("cd" * 32)), "utf-8")
    tamper.resign(f, e.insider, e.public_pem, fix_readme=False)
    rep = e.check(f)
    assert rep.signature_ok and not rep.ok and "README.txt does not name" in _problems(rep)


def test_missing_signature_keeps_the_rest_of_the_report(exported: Exported,
                                                        scratch: Path) -> None:
    """Issue 15 item 8: without SHA256SUMS.sig every file was EXTRA and the key was
    'not checked (no database)' although the database was there."""
    e = exported
    f = tamper.copy(e.folder, scratch)
    (f / SIG).unlink()
    rep = e.check(f)
    assert not rep.ok and not rep.signature_ok
    assert not [x for x in rep.files if x.status == "extra"]
    assert all(x.ok for x in rep.files) and len(rep.files) == len(tamper.files(f)) - 1
    assert rep.key_known == "current" and "SHA256SUMS.sig is missing" in _problems(rep)
    # without SHA256SUMS too, the manifest still lists the files and catches a change
    (f / SUMS).unlink()
    master = next(p for p in tamper.files(f) if p.startswith("master/"))
    tamper.flip(f / master, 100)
    rep = e.check(f)
    assert not [x for x in rep.files if x.status == "extra"]
    assert {x.path for x in rep.bad_files} == {master}
    assert rep.key_known == "current"


DAMAGE = ("flip first", "flip middle", "flip last", "cut half", "cut to zero", "delete")


def _damage(path: Path, how: str) -> None:
    size = path.stat().st_size
    if how == "flip first":
        tamper.flip(path, 0)
    elif how == "flip middle":
        tamper.flip(path, size // 2, 0x80)
    elif how == "flip last":
        tamper.flip(path, size - 1, 0x20)
    elif how == "cut half":
        path.write_bytes(path.read_bytes()[: size // 2])
    elif how == "cut to zero":
        path.write_bytes(b"")
    else:
        path.unlink()


def test_every_file_every_damage(exported: Exported, tmp_path: Path) -> None:
    e = exported
    names = tamper.files(e.folder)
    assert {SUMS, SIG, PUBKEY, MANIFEST, README, "bien_ban.pdf"} <= set(names)
    assert any(n.startswith("video/") for n in names) and any(
        n.startswith("master/") for n in names)
    missed = []
    for name in names:
        for how in DAMAGE:
            f = tamper.copy(e.folder, tmp_path / "case")
            _damage(f / name, how)
            rep = e.check(f)
            if rep.ok or (name not in (SUMS, SIG, PUBKEY, MANIFEST) and rep.intact):
                missed.append(f"{name}: {how}")
            elif name not in (SUMS, SIG, PUBKEY) and how != "delete":
                assert name in {x.path for x in rep.bad_files}, (name, how)
    assert missed == []


@pytest.mark.parametrize("extra", ["ghi_chu.txt", "master/CAM-01/them.mp4", ".an",
                                   "video/sub/x.mp4", "SHA256SUMS.bak"])
def test_added_file_is_named(exported: Exported, scratch: Path, extra: str) -> None:
    e = exported
    f = tamper.copy(e.folder, scratch)
    (f / extra).parent.mkdir(parents=True, exist_ok=True)
    (f / extra).write_bytes(b"them vao")
    rep = e.check(f)
    assert not rep.ok and [(x.path, x.status) for x in rep.bad_files] == [(extra, "extra")]


def test_added_symlink_is_named(exported: Exported, scratch: Path) -> None:
    e = exported
    f = tamper.copy(e.folder, scratch)
    (f / "lien_ket").symlink_to("/etc/hostname")
    rep = e.check(f)
    assert not rep.ok and ("lien_ket", "extra") in [(x.path, x.status) for x in rep.bad_files]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_byte_flip_anywhere_is_caught(exported: Exported, data: st.DataObject) -> None:
    e = exported
    names = tamper.files(e.folder)
    name = data.draw(st.sampled_from(names), label="file")
    size = (e.folder / name).stat().st_size
    pos = data.draw(st.integers(0, size - 1), label="offset")
    mask = data.draw(st.integers(1, 255), label="mask")
    with tempfile.TemporaryDirectory() as d:
        f = tamper.copy(e.folder, Path(d) / "x")
        tamper.flip(f / name, pos, mask)
        rep = e.check(f)
        assert not rep.ok


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_manifest_value_edit_without_the_key_is_caught(exported: Exported,
                                                           data: st.DataObject) -> None:
    """An outsider edits any value in manifest.json and re-signs SHA256SUMS with their
    own key (keeping the folder consistent): never VERIFIED."""
    e = exported
    m = json.loads((e.folder / MANIFEST).read_text("utf-8"))
    leaves: list[list[Any]] = []

    def walk(node: Any, path: list[Any]) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, [*path, k])
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, [*path, i])
        elif path[0] != "files":
            leaves.append(path)

    walk(m, [])
    path = data.draw(st.sampled_from(leaves), label="field")
    new = data.draw(st.one_of(st.text(max_size=8), st.integers(), st.none()), label="value")

    def edit(doc: dict[str, Any]) -> None:
        node = doc
        for k in path[:-1]:
            node = node[k]
        node[path[-1]] = new

    sign, pem = tamper.foreign_key()
    with tempfile.TemporaryDirectory() as d:
        f = tamper.copy(e.folder, Path(d) / "x")
        tamper.resign(f, sign, pem, edit_manifest=edit)
        assert not e.check(f).ok
        assert not e.check(f, expect=e.fingerprint, register=False).ok


def test_export_checkpoint_anchors_the_audit_log(exported: Exported) -> None:
    e = exported
    doc = json.loads((e.folder / MANIFEST).read_text("utf-8"))["audit_checkpoint"]
    assert doc == audit_anchor.latest_checkpoint(e.r.home)
    with e.r.db.read() as s:
        assert audit_anchor.verify(s, e.r.home).ok
