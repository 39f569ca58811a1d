"""The report as simple HTML for the in-app preview (QTextBrowser renders this subset):
the same `Report` and the same figures as the PDF, laid out as tables."""

from __future__ import annotations

from html import escape

from controlroom.records.meetings import KIND_NAMES
from controlroom.records.reports import Report, pct_change
from controlroom.reporting.pdf import minutes, num, pct
from controlroom.timeutil import to_local


def _table(head: list[str], rows: list[list[str]]) -> str:
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>"
                   for r in rows)
    return (f"<table border='1' cellspacing='0' cellpadding='3' width='100%'>"
            f"<tr style='background:#e8e8e8'>{th}</tr>{body}</table>")


def render(r: Report) -> str:
    p = r.period
    out = [f"<p align='center'><b>{escape(r.post_name.upper())}</b> — "
           "<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br/>Độc lập – Tự do – Hạnh phúc</p>",
           f"<h2 align='center'>BÁO CÁO {escape(p.title_vi().upper())}</h2>",
           f"<p align='center'>Số: {escape(r.number or '……')} — số liệu từ "
           f"{escape(p.range_text())}</p>",
           "<h3>I. Tình hình vụ việc theo lĩnh vực</h3>"]
    rows = [[c.name_vi, num(c.current), num(c.previous), pct(c.vs_previous), num(c.last_year),
             pct(c.vs_last_year)] for c in r.incidents]
    cur, prev, ly = r.incidents_total
    rows.append(["Tổng cộng", num(cur), num(prev), pct(pct_change(cur, prev)), num(ly),
                 pct(pct_change(cur, ly))])
    out.append(_table(["Lĩnh vực", "Kỳ này", "Kỳ trước", "So kỳ trước", "Cùng kỳ năm trước",
                       "So cùng kỳ"], rows))
    out.append("<h3>II. Tin báo, tố giác</h3>")
    if r.tips is None:
        out.append("<p><i>Không có nguồn dữ liệu.</i></p>")
    else:
        t = r.tips
        out.append(_table(["Tiếp nhận", "Đã chuyển", "Đúng hạn", "Quá hạn", "Đã giải quyết"],
                          [[num(t.received), num(t.transferred), num(t.transferred_on_time),
                            num(t.overdue), num(t.resolved)]]))
    e = r.extractions
    out.append("<h3>III. Trích xuất dữ liệu camera</h3>"
               f"<p>Yêu cầu {num(e.get('requested', 0))}; đã trích xuất "
               f"{num(e.get('completed', 0))}; từ chối {num(e.get('refused', 0))}.</p>")
    out.append("<h3>IV. Hệ thống camera</h3>"
               f"<p>Tỷ lệ hoạt động toàn hệ thống: <b>"
               f"{pct(r.overall_availability).lstrip('+')}</b>; lỗi ghi sổ "
               f"{num(r.faults_reported)}, đã khắc phục {num(r.faults_closed)}, chi phí "
               f"{num(r.repair_cost_vnd)} đồng.</p>")
    out.append(_table(["Camera", "Tỷ lệ hoạt động", "Mất kết nối", "Khắc phục TB", "Lỗi"],
                      [[f"{c.code} — {c.name}", pct(c.percent).lstrip("+"), num(c.outages),
                        minutes(c.repair_s), num(c.faults)] for c in r.cameras]))
    out.append("<h3>V. Ca trực</h3>")
    if r.shifts is None:
        out.append("<p><i>Không có nguồn dữ liệu.</i></p>")
    else:
        s = r.shifts
        out.append(_table(["Theo lịch", "Đã điểm danh", "Muộn", "Không điểm danh"],
                          [[num(s.planned), num(s.checked_in), num(s.late), num(s.missing)]]))
    out.append("<h3>VI. Tuần tra</h3>"
               f"<p>{num(r.patrols_total)} lần tuần tra trong {num(len(r.patrol_weeks))} tuần; "
               f"{num(r.weeks_on_target)} tuần đạt chỉ tiêu {num(r.patrol_target)} lần/tuần."
               "</p>")
    out.append("<h3>VII. Họp, giao ban</h3>")
    out.append(_table(["Ngày", "Loại", "Chủ trì", "Quyết định"],
                      [[f"{to_local(m.held_at):%d/%m/%Y}", KIND_NAMES[m.kind][0], m.chair,
                        num(m.decisions)] for m in r.meetings]))
    out.append(f"<p>Nhiệm vụ còn mở: {num(r.decisions_open)}.</p>")
    out.append("<h3>VIII. Nhận xét, đề xuất của lãnh đạo</h3>")
    out.append("<p>" + (escape(r.leader_text).replace("\n", "<br/>") or "……") + "</p>")
    out.append(f"<p align='right'><b>THỦ TRƯỞNG ĐƠN VỊ</b><br/><br/><br/>"
               f"{escape(r.signer)}</p>")
    return "\n".join(out)
