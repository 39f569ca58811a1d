"""The periodic report and the meeting minutes as PDF, laid out like the paper a commune
People's Committee files: national heading, the post's name, number and date, numbered
sections, tables, charts, page numbers and the signature block (Decree 30/2020 layout,
simplified). DejaVu Sans is embedded, so every Vietnamese diacritic prints.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from controlroom import __version__
from controlroom.pdf_base import FONT, NumberedCanvas, esc, register_fonts, styles
from controlroom.records.meetings import KIND_NAMES
from controlroom.records.models import Meeting
from controlroom.records.reports import Report
from controlroom.timeutil import DEFAULT_TZ, to_local

WIDTH = 180 * mm
SERIES = (colors.HexColor("#1f4e79"), colors.HexColor("#9dc3e6"), colors.HexColor("#c9c9c9"))
RECIPIENTS = ("Đảng ủy xã", "Ủy ban nhân dân xã", "Công an cấp trên", "Lưu: VT")


def num(v: float | int | None, digits: int = 1) -> str:
    """Vietnamese number format: 1.234.567 and 98,7."""
    if v is None:
        return "—"
    if isinstance(v, int):
        return f"{v:,}".replace(",", ".")
    text = f"{v:,.{digits}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def pct(v: float | None) -> str:
    if v is None:
        return "—"
    return ("+" if v > 0 else "") + num(v) + " %"


def minutes(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    m = round(seconds / 60)
    return f"{m // 60} giờ {m % 60:02d} phút" if m >= 60 else f"{m} phút"


def place_name(post: str) -> str:
    """'Công an xã Tịnh Châu (DEMO)' -> 'Tịnh Châu' for the "…, ngày … tháng …" line."""
    p = post.replace("(DEMO)", "").strip()
    for prefix in ("Công an", "xã", "phường", "thị trấn"):
        if p.lower().startswith(prefix.lower()):
            p = p[len(prefix):].strip()
    return p or post


def _date_line(when: datetime, place: str) -> str:
    d = to_local(when, DEFAULT_TZ)
    return f"<i>{esc(place)}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}</i>"


def _heading(post: str, number: str, when: datetime, st: dict[str, ParagraphStyle],
             place: str) -> Table:
    head = Table([
        [Paragraph(esc(post.upper()), st["center_b"]),
         Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", st["center_b"])],
        [Paragraph("———", st["center"]),
         Paragraph("Độc lập – Tự do – Hạnh phúc", st["center_b"])],
        [Paragraph(f"Số: {esc(number) or '……'}", st["center"]),
         Paragraph("—————————", st["center"])],
        ["", Paragraph(_date_line(when, place), st["center"])],
    ], colWidths=[72 * mm, 108 * mm])
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("TOPPADDING", (0, 0), (-1, -1), 0),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return head


def _grid(rows: list[list[Any]], widths: list[float], st: dict[str, ParagraphStyle],
          numeric_from: int = 1) -> Table:
    def cell(c: Any, width: float) -> Any:
        """Text that fits on one line is drawn as a plain string (far cheaper than a
        Paragraph); longer text wraps in a Paragraph."""
        if isinstance(c, Flowable):
            return c
        text = str(c)
        if stringWidth(text, FONT, 7.5) <= width - 5:
            return text
        return Paragraph(esc(text), st["small"])

    cells = [[cell(c, w) for c, w in zip(r, widths, strict=True)] for r in rows]
    t = Table(cells, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                           ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                           ("FONTNAME", (0, 0), (-1, -1), FONT),
                           ("FONTSIZE", (0, 0), (-1, -1), 7.5),
                           ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                           ("ALIGN", (numeric_from, 1), (-1, -1), "RIGHT"),
                           ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
    return t


def _right(st: dict[str, ParagraphStyle]) -> ParagraphStyle:
    return ParagraphStyle("right", parent=st["small"], alignment=2)


def _canvas(footer: str) -> type[NumberedCanvas]:
    return NumberedCanvas.with_footer(footer, number_size=7.5, number_y=9 * mm)


# -- charts --------------------------------------------------------------------------------

def incident_chart(report: Report) -> Drawing:
    rows = [r for r in report.incidents if r.current or r.previous or r.last_year]
    d = Drawing(WIDTH, 70 * mm)
    if not rows:
        d.add(String(WIDTH / 2, 35 * mm, "Không có vụ việc", fontName=FONT, fontSize=9,
                     textAnchor="middle"))
        return d
    ch = VerticalBarChart()
    ch.x, ch.y, ch.width, ch.height = 12 * mm, 22 * mm, WIDTH - 50 * mm, 44 * mm
    ch.data = [[r.current for r in rows], [r.previous for r in rows],
               [r.last_year for r in rows]]
    for i, c in enumerate(SERIES):
        ch.bars[i].fillColor = c
        ch.bars[i].strokeWidth = 0
    ch.valueAxis.valueMin = 0
    ch.valueAxis.labels.fontName = FONT
    ch.valueAxis.labels.fontSize = 7
    ch.categoryAxis.categoryNames = [r.name_vi if len(r.name_vi) <= 18 else r.name_vi[:17] + "…"
                                     for r in rows]
    ch.categoryAxis.labels.fontName = FONT
    ch.categoryAxis.labels.fontSize = 6.5
    ch.categoryAxis.labels.angle = 30
    ch.categoryAxis.labels.boxAnchor = "ne"
    ch.barSpacing = 0.5
    ch.groupSpacing = 4
    d.add(ch)
    prev, ly = report.incident_periods or (report.period.previous(),
                                           report.period.same_last_year())
    lg = Legend()
    lg.x, lg.y = WIDTH - 36 * mm, 62 * mm
    lg.fontName, lg.fontSize = FONT, 7
    lg.dx = lg.dy = 6
    lg.colorNamePairs = [(SERIES[0], f"Kỳ này ({report.period.title_vi()})"),
                         (SERIES[1], f"Kỳ trước ({prev.title_vi()})"),
                         (SERIES[2], f"Cùng kỳ ({ly.title_vi()})")]
    lg.columnMaximum = 3
    d.add(lg)
    return d


def uptime_chart(report: Report) -> Drawing:
    cams = [c for c in report.cameras if c.percent is not None]
    h = max(30 * mm, (8 + 5 * len(cams)) * mm)
    d = Drawing(WIDTH, h)
    if not cams:
        d.add(String(WIDTH / 2, h / 2, "Chưa có dữ liệu trạng thái camera", fontName=FONT,
                     fontSize=9, textAnchor="middle"))
        return d
    ch = HorizontalBarChart()
    ch.x, ch.y, ch.width, ch.height = 55 * mm, 6 * mm, WIDTH - 70 * mm, h - 10 * mm
    ch.data = [[c.percent or 0.0 for c in cams]]
    ch.bars[0].fillColor = SERIES[0]
    ch.bars[0].strokeWidth = 0
    for i, c in enumerate(cams):
        if (c.percent or 0) < 95:
            ch.bars[(0, i)].fillColor = colors.HexColor("#c62828")
    ch.valueAxis.valueMin, ch.valueAxis.valueMax, ch.valueAxis.valueStep = 0, 100, 10
    ch.valueAxis.labels.fontName = FONT
    ch.valueAxis.labels.fontSize = 7
    ch.categoryAxis.categoryNames = [f"{c.code} {c.name}"[:34] for c in cams]
    ch.categoryAxis.labels.fontName = FONT
    ch.categoryAxis.labels.fontSize = 7
    ch.categoryAxis.reverseDirection = 1
    ch.barLabelFormat = lambda v: num(float(v)) + " %"
    ch.barLabels.fontName = FONT
    ch.barLabels.fontSize = 6.5
    ch.barLabels.boxAnchor = "w"
    ch.barLabels.dx = 2
    d.add(ch)
    return d


# -- the report ----------------------------------------------------------------------------

def report_story(r: Report) -> list[Flowable]:
    register_fonts()
    st = styles()
    right = _right(st)
    p = r.period
    place = place_name(r.post_name)
    story: list[Flowable] = [
        _heading(r.post_name, r.number, r.generated_at, st, place), Spacer(1, 5 * mm),
        Paragraph("BÁO CÁO", st["title"]),
        Paragraph(f"Kết quả thực hiện mô hình camera giám sát an ninh, trật tự "
                  f"{esc(p.title_vi())}", st["center_b"]),
        Paragraph(f"(Số liệu từ {esc(p.range_text().replace('–', 'đến'))})", st["center"]),
        Spacer(1, 4 * mm),
    ]
    h = st["h"]
    # I. incidents
    prev, ly = r.incident_periods or (p.previous(), p.same_last_year())
    story.append(Paragraph("I. TÌNH HÌNH VỤ VIỆC THEO LĨNH VỰC", h))
    rows: list[list[Any]] = [["Lĩnh vực", "Kỳ này", "Kỳ trước", "So kỳ trước", "Cùng kỳ năm trước",
                              "So cùng kỳ"]]
    for row in r.incidents:
        rows.append([row.name_vi, num(row.current), num(row.previous), pct(row.vs_previous),
                     num(row.last_year), pct(row.vs_last_year)])
    cur, pv, lyv = r.incidents_total
    from controlroom.records.reports import pct_change

    rows.append([Paragraph("<b>Tổng cộng</b>", st["small"]), num(cur), num(pv),
                 pct(pct_change(cur, pv)), num(lyv), pct(pct_change(cur, lyv))])
    story.append(_grid(rows, [58 * mm, 20 * mm, 20 * mm, 26 * mm, 30 * mm, 26 * mm], st))
    story.append(Paragraph(f"Kỳ trước: {esc(prev.range_text())}; cùng kỳ năm trước: "
                           f"{esc(ly.range_text())}.", st["small"]))
    story.append(incident_chart(r))
    # II. tips
    story.append(Paragraph("II. TIẾP NHẬN, XỬ LÝ TIN BÁO, TỐ GIÁC", h))
    if r.tips is None:
        story.append(Paragraph("Không có nguồn dữ liệu (sổ tiếp nhận tin báo chưa được cài "
                               "đặt trong phần mềm).", st["base"]))
    else:
        t = r.tips
        story.append(_grid([["Tiếp nhận", "Đã chuyển CQĐT", "Chuyển đúng hạn", "Quá hạn",
                             "Đã giải quyết"],
                            [num(t.received), num(t.transferred), num(t.transferred_on_time),
                             num(t.overdue), num(t.resolved)]], [36 * mm] * 5, st,
                           numeric_from=0))
    # III. extractions
    e = r.extractions
    story.append(Paragraph("III. TRÍCH XUẤT DỮ LIỆU CAMERA", h))
    story.append(Paragraph(
        f"Tiếp nhận {num(e.get('requested', 0))} yêu cầu trích xuất; đã trích xuất "
        f"{num(e.get('completed', 0))}; từ chối {num(e.get('refused', 0))} "
        "(theo sổ đăng ký trích xuất).", st["base"]))
    # IV. cameras
    story.append(Paragraph("IV. HOẠT ĐỘNG CỦA HỆ THỐNG CAMERA", h))
    story.append(Paragraph(
        f"Tỷ lệ hoạt động toàn hệ thống: <b>{pct(r.overall_availability).lstrip('+')}</b>; "
        f"lỗi ghi sổ trong kỳ: {num(r.faults_reported)}; đã khắc phục: {num(r.faults_closed)}; "
        f"chi phí sửa chữa: {num(r.repair_cost_vnd)} đồng.", st["base"]))
    cam_rows: list[list[Any]] = [["Camera", "Tỷ lệ hoạt động", "Số lần mất kết nối",
                                  "Thời gian khắc phục TB", "Lỗi ghi sổ"]]
    for c in r.cameras:
        cam_rows.append([f"{c.code} — {c.name}", pct(c.percent).lstrip("+"), num(c.outages),
                         minutes(c.repair_s), num(c.faults)])
    story.append(_grid(cam_rows, [70 * mm, 27 * mm, 27 * mm, 34 * mm, 22 * mm], st))
    story.append(Spacer(1, 2 * mm))
    story.append(uptime_chart(r))
    if r.worst:
        story.append(Paragraph("Các camera hoạt động kém nhất và lỗi đã ghi nhận:", st["base"]))
        for c, faults in r.worst:
            text = "; ".join(
                f"{to_local(f.reported_at):%d/%m} {esc(f.fault)}"
                + (f" → {esc(f.action)}" if f.action and f.state == "closed" else "")
                for f in faults[-4:]) or "chưa ghi lỗi trong sổ bảo trì"
            if len(faults) > 4:
                text = f"{len(faults)} lỗi, gần nhất: " + text
            story.append(Paragraph(
                f"– {esc(c.code)} {esc(c.name)} ({pct(c.percent).lstrip('+')}): {text}",
                st["small"]))
    # V. shifts
    story.append(Paragraph("V. CA TRỰC", h))
    if r.shifts is None:
        story.append(Paragraph("Không có nguồn dữ liệu (lịch trực chưa được cài đặt trong phần "
                               "mềm).", st["base"]))
    else:
        s = r.shifts
        story.append(_grid([["Lượt trực theo lịch", "Đã điểm danh", "Điểm danh muộn",
                             "Không điểm danh"],
                            [num(s.planned), num(s.checked_in), num(s.late), num(s.missing)]],
                           [45 * mm] * 4, st, numeric_from=0))
    # VI. patrols
    story.append(Paragraph("VI. TUẦN TRA", h))
    weeks = r.patrol_weeks
    story.append(Paragraph(
        f"Tổ chức {num(r.patrols_total)} lần tuần tra trong {num(len(weeks))} tuần; "
        f"{num(r.weeks_on_target)}/{num(len(weeks))} tuần đạt chỉ tiêu "
        f"{num(r.patrol_target)} lần/tuần.", st["base"]))
    below = [w for w in weeks if w.count < r.patrol_target]
    if below:
        story.append(Paragraph(
            "Tuần chưa đạt: " + ", ".join(f"{to_local(w.monday):%d/%m} ({w.count})"
                                         for w in below), st["small"]))
    # VII. meetings
    story.append(Paragraph("VII. HỌP, GIAO BAN", h))
    if r.meetings:
        mrows: list[list[Any]] = [["Ngày", "Loại", "Chủ trì", "Quyết định"]]
        for m in r.meetings:
            mrows.append([f"{to_local(m.held_at):%d/%m/%Y}", KIND_NAMES[m.kind][0], m.chair,
                          num(m.decisions)])
        story.append(_grid(mrows, [28 * mm, 52 * mm, 70 * mm, 30 * mm], st, numeric_from=3))
    else:
        story.append(Paragraph("Không có cuộc họp nào trong kỳ.", st["base"]))
    story.append(Paragraph(
        f"Nhiệm vụ được giao trong kỳ: {num(r.decisions_made)}; nhiệm vụ còn mở đến nay: "
        f"{num(r.decisions_open)}.", st["base"]))
    # VIII. leader's assessment
    story.append(Paragraph("VIII. NHẬN XÉT, ĐỀ XUẤT CỦA LÃNH ĐẠO", h))
    text = (r.leader_text or "").strip()
    for para in (text.split("\n") if text else ["……………………………………………………………………"] * 3):
        story.append(Paragraph(esc(para) or "&nbsp;", st["base"]))
    story.append(Spacer(1, 5 * mm))
    story.append(KeepTogether([_signature(
        "THỦ TRƯỞNG ĐƠN VỊ", r.signer, st,
        left="<b><i>Nơi nhận:</i></b><br/>" + "<br/>".join(f"- {x};" for x in RECIPIENTS))]))
    if r.audit_checkpoint:
        story.append(Spacer(1, 3 * mm))
        story.append(Paragraph(f"Mốc kiểm toán: {esc(r.audit_checkpoint)}", right))
    return story


def _signature(title: str, name: str, st: dict[str, ParagraphStyle], left: str = "",
               left_title: str = "", left_name: str = "") -> Table:
    if left_title:
        lcell: list[Any] = [Paragraph(left_title, st["center_b"]),
                            Paragraph("<i>(Ký, ghi rõ họ tên)</i>", st["center"]),
                            Spacer(1, 22 * mm), Paragraph(esc(left_name), st["center_b"])]
    else:
        lcell = [Paragraph(left, st["small"])] if left else [""]
    rcell = [Paragraph(title, st["center_b"]),
             Paragraph("<i>(Ký, ghi rõ họ tên, đóng dấu)</i>", st["center"]),
             Spacer(1, 22 * mm), Paragraph(esc(name) or "……………………", st["center_b"])]
    t = Table([[lcell, rcell]], colWidths=[90 * mm, 90 * mm])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return t


def write_report(r: Report, path: Path) -> None:
    story = report_story(r)
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=20 * mm, rightMargin=12 * mm,
                            topMargin=14 * mm, bottomMargin=16 * mm,
                            title=f"Báo cáo {r.period.title_vi()}", author=r.post_name,
                            subject=r.period.code, creator=f"controlroom {__version__}",
                            invariant=1)
    footer = f"{r.post_name} — Báo cáo {r.period.title_vi()}"
    doc.build(story, canvasmaker=_canvas(footer))


# -- meeting minutes -----------------------------------------------------------------------

def write_minutes(m: Meeting, post_name: str, path: Path, number: str = "") -> None:
    register_fonts()
    st = styles()
    held = to_local(m.held_at)
    place = place_name(post_name)
    kind_vi = KIND_NAMES[m.kind][0]
    present = [a for a in m.attendees if a.present]
    absent = [a for a in m.attendees if not a.present]
    story: list[Flowable] = [
        _heading(post_name, number or f"{m.id}/BB-H", m.held_at, st, place), Spacer(1, 5 * mm),
        Paragraph("BIÊN BẢN HỌP", st["title"]),
        Paragraph(esc(kind_vi), st["center_b"]), Spacer(1, 4 * mm),
        Paragraph(f"Thời gian: {held:%H} giờ {held:%M} phút, ngày {held:%d/%m/%Y}.", st["base"]),
        Paragraph(f"Địa điểm: {esc(m.location) or esc(post_name)}.", st["base"]),
        Paragraph("I. THÀNH PHẦN", st["h"]),
        Paragraph(f"Chủ trì: <b>{esc(m.chair)}</b>. Thư ký: <b>{esc(m.secretary)}</b>.",
                  st["base"]),
        Paragraph(f"Có mặt ({len(present)}): " + (", ".join(esc(a.name) for a in present)
                                                  or "—") + ".", st["base"]),
        Paragraph(f"Vắng mặt ({len(absent)}): " + (", ".join(
            esc(a.name) + (f" (lý do: {esc(a.reason)})" if a.reason else " (không lý do)")
            for a in absent) or "không") + ".", st["base"]),
        Paragraph("II. NỘI DUNG", st["h"]),
    ]
    for para in (m.content or "").split("\n"):
        story.append(Paragraph(esc(para) or "&nbsp;", st["base"]))
    story.append(Paragraph("III. KẾT LUẬN, NHIỆM VỤ ĐƯỢC GIAO", st["h"]))
    if m.decisions:
        rows: list[list[Any]] = [["TT", "Nội dung", "Người thực hiện", "Thời hạn", "Kết quả"]]
        for i, d in enumerate(m.decisions, 1):
            rows.append([str(i), Paragraph(esc(d.text), st["small"]), d.owner,
                         f"{to_local(d.due_utc):%d/%m/%Y}" if d.due_utc else "",
                         f"Xong {to_local(d.done_at):%d/%m/%Y}" if d.done_at else ""])
        story.append(_grid(rows, [10 * mm, 80 * mm, 40 * mm, 25 * mm, 25 * mm], st,
                           numeric_from=9))
    else:
        story.append(Paragraph("Không có.", st["base"]))
    story.append(Spacer(1, 3 * mm))
    story.append(Paragraph(
        "Cuộc họp kết thúc vào hồi …… giờ …… cùng ngày. Biên bản đã được đọc lại cho mọi "
        "người dự họp cùng nghe và thống nhất.", st["base"]))
    story.append(Spacer(1, 5 * mm))
    story.append(KeepTogether([_signature("CHỦ TRÌ", m.chair, st, left_title="THƯ KÝ",
                                          left_name=m.secretary)]))
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=20 * mm, rightMargin=12 * mm,
                            topMargin=14 * mm, bottomMargin=16 * mm,
                            title=f"Biên bản họp {held:%d/%m/%Y}", author=post_name,
                            creator=f"controlroom {__version__}", invariant=1)
    doc.build(story, canvasmaker=_canvas(f"{post_name} — Biên bản họp {held:%d/%m/%Y}"))
