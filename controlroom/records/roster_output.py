"""The month printed (A4 landscape PDF, officers × days) and exported (CSV with a UTF-8
byte-order mark, so Excel on Windows shows Vietnamese correctly)."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from controlroom import pdf_base as _pdf
from controlroom.records import roster, settings
from controlroom.records import roster_calendar as cal
from controlroom.timeutil import format_local, utcnow

SHIFT_COLOURS = {"day": "#FFF3C4", "morning": "#FFF3C4", "evening": "#FFD9A8",
                 "night": "#C9DAF8"}
POST_CODES = {"desk": "t", "leader": "c", "patrol": "p"}
POST_CODES_EN = {"desk": "d", "leader": "l", "patrol": "p"}
WEEKDAYS_VI = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")


def shift_code(t: cal.Template, key: str, lang: str = "vi") -> str:
    name = roster.shift_label(t, key, lang)
    words = name.split()
    word = (words[-1] if lang == "vi" else words[0]) if words else key
    return word[:1].upper()


def write_csv(s: Session, month: str, out: Path) -> None:
    m = roster.get_month(s, month)
    t = roster.month_template(m)
    tzname = roster.zone(s)
    with out.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Ngày", "Ca", "Vị trí", "Cán bộ", "Cấp bậc", "Bắt đầu", "Kết thúc",
                    "Ghi chú"])
        for r in roster.assignments(s, m):
            w.writerow([f"{r.day:%d/%m/%Y}", roster.shift_label(t, r.shift_key),
                        roster.post_label(r.post), r.officer.full_name if r.officer else
                        "CHƯA CÓ NGƯỜI", r.officer.rank if r.officer else "",
                        format_local(r.start_utc, tzname, seconds=False),
                        format_local(r.end_utc, tzname, seconds=False), r.note])


def write_pdf(s: Session, month: str, out: Path) -> None:
    _pdf.register_fonts()
    st = _pdf.styles()
    m = roster.get_month(s, month)
    t = roster.month_template(m)
    days = cal.month_days(month)
    hol = roster.holidays(s, days[0], days[-1])
    rows = roster.assignments(s, m)
    post_name = str(settings.get(s, "post_name"))
    officers = roster.list_officers(s)
    cells: dict[tuple[int, int], list[tuple[str, str]]] = defaultdict(list)
    uncovered: dict[int, int] = defaultdict(int)
    for r in rows:
        col = (r.day - days[0]).days
        if r.officer_id is None:
            uncovered[col] += 1
        else:
            cells[(r.officer_id, col)].append((r.shift_key, r.post))
    used = [o for o in officers if o.active or any((o.id, c) in cells for c in range(len(days)))]
    bal = {b.officer: b for b in roster.balances(s, month)}

    small = st["small"]
    header = ["Cán bộ"] + [f"{d.day}\n{WEEKDAYS_VI[d.weekday()]}" for d in days] + \
        ["Giờ", "Đêm", "CT", "Lễ"]
    data: list[list[object]] = [list(header)]
    style = [
        ("FONT", (0, 0), (-1, -1), _pdf.FONT, 6.2),
        ("FONT", (0, 0), (-1, 0), _pdf.FONT_BOLD, 6.2),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("ALIGN", (1, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 1), ("RIGHTPADDING", (0, 0), (-1, -1), 1),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    for i, d in enumerate(days):
        if d in hol:
            style.append(("BACKGROUND", (i + 1, 0), (i + 1, 0), colors.HexColor("#F4B6B6")))
        elif d.weekday() >= 5:
            style.append(("BACKGROUND", (i + 1, 0), (i + 1, 0), colors.HexColor("#DDDDDD")))
    for ri, o in enumerate(used, start=1):
        line: list[object] = [Paragraph(f"{o.full_name}", small)]
        for ci in range(len(days)):
            items = cells.get((o.id, ci), [])
            line.append("\n".join(shift_code(t, k) + POST_CODES.get(p, "") for k, p in items))
            if items:
                colour = SHIFT_COLOURS.get(items[0][0], "#E6E6E6")
                style.append(("BACKGROUND", (ci + 1, ri), (ci + 1, ri),
                              colors.HexColor(colour)))
        b = bal.get(o.full_name)
        line += [str(b.month["hours"]), str(b.month["nights"]), str(b.month["weekends"]),
                 str(b.month["holidays"])] if b else ["", "", "", ""]
        data.append(line)
    if uncovered:
        line = [Paragraph("<font color='red'>Chưa có người</font>", small)]
        for ci in range(len(days)):
            line.append(str(uncovered[ci]) if uncovered.get(ci) else "")
            if uncovered.get(ci):
                style.append(("BACKGROUND", (ci + 1, len(data)), (ci + 1, len(data)),
                              colors.HexColor("#FF8A8A")))
        data.append(line + ["", "", "", ""])
    name_w = 40 * mm
    tail_w = 4 * 7 * mm
    day_w = (landscape(A4)[0] - 20 * mm - name_w - tail_w) / len(days)
    table = Table(data, colWidths=[name_w] + [day_w] * len(days) + [7 * mm] * 4,
                  repeatRows=1)
    table.setStyle(TableStyle(style))

    legend_shifts = ", ".join(f"{shift_code(t, sh.key)} = {sh.name_vi} "
                              f"({sh.start}, {sh.hours:g} giờ)" for sh in t.shifts)
    legend_posts = ", ".join(f"{c} = {cal.POSTS[p][0].lower()}" for p, c in POST_CODES.items())
    status = "ĐÃ CÔNG BỐ" if m.status == "published" else "BẢN NHÁP"
    hol_text = "; ".join(f"{h.day:%d/%m} {h.name}" for h in hol.values())
    story: list[object] = [
        Paragraph(post_name.upper(), st["center_b"]),
        Paragraph(f"LỊCH TRỰC CAMERA 24/24 — THÁNG {days[0]:%m/%Y}", st["title"]),
        Paragraph(f"({status}; in lúc {format_local(utcnow(), roster.zone(s), seconds=False)})",
                  st["center"]),
        Spacer(1, 3 * mm), table, Spacer(1, 2 * mm),
        Paragraph(f"Ký hiệu: {legend_shifts}; {legend_posts}. Cột ngày tô xám: cuối tuần; "
                  f"tô hồng: ngày lễ. CT: ca cuối tuần; Lễ: điểm ca lễ (Tết ×3).", small),
    ]
    if hol_text:
        story.append(Paragraph(f"Ngày lễ trong tháng: {hol_text}.", small))
    sig = Table([["NGƯỜI LẬP LỊCH", "CHỈ HUY ĐƠN VỊ"],
                 ["(Ký, ghi rõ họ tên)", "(Ký, ghi rõ họ tên, đóng dấu)"],
                 ["", ""], ["", ""], ["", ""]], colWidths=[120 * mm, 120 * mm])
    sig.setStyle(TableStyle([("FONT", (0, 0), (-1, 0), _pdf.FONT_BOLD, 9),
                             ("FONT", (0, 1), (-1, -1), _pdf.FONT, 8),
                             ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    story += [Spacer(1, 4 * mm), sig]
    doc = SimpleDocTemplate(str(out), pagesize=landscape(A4), leftMargin=10 * mm,
                            rightMargin=10 * mm, topMargin=10 * mm, bottomMargin=10 * mm,
                            title=f"Lịch trực {month}", author=post_name)
    doc.build(story)


def write_handover_pdf(s: Session, first: date, last: date, out: Path) -> int:
    """The handover book for [first, last] (roster days); returns the number of pages
    of the book (handovers) printed."""
    import json

    from controlroom.records import handover as ho

    _pdf.register_fonts()
    st = _pdf.styles()
    zone = roster.zone(s)
    post_name = str(settings.get(s, "post_name"))
    rows = ho.listing(s, first, last)
    story: list[object] = [
        Paragraph(post_name.upper(), st["center_b"]),
        Paragraph("SỔ GIAO CA TRỰC CAMERA", st["title"]),
        Paragraph(f"Từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y} — in lúc "
                  f"{format_local(utcnow(), zone, seconds=False)}", st["center"]),
        Spacer(1, 4 * mm),
    ]
    if not rows:
        story.append(Paragraph("Không có trang giao ca nào trong khoảng này.", st["base"]))
    status_vi = {"draft": "nháp", "submitted": "đã bàn giao, chờ nhận",
                 "acknowledged": "đã nhận ca"}
    review_vi = {"pending": "chờ chỉ huy duyệt", "approved": "chỉ huy đã duyệt",
                 "commented": "chỉ huy có nhận xét"}
    for h in rows:
        head = (f"{ho.shift_name(s, h)} ngày {h.day:%d/%m/%Y} "
                f"({format_local(h.start_utc, zone, False)} – "
                f"{format_local(h.end_utc, zone, False)})")
        story.append(Paragraph(head, st["h"]))
        meta = [["Người giao", h.outgoing or "—", "Người nhận", h.incoming or "—"],
                ["Trạng thái", status_vi.get(h.status, h.status), "Duyệt",
                 review_vi.get(h.review, h.review)],
                ["Gửi lúc", format_local(h.submitted_at, zone, False),
                 "Nhận lúc", format_local(h.acknowledged_at, zone, False)]]
        t = Table(meta, colWidths=[30 * mm, 100 * mm, 30 * mm, 100 * mm])
        t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), _pdf.FONT, 8.5),
                               ("FONT", (0, 0), (0, -1), _pdf.FONT_BOLD, 8.5),
                               ("FONT", (2, 0), (2, -1), _pdf.FONT_BOLD, 8.5),
                               ("GRID", (0, 0), (-1, -1), 0.25, colors.grey)]))
        story.append(t)
        items = json.loads(h.items or "[]")
        if items:
            story.append(Paragraph("Sự việc trong ca:", st["base"]))
            for it in items:
                story.append(Paragraph("• " + _pdf.esc(it.get("vi", ""), line_breaks=True),
                                       st["small"]))
        else:
            story.append(Paragraph("Trong ca không có sự việc, trích xuất hay camera mất "
                                   "kết nối được ghi nhận.", st["small"]))
        if h.note:
            story.append(Paragraph("Ghi chú bàn giao: " + _pdf.esc(h.note, line_breaks=True),
                                   st["base"]))
        if h.review_comment:
            story.append(Paragraph(f"Nhận xét của chỉ huy ({h.reviewed_by}): "
                                   + _pdf.esc(h.review_comment, line_breaks=True), st["base"]))
        for a in ho.amendments(s, h.id):
            story.append(Paragraph(f"Bổ sung {format_local(a.ts, zone, False)} ({a.author}): "
                                   + _pdf.esc(a.text, line_breaks=True), st["small"]))
        if h.status == "acknowledged":
            ok = "khớp" if ho.intact(h) else "KHÔNG KHỚP — đã bị sửa sau khi nhận"
            story.append(Paragraph(f"Mã băm nội dung SHA-256: {h.content_sha256} ({ok})",
                                   st["mono"]))
        if h.anchor:
            try:
                cp = json.loads(h.anchor)
                story.append(Paragraph(f"Mốc kiểm toán: #{cp.get('seq')} {cp.get('time')} "
                                       f"dòng {cp.get('head_id')} "
                                       f"{str(cp.get('head_hash', ''))[:16]}…", st["mono"]))
            except ValueError:
                pass
        story.append(Spacer(1, 3 * mm))
    doc = SimpleDocTemplate(str(out), pagesize=landscape(A4), leftMargin=12 * mm,
                            rightMargin=12 * mm, topMargin=12 * mm, bottomMargin=12 * mm,
                            title="Sổ giao ca", author=post_name)
    doc.build(story)
    return len(rows)
