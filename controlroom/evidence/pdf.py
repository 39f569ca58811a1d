"""The custody record (biên bản trích xuất dữ liệu camera) as a PDF.

Rendered from the export's manifest so the paper and the data can never disagree.
Vietnamese text needs every diacritic: DejaVu Sans is embedded (resources/fonts, with its
licence) rather than relying on fonts of the machine that prints it. The QR code and the
printed "check code" are the SHA-256 of manifest.json, which lists the hash of every data
file; the paper therefore pins the data, and SHA256SUMS (signed) covers this PDF too.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from controlroom.pdf_base import FONT, FONT_BOLD, NumberedCanvas, esc, register_fonts, styles

GAP_REASONS_VI = {"unknown": "không rõ nguyên nhân", "offline": "camera mất kết nối",
                  "auth_failed": "sai mật khẩu camera", "recorder_stopped": "máy ghi dừng",
                  "disk_full": "đầy ổ ghi", "error": "lỗi ghi", "recording": "đang ghi, chưa đóng"}


def _media_line(c: dict[str, Any]) -> str:
    """Video and audio codecs of the camera's clips (issue 14), for the camera table."""
    clips = c.get("clips") or []
    if not clips:
        return ""
    video = esc(str(clips[0].get("codec", "")).upper().replace("HEVC", "H.265")
                 .replace("H264", "H.264"))
    audio = esc(str(c.get("audio_codec") or "").upper())
    return f"<br/>Hình {video}; âm thanh: {audio or 'không có'}"


def _size(n: int) -> str:
    if n >= 1024 ** 3:
        return f"{n / 1024 ** 3:.2f} GB".replace(".", ",")
    if n >= 1024 ** 2:
        return f"{n / 1024 ** 2:.1f} MB".replace(".", ",")
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} B"


def _qr(value: str, size: float = 30 * mm) -> Drawing:
    w = QrCodeWidget(value, barLevel="M")
    x0, y0, x1, y1 = w.getBounds()
    d = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    d.add(w)
    return d


def _person(p: dict[str, Any] | None) -> str:
    if not p:
        return "……………………………"
    bits = [p.get("full_name") or p.get("username", "")]
    if p.get("rank"):
        bits.append(f"cấp bậc: {p['rank']}")
    if p.get("unit"):
        bits.append(f"đơn vị: {p['unit']}")
    return esc(", ".join(b for b in bits if b))


