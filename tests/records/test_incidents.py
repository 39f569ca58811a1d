"""The incident book on SQLite and PostgreSQL: codes per year, workflow, search that
ignores diacritics (đ included, NFD input), filters, paging, CSV, attachments, holds."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from controlroom.errors import InvalidInput, PermissionDenied
from controlroom.paths import DataHome
from controlroom.records import holds, incidents
from controlroom.records.db import Database
from controlroom.records.incidents import Filter, PersonInput
from controlroom.records.models import AuditEntry, Camera, IncidentStatusChange
from controlroom.records.users import Identity

OFFICER = Identity(2, "canbo1", "Lê Đức Thắng", "officer")
LEADER = Identity(3, "totruong", "Trần Thị Hồng Nhung", "leader")
ADMIN = Identity(1, "quantri", "Nguyễn Văn Quảng", "admin")
T0 = datetime(2026, 11, 20, 1, 30, tzinfo=UTC)


def _add(db: Database, **kw: object) -> str:
    args: dict[str, object] = dict(occurred_at=T0, category="trom_cap",
                                   summary="Trộm cắp xe máy trước cổng chợ")
    args.update(kw)
    with db.session() as s:
        return incidents.add(s, OFFICER, **args).code  # type: ignore[arg-type]


def _camera(db: Database, name: str = "Cổng chợ Đông") -> int:
    with db.session() as s:
        cam = Camera(uid=name, name=name, code=name[:8], location="Thôn Đông")
        s.add(cam)
        s.flush()
        return int(cam.id)


def test_codes_are_numbered_per_year_of_local_time(db: Database) -> None:
    assert _add(db) == "0001/2026"
    assert _add(db) == "0002/2026"
    # 31/12/2026 23:30 in Hà Nội is 16:30 UTC: still 2026
    assert _add(db, occurred_at=datetime(2026, 12, 31, 16, 30, tzinfo=UTC)) == "0003/2026"
    # 01/01/2027 00:10 local is 31/12/2026 17:10 UTC: the first of 2027
    assert _add(db, occurred_at=datetime(2026, 12, 31, 17, 10, tzinfo=UTC)) == "0001/2027"
    with db.read() as s:
        assert incidents.get(s, "1/2027").code == "0001/2027"
        assert incidents.get(s, "0002/2026").seq == 2


def test_search_ignores_diacritics_case_and_normalisation(db: Database) -> None:
    a = _add(db, summary="Trộm cắp tài sản ở Đường Lê Lợi", area="Tổ dân phố Đông Hòa")
    b = _add(db, summary="Đánh nhau tại quán nhậu", category="danh_nhau",
             description="Hai thanh niên xô xát")
    c = _add(db, summary="Cháy nhà kho", category="chay_no",
             people=[PersonInput("victim", "Nguyễn Thị Đào")])

    def codes(q: str) -> set[str]:
        with db.read() as s:
            return {r.code for r in incidents.list_rows(s, Filter(text=q))}

    assert codes("trom cap") == {a}
    assert codes("TRỘM CẮP") == {a}
    assert codes("duong") == {a}
    assert codes("đường lê") == {a}
    assert codes(unicodedata.normalize("NFD", "Đường Lê Lợi")) == {a}
    assert codes("dong hoa") == {a}
    assert codes("danh nhau") == {b}
    assert codes("xo xat") == {b}
    assert codes("dao") == {c}  # a person's name
    assert codes("duon") == {a}  # word prefix
    assert codes("ong") == set()  # not inside a word
    assert codes("0002/2026") == {b}
    assert codes("trom nhau") == set()  # every word must match
    assert codes("  ") == {a, b, c}
    # an edit refreshes the index
    with db.session() as s:
        incidents.update(s, OFFICER, b, summary="Gây rối trật tự", category="trat_tu_cong_cong")
    assert codes("danh nhau") == set()
    assert codes("gay roi") == {b}


def test_filters_sort_and_paging(db: Database) -> None:
    cam = _camera(db)
    codes = []
    for i in range(12):
        codes.append(_add(db, occurred_at=T0 + timedelta(hours=i),
                          category="trom_cap" if i % 2 else "giao_thong",
                          summary="Trộm cắp xe máy" if i % 2 else "Va chạm xe máy",
                          area="Thôn Đông" if i % 3 == 0 else "Thôn Tây",
                          officer="canbo2" if i == 5 else None,
                          camera_ids=[cam] if i in (4, 7) else []))
    with db.session() as s:
        incidents.set_status(s, OFFICER, codes[3], "resolved")
    with db.read() as s:
        page1 = incidents.list_rows(s, Filter(), offset=0, limit=5)
        page3 = incidents.list_rows(s, Filter(), offset=10, limit=5)
        assert [r.code for r in page1] == codes[::-1][:5]
        assert [r.code for r in page3] == codes[::-1][10:]
        asc = incidents.list_rows(s, Filter(), sort="occurred_asc", limit=3)
        assert [r.code for r in asc] == codes[:3]
        by_cat = incidents.list_rows(s, Filter(categories=["trom_cap"]), limit=100)
        assert len(by_cat) == 6 and all(r.category == "trom_cap" for r in by_cat)
        assert incidents.count(s, Filter(categories=["trom_cap"])) == 6
        assert {r.code for r in incidents.list_rows(s, Filter(camera_id=cam))} == {
            codes[4], codes[7]}
        assert [r.code for r in incidents.list_rows(s, Filter(officer="canbo2"))] == [codes[5]]
        assert incidents.count(s, Filter(area="Thôn Đông")) == 4
        assert [r.code for r in incidents.list_rows(s, Filter(statuses=["resolved"]))] == [
            codes[3]]
        assert incidents.count(s, Filter(open_only=True)) == 11
        window = Filter(start=T0 + timedelta(hours=2), end=T0 + timedelta(hours=5))
        assert [r.code for r in incidents.list_rows(s, window)] == codes[2:5][::-1]
        combined = Filter(text="trom cap", start=T0 + timedelta(hours=2), area="Thôn Tây")
        assert [r.code for r in incidents.list_rows(s, combined, sort="occurred_asc")] == [
            codes[5], codes[7], codes[11]]


def test_status_workflow_with_who_and_when_and_leader_reopen(db: Database) -> None:
    code = _add(db)
    with db.session() as s:
        incidents.set_status(s, OFFICER, code, "in_progress")
        incidents.set_status(s, OFFICER, code, "closed")
    with pytest.raises(PermissionDenied), db.session() as s:
        incidents.set_status(s, OFFICER, code, "in_progress", "có thêm chứng cứ")
    with pytest.raises(InvalidInput), db.session() as s:
        incidents.set_status(s, LEADER, code, "in_progress", "  ")
    with pytest.raises(InvalidInput), db.session() as s:
        incidents.update(s, OFFICER, code, summary="sửa khi đã đóng")
    with db.session() as s:
        incidents.set_status(s, LEADER, code, "in_progress", "Có thêm chứng cứ mới")
    with db.read() as s:
        steps = s.scalars(select(IncidentStatusChange).order_by(IncidentStatusChange.id)).all()
        assert [(c.from_status, c.to_status, c.by) for c in steps] == [
            ("", "new", "canbo1"), ("new", "in_progress", "canbo1"),
            ("in_progress", "closed", "canbo1"), ("closed", "in_progress", "totruong")]
        assert steps[-1].reason == "Có thêm chứng cứ mới"
        actions = s.scalars(select(AuditEntry.action).where(
            AuditEntry.object_id == code).order_by(AuditEntry.id)).all()
        assert actions == ["incident.add", "incident.status", "incident.status",
                           "incident.reopen"]
        d = incidents.detail(s, code)
        assert [what for _, _, what in d.timeline()][-1].startswith("→ Đang xử lý")


def test_timeline_people_attachment_and_playback_hold(db: Database, home: DataHome,
                                                      tmp_path: Path) -> None:
    cam = _camera(db)
    code = _add(db, people=[PersonInput("suspect", "Đối tượng A")])
    f = tmp_path / "biên bản.pdf"
    f.write_bytes(b"%PDF-1.4 test" * 100)
    start, end = T0 - timedelta(minutes=2), T0 + timedelta(minutes=3)
    with db.session() as s:
        incidents.add_note(s, OFFICER, code, "Đã xác minh tại hiện trường",
                           at=T0 + timedelta(hours=1))
        incidents.add_person(s, OFFICER, code, PersonInput("witness", "Bà Tư bán rau"))
        att = incidents.attach_file(s, OFFICER, home, code, f)
        incidents.link_camera(s, OFFICER, code, cam, start, end)
    copied = incidents.attachments_dir(home) / att.path
    assert copied.read_bytes() == f.read_bytes()
    assert att.sha256 == hashlib.sha256(f.read_bytes()).hexdigest()
    with db.read() as s:
        d = incidents.detail(s, code)
        assert [p.name for p in d.people] == ["Đối tượng A", "Bà Tư bán rau"]
        assert any("xác minh" in what for _, _, what in d.timeline())
        assert d.cameras[0][0].hold_id is not None
        assert holds.is_held(s, cam, T0, T0 + timedelta(seconds=10))
        assert not holds.is_held(s, cam, T0 + timedelta(hours=1), T0 + timedelta(hours=2))
        assert {r.code for r in incidents.list_rows(s, Filter(text="ba tu"))} == {code}


def test_categories_admin_edits_and_in_use_cannot_be_deleted(db: Database) -> None:
    _add(db, category="danh_bac")
    with db.session() as s:
        incidents.save_category(s, ADMIN, "lua_dao", "Lừa đảo qua mạng", "Online fraud")
    with pytest.raises(PermissionDenied), db.session() as s:
        incidents.save_category(s, OFFICER, "x", "X")
    with pytest.raises(InvalidInput), db.session() as s:
        incidents.delete_category(s, ADMIN, "danh_bac")
    with db.session() as s:
        incidents.delete_category(s, ADMIN, "moi_truong")
    with db.read() as s:
        keys = [c.key for c in incidents.categories(s)]
    assert "lua_dao" in keys and "danh_bac" in keys and "moi_truong" not in keys
    _add(db, category="lua_dao", summary="Lừa đảo chiếm đoạt tài sản")
    with pytest.raises(InvalidInput), db.session() as s:
        incidents.add(s, OFFICER, occurred_at=T0, category="moi_truong", summary="x")


def test_csv_has_bom_and_vietnamese(db: Database, tmp_path: Path) -> None:
    _add(db, summary="Cướp giật điện thoại", category="cuop_giat", area="Thôn Đông")
    out = tmp_path / "vu-viec.csv"
    with db.read() as s:
        assert incidents.write_csv(s, out) == 1
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "Cướp giật điện thoại" in text and "Cướp giật tài sản" in text
    assert text.splitlines()[0].startswith("Số,Thời gian xảy ra")


def test_dock_rows_show_today_and_open(db: Database) -> None:
    now = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)  # 10:00 local
    old_open = _add(db, occurred_at=now - timedelta(days=10))
    old_closed = _add(db, occurred_at=now - timedelta(days=9))
    today_closed = _add(db, occurred_at=now - timedelta(hours=2))
    with db.session() as s:
        incidents.set_status(s, OFFICER, old_closed, "closed")
        incidents.set_status(s, OFFICER, today_closed, "closed")
    with db.read() as s:
        rows = incidents.dock_rows(s, now)
    assert [r.code for r in rows] == [today_closed, old_open]


def test_cli_add_list_search_show_status(db: Database, cli: object) -> None:
    run = cli  # type: ignore[assignment]
    r = run("incident", "add", "--category", "trom_cap", "--occurred", "22/11/2026 08:30",
            "--location", "Chợ Đông, thôn Đông", "--summary", "Trộm cắp xe đạp điện",
            "--person", "victim:Ông Ba")
    assert r.returncode == 0, r
    code = r.stdout.strip()
    assert code == "0001/2026"
    r = run("incident", "add", "--category", "giao_thong", "--occurred",
            "2026-11-23T07:00+07:00", "--summary", "Va chạm giao thông ở Đường tỉnh 623")
    assert r.returncode == 0, r
    r = run("incident", "search", "xe dap", "--json")
    assert r.returncode == 0, r
    assert [x["code"] for x in json.loads(r.stdout)] == [code]
    r = run("incident", "search", "duong", "--json")
    assert [x["code"] for x in json.loads(r.stdout)] == ["0002/2026"]
    r = run("incident", "list", "--category", "trom_cap", "--json")
    assert [x["code"] for x in json.loads(r.stdout)] == [code]
    r = run("incident", "status", code, "in_progress")
    assert r.returncode == 0 and "Đang xử lý" in r.stdout, r
    r = run("incident", "status", code, "closed")
    r = run("incident", "status", code, "new")
    assert r.returncode == 2 and "lý do" in r.stderr, r
    r = run("incident", "show", code, "--json")
    doc = json.loads(r.stdout)
    assert doc["status"] == "closed" and doc["people"][0]["name"] == "Ông Ba"
    assert doc["occurred_at"] == "2026-11-22T01:30:00+00:00"
    r = run("incident", "show", "0099/2026")
    assert r.returncode == 6, r
    r = run("incident", "add", "--category", "nope", "--occurred", "22/11/2026 08:30",
            "--summary", "x")
    assert r.returncode == 2 and "trom_cap" in r.stderr, r


def test_search_pages_newest_entered_first_for_common_and_rare_words(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    from controlroom.records import search

    monkeypatch.setattr(search, "PG_WINDOW", 3)  # PostgreSQL: both steps are exercised
    rare = _add(db, summary="Mất trộm két sắt", occurred_at=T0 - timedelta(days=30))
    common = [_add(db, summary=f"Trộm cắp xe đạp số {i}") for i in range(7)]
    with db.read() as s:
        assert [r.code for r in incidents.list_rows(s, Filter(text="ket sat"))] == [rare]
        page = incidents.list_rows(s, Filter(text="trom"), limit=5)
        assert [r.code for r in page] == common[::-1][:5]
        page2 = incidents.list_rows(s, Filter(text="trom"), offset=5, limit=5)
        assert [r.code for r in page2] == [common[1], common[0], rare]
        assert incidents.count(s, Filter(text="trom")) == 8
        assert incidents.count(s, Filter(text="trom"), cap=4) == 4
