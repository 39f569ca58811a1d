"""One incident as a PDF: its record, people, timeline, files with SHA-256 and thumbnails
of its snapshots. Same embedded DejaVu fonts as the custody record (controlroom/pdf_base.py)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Image,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from controlroom.errors import InvalidInput
from controlroom.paths import DataHome
from controlroom.pdf_base import FONT, esc, register_fonts, styles
from controlroom.records import incidents, settings
from controlroom.records.db import Database
from controlroom.timeutil import DEFAULT_TZ, format_local, utcnow

THUMB_W = 80 * mm
MAX_THUMBS = 6


def write_incident_pdf(db: Database, home: DataHome, code: str, path: Path) -> Path:
    register_fonts()
    st = styles()
    with db.read() as s:
        d = incidents.detail(s, code)
        post = str(settings.get(s, "post_name"))
        zone = str(settings.get(s, "time_zone")) or DEFAULT_TZ
    inc = d.incident
    story: list[Flowable] = [
        Paragraph(esc(post.upper()), st["center_b"]),
        Paragraph(f"SỔ THEO DÕI VỤ VIỆC — VỤ VIỆC SỐ {esc(inc.code)}", st["title"]),
        Paragraph(esc(inc.summary), st["center"]),
        Spacer(1, 4 * mm),
    ]
    rows = [
        ("Thời gian xảy ra", format_local(inc.occurred_at, zone, seconds=False)),
        ("Thời gian phát hiện", format_local(inc.detected_at, zone, seconds=False)),
        ("Loại vụ việc", d.category_name[0]),
        ("Mức độ", incidents.SEVERITY_NAMES[inc.severity][0]),
        ("Thôn / tổ dân phố", inc.area),
        ("Địa điểm", inc.location),
        ("Cán bộ phụ trách", inc.officer),
        ("Trạng thái", f"{incidents.STATUS_NAMES[inc.status][0]} ({inc.status_by}, "
                       f"{format_local(inc.status_at, zone, seconds=False)})"),
        ("Camera", ", ".join(n for _, n in d.cameras)),
        ("Tin báo liên quan", ", ".join(d.tip_numbers)),
        ("Trích xuất liên quan", ", ".join(e.record_number or e.uid for e in d.exports)),
    ]
    table = Table([[Paragraph(f"<b>{esc(k)}</b>", st["base"]), Paragraph(esc(v), st["base"])]
                   for k, v in rows if v], colWidths=[45 * mm, 125 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("FONTNAME", (0, 0), (-1, -1), FONT)]))
    story.append(table)
    if inc.description:
        story += [Paragraph("Mô tả", st["h"]), Paragraph(esc(inc.description), st["base"])]
    if d.people:
        story.append(Paragraph("Người liên quan", st["h"]))
        for p in d.people:
            bits = [incidents.PERSON_ROLE_NAMES[p.role][0] + ": " + p.name]
            if p.birth_year:
                bits.append(f"sinh năm {p.birth_year}")
            if p.address:
                bits.append(p.address)
            story.append(Paragraph(esc(", ".join(bits)), st["base"]))
    story.append(Paragraph("Diễn biến xử lý", st["h"]))
    for at, by, what in d.timeline():
        story.append(Paragraph(f"{format_local(at, zone, seconds=False)} — {esc(by)}: "
                               f"{esc(what)}", st["base"]))
    if d.attachments:
        story.append(Paragraph("Tệp đính kèm", st["h"]))
        for a in d.attachments:
            story.append(Paragraph(f"{esc(a.name)} — SHA-256 {a.sha256}", st["small"]))
    thumbs = []
    for sn in d.snapshots[:MAX_THUMBS]:
        f = home.snapshots / sn.path
        if f.is_file():
            img = Image(str(f))
            ratio = img.imageHeight / img.imageWidth if img.imageWidth else 0.5625
            img.drawWidth, img.drawHeight = THUMB_W, THUMB_W * ratio
            thumbs.append([img, Paragraph(f"{esc(sn.path)}<br/>"
                                          f"{format_local(sn.ts, zone)}", st["small"])])
    if thumbs:
        story += [Paragraph("Ảnh chụp từ camera", st["h"]),
                  Table(thumbs, colWidths=[THUMB_W + 4 * mm, 80 * mm])]
    story += [Spacer(1, 6 * mm),
              Paragraph(f"In lúc {format_local(utcnow(), zone)}", st["small"])]
    path = Path(path).expanduser()
    if path.is_dir():
        path = path / f"vu-viec-{inc.code.replace('/', '-')}.pdf"
    if not path.parent.is_dir():
        raise InvalidInput("Không có thư mục {p}.", "No folder {p}.", p=path.parent)
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                      topMargin=15 * mm, bottomMargin=15 * mm,
                      title=f"Vụ việc {inc.code}").build(story)
    return path