def render(manifest: dict[str, Any], check_code: str, thumbnails: dict[str, bytes],
           path: Path) -> None:
    """Write bien_ban.pdf. `check_code` is the SHA-256 of manifest.json."""
    register_fonts()
    st = styles()
    m = manifest
    story: list[Flowable] = []
    post = esc(m["post"]["name"])
    t0 = m["extraction"]["started_local"]
    head = Table([[Paragraph(f"{post.upper()}", st["center_b"]),
                   Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", st["center_b"])],
                  [Paragraph(f"Số: {esc(m['record_number'])}", st["center"]),
                   Paragraph("Độc lập – Tự do – Hạnh phúc", st["center_b"])]],
                 colWidths=[75 * mm, 105 * mm])
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [head, Spacer(1, 4 * mm),
              Paragraph("BIÊN BẢN TRÍCH XUẤT DỮ LIỆU CAMERA", st["title"]),
              Paragraph("(Evidence extraction record — camera footage)", st["center"])]
    if m["signing_key"]["demo"]:
        story.append(Paragraph("KHÓA KÝ THỬ NGHIỆM — DEMO KEY — KHÔNG CÓ GIÁ TRỊ CHỨNG CỨ",
                               st["demo"]))
    story.append(Spacer(1, 3 * mm))
    date = t0.split(" ")[0].split("/") if t0 else ["", "", ""]
    hm = t0.split(" ")[1].split(":") if t0 and " " in t0 else ["", ""]
    story.append(Paragraph(
        f"Hồi {hm[0]} giờ {hm[1]} phút, ngày {date[0]} tháng {date[1]} năm {date[2]}, "
        f"tại {post}, chúng tôi gồm:", st["base"]))
    ppl = m["people"]
    rows = [
        ("1. Cán bộ thực hiện trích xuất:", _person(ppl["officer"])),
        ("2. Lãnh đạo phê duyệt:", _person(ppl.get("approver")) +
         (f" (duyệt lúc {esc(ppl['approver'].get('approved_local', ''))})"
          if ppl.get("approver") else "")),
        ("3. Chủ sở hữu / quản lý camera:", esc(ppl.get("camera_owner")) or "……………………"),
        ("4. Người chứng kiến:", esc(ppl.get("witness")) or "……………………"),
    ]
    story.append(_kv(rows, st))
    req = m["request"]
    story.append(Paragraph("I. Căn cứ và lý do trích xuất", st["h"]))
    inc = req.get("incident")
    story.append(_kv([
        ("Số công văn / yêu cầu:", esc(req["reference"])),
        ("Cơ quan yêu cầu:", esc(req.get("agency")) or "—"),
        ("Lý do:", esc(req["reason"])),
        ("Vụ việc liên quan:", esc(f"{inc['code']} — {inc.get('summary', '')}") if inc else "—"),
    ], st))
    story.append(Paragraph("II. Camera và khoảng thời gian trích xuất", st["h"]))
    rng = m["range"]
    story.append(Paragraph(
        f"Khoảng thời gian yêu cầu: từ {esc(rng['requested_start_local'])} đến "
        f"{esc(rng['requested_end_local'])} (giờ Việt Nam; UTC {esc(rng['requested_start_utc'])}"
        f" – {esc(rng['requested_end_utc'])}).", st["base"]))
    cam_rows: list[list[Any]] = [[Paragraph(h, st["small"]) for h in
                                  ("Mã", "Tên / vị trí", "Thực tế trích xuất", "Khoảng trống")]]
    for c in m["cameras"]:
        gaps = "<br/>".join(
            f"{esc(g['start_local'])} – {esc(g['end_local'])}"
            f" ({esc(GAP_REASONS_VI.get(g['reason'], g['reason']))})" for g in c["gaps"]
        ) or "Không"
        actual = (f"{esc(c['actual_start_local'])}<br/>→ {esc(c['actual_end_local'])}"
                  if c.get("actual_start_local") else "Không có dữ liệu")
        cam_rows.append([Paragraph(esc(c["code"]), st["small"]),
                         Paragraph(f"{esc(c['name'])}<br/>{esc(c['location'])}"
                                   f"{_media_line(c)}", st["small"]),
                         Paragraph(actual, st["small"]), Paragraph(gaps, st["small"])])
    story.append(_grid(cam_rows, [22 * mm, 60 * mm, 45 * mm, 53 * mm]))
    offsets = [c for c in m["cameras"]
               if (c.get("device") or {}).get("camera_clock_offset_s") is not None]
    if offsets:
        story.append(Paragraph(
            "Độ lệch đồng hồ camera so với máy trực (đo qua ONVIF): " + "; ".join(
                f"{esc(c['code'])}: {c['device']['camera_clock_offset_s']:+.1f} giây "
                f"(đo lúc {esc(c['device']['camera_clock_checked_utc'])} UTC)"
                for c in offsets) + ". Giờ in trên hình là giờ camera.", st["small"]))
    story.append(Paragraph(
        "Bản xem (video/) là bản sao nguyên luồng, không mã hóa lại, bắt đầu từ khung hình "
        "khóa (keyframe) tại hoặc trước thời điểm yêu cầu; bản gốc (master/) là các tệp ghi "
        "hình được sao chép nguyên vẹn từng bit.", st["small"]))
    if thumbnails:
        cells = []
        for c in m["cameras"]:
            png = thumbnails.get(c["code"])
            if png:
                img = Image(io.BytesIO(png), width=55 * mm, height=55 * mm, kind="proportional")
                cells.append([img, Paragraph(f"{esc(c['code'])} — khung hình đầu tiên",
                                             st["small"])])
        if cells:
            rows3 = [cells[i:i + 3] for i in range(0, len(cells), 3)]
            grid = [[Table([[x[0]], [x[1]]]) for x in r] + [""] * (3 - len(r)) for r in rows3]
            story.append(Table(grid, colWidths=[60 * mm] * 3))
    story.append(Paragraph("III. Danh sách tệp dữ liệu (kích thước và mã băm SHA-256)", st["h"]))
    file_rows: list[list[Any]] = [[Paragraph(h, st["small"]) for h in
                                   ("Tệp", "Kích thước", "SHA-256")]]
    for f in m["files"]:
        file_rows.append([Paragraph(esc(f["path"]), st["mono"]),
                          Paragraph(_size(f["bytes"]), st["mono"]),
                          Paragraph(f["sha256"], st["mono"])])
    story.append(_grid(file_rows, [62 * mm, 18 * mm, 100 * mm], repeat=1))
    story.append(Paragraph("IV. Vật mang tin, niêm phong và chữ ký số", st["h"]))
    med = m["medium"]
    key = m["signing_key"]
    story.append(_kv([
        ("Vật mang tin:", esc(med.get("description")) or "……………………"),
        ("Số niêm phong:", esc(med.get("seal_number")) or "……………………"),
        ("Tổng dung lượng:", _size(m["totals"]["bytes"])),
        ("Bắt đầu / kết thúc trích xuất:",
         f"{esc(m['extraction']['started_local'])} – {esc(m['extraction']['finished_local'])}"),
        ("Dấu vân tay khóa ký (Ed25519):", esc(key["fingerprint_display"])),
        ("Sai lệch đồng hồ:", esc(m["clock"]["note_vi"])),
    ], st))
    qr_text = Paragraph(
        "Mã kiểm tra (SHA-256 của tệp manifest.json):<br/>"
        f"<font name='{FONT_BOLD}'>{check_code}</font><br/>"
        "Kiểm tra không cần phần mềm này: trong thư mục dữ liệu chạy "
        "<i>sha256sum manifest.json</i> (phải trùng mã trên), <i>sha256sum -c SHA256SUMS</i> "
        "và <i>openssl pkeyutl -verify -pubin -inkey public_key.pem -rawin -in SHA256SUMS "
        "-sigfile SHA256SUMS.sig</i>; so dấu vân tay khóa với dòng in ở trên. "
        "Xem README.txt.", st["small"])
    qr_table = Table([[_qr(check_code), qr_text]], colWidths=[34 * mm, 146 * mm])
    qr_table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story.append(KeepTogether([qr_table]))
    story.append(Paragraph(
        "Biên bản lập xong hồi ...... giờ ...... phút cùng ngày, đã đọc lại cho những người có "
        "tên trên nghe, công nhận đúng và cùng ký tên dưới đây. Biên bản được lập thành ...... "
        "bản.", st["base"]))
    story.append(Spacer(1, 3 * mm))
    signers = (("CÁN BỘ THỰC HIỆN", ppl["officer"].get("full_name", "")),
               ("CHỦ SỞ HỮU / QUẢN LÝ CAMERA", ppl.get("camera_owner", "")),
               ("NGƯỜI CHỨNG KIẾN", ppl.get("witness", "")))
    sig = Table([
        [Paragraph(t, st["center_b"]) for t, _ in signers],
        [Paragraph("(Ký, ghi rõ họ tên)", st["center"]) for _ in signers],
        [Spacer(1, 20 * mm) for _ in signers],
        [Paragraph(esc(who) or "……………………", st["center_b"]) for _, who in signers],
        [Paragraph("Lý do không ký (nếu có):<br/>…………………………………<br/>…………………………………",
                   st["small"]) for _ in signers],
    ], colWidths=[60 * mm] * 3)
    sig.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    story.append(KeepTogether([sig]))

    def _footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.drawString(15 * mm, 10 * mm, f"{m['record_number']} — {m['export_id']}")
        if key["demo"]:
            canvas.setFillColor(colors.red)
            canvas.drawCentredString(105 * mm, 10 * mm, "DEMO KEY")
        canvas.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=14 * mm, bottomMargin=16 * mm,
                            title="Biên bản trích xuất dữ liệu camera",
                            author=m["post"]["name"], subject=m["export_id"],
                            creator=f"controlroom {m['app']['version']}",
                            invariant=1)
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer, canvasmaker=NumberedCanvas)


def _kv(rows: list[tuple[str, str]], st: dict[str, ParagraphStyle]) -> Table:
    t = Table([[Paragraph(k, st["base"]), Paragraph(v, st["base"])] for k, v in rows],
              colWidths=[58 * mm, 122 * mm])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 2),
                           ("TOPPADDING", (0, 0), (-1, -1), 1),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return t


def _grid(rows: list[list[Any]], widths: list[float], repeat: int = 1) -> Table:
    t = Table(rows, colWidths=widths, repeatRows=repeat)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                           ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                           ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
    return t
