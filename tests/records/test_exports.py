"""Custody register: request, approval, refusal and their audit trail (both backends)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from controlroom.errors import InvalidInput, NotFound, PermissionDenied
from controlroom.records import audit, exports
from controlroom.records.models import AuditEntry
from controlroom.timeutil import utcnow
from tests.evidence import fixtures
from tests.evidence.fixtures import T0, Recorded

recorded = fixtures.recorded
segment_files = fixtures.segment_files


def _req(r: Recorded, **kw: object) -> exports.ExportRequest:
    base: dict[str, object] = dict(camera_ids=(r.camera.id, r.camera2.id), start_utc=T0,
                                   end_utc=T0 + timedelta(minutes=5), request_ref="CV 9/ĐTHS",
                                   reason="Xác minh tin báo số 12")
    base.update(kw)
    return exports.ExportRequest(**base)  # type: ignore[arg-type]


def test_request_approve_queue_and_audit(recorded: Recorded) -> None:
    r = recorded
    with r.db.session() as s:
        exp = exports.create_request(s, r.officer, _req(r))
        eid = exp.id
        assert exp.status == "pending" and exp.record_number == f"{eid:04d}/BB-TXDL"
    with r.db.read() as s:
        assert [e.id for e in exports.pending(s)] == [eid]
    with r.db.session() as s, pytest.raises(PermissionDenied):
        exports.approve(s, r.officer, eid)
    with r.db.session() as s:
        exports.approve(s, r.leader, eid)
    with r.db.read() as s:
        e = exports.get(s, eid)
        assert e.status == "approved" and e.approver_id == r.leader.id
        assert exports.camera_ids(e) == [r.camera.id, r.camera2.id]
        assert exports.pending(s) == []
        acts = [(a.actor, a.action) for a in s.scalars(
            select(AuditEntry).where(AuditEntry.object_id == e.uid).order_by(AuditEntry.id))]
        assert acts == [("duc", "export.request"), ("hang", "export.approve")]
        assert audit.verify(s).ok
    with r.db.session() as s, pytest.raises(InvalidInput):
        exports.approve(s, r.leader, eid)  # not pending any more


def test_refusal_is_recorded(recorded: Recorded) -> None:
    r = recorded
    with r.db.session() as s:
        eid = exports.create_request(s, r.officer, _req(r)).id
    with r.db.session() as s, pytest.raises(InvalidInput):
        exports.refuse(s, r.leader, eid, "  ")
    with r.db.session() as s:
        exports.refuse(s, r.leader, eid, "Thiếu công văn có dấu")
    with r.db.read() as s:
        e = exports.get(s, eid)
        assert e.status == "refused" and e.error == "Thiếu công văn có dấu"
        assert s.scalar(select(AuditEntry.action).where(
            AuditEntry.object_id == e.uid, AuditEntry.action == "export.refuse"))


@pytest.mark.parametrize("bad, word", [
    (dict(camera_ids=()), "camera"),
    (dict(request_ref=" "), "công văn"),
    (dict(reason=""), "lý do"),
    (dict(end_utc=T0), "kết thúc"),
    (dict(end_utc=T0 + timedelta(hours=30)), "quá dài"),
    (dict(start_utc=utcnow() - timedelta(minutes=5), end_utc=utcnow() + timedelta(hours=6)),
     "tương lai"),
    (dict(request_ref="Công văn " * 23), "số công văn / yêu cầu quá dài (206 ký tự; tối đa 200)"),
    (dict(agency="x" * 301), "cơ quan đề nghị quá dài"),
    (dict(reason="y" * 2001), "lý do quá dài"),
    (dict(seal_number="1" * 101), "số niêm phong quá dài"),
])
def test_bad_requests(recorded: Recorded, bad: dict[str, object], word: str) -> None:
    with recorded.db.session() as s, pytest.raises(InvalidInput) as ei:
        exports.create_request(s, recorded.officer, _req(recorded, **bad))
    assert word in ei.value.vi.lower()


def test_unknown_camera_and_incident(recorded: Recorded) -> None:
    r = recorded
    with r.db.session() as s, pytest.raises(NotFound):
        exports.create_request(s, r.officer, _req(r, camera_ids=(999,)))
    with r.db.session() as s, pytest.raises(NotFound):
        exports.create_request(s, r.officer, _req(r, incident_code="VV-404"))


def test_long_texts_are_kept_whole(recorded: Recorded) -> None:
    ref = ("Công văn số 1234/CAH-ĐTHS ngày 20/11/2026 của Cơ quan Cảnh sát điều tra Công an "
           "huyện Đông Anh về việc đề nghị cung cấp dữ liệu camera phục vụ công tác điều tra")
    ref = (ref + " vụ trộm cắp tài sản tại chợ Đông, xã Xuân Nộn")[:200]
    with recorded.db.session() as s:
        eid = exports.create_request(s, recorded.officer, _req(recorded, request_ref=ref)).id
    with recorded.db.read() as s:
        assert exports.get(s, eid).request_ref == ref and len(ref) == 200


def test_request_by_number(recorded: Recorded) -> None:
    with recorded.db.session() as s:
        eid = exports.create_request(s, recorded.officer, _req(recorded)).id
    with recorded.db.read() as s:
        for text in (str(eid), f"{eid:04d}", f"{eid:04d}/BB-TXDL"):
            assert exports.by_number(s, text).id == eid
        with pytest.raises(NotFound):
            exports.by_number(s, f"{eid:04d}/KHAC")
        with pytest.raises(InvalidInput):
            exports.by_number(s, "abc")
