<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>RevealDialog</name>
    <message>
        <source>Informant of tip %1</source>
        <translation>Người báo tin của tin báo %1</translation>
    </message>
    <message>
        <source>The informant&apos;s identity is confidential (BLTTHS Art. 56). Only a leader may see it, and the reason is written to the audit log before it is shown.</source>
        <translation>Danh tính người báo tin được giữ bí mật (Điều 56 BLTTHS). Chỉ lãnh đạo được xem, và lý do được ghi vào nhật ký kiểm toán trước khi hiển thị.</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>Lý do (bắt buộc)</translation>
    </message>
    <message>
        <source>Reveal identity</source>
        <translation>Xem danh tính</translation>
    </message>
    <message>
        <source>Informant</source>
        <translation>Người báo tin</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Họ tên:</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>Số điện thoại:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Địa chỉ:</translation>
    </message>
    <message>
        <source>ID number:</source>
        <translation>Số định danh:</translation>
    </message>
    <message>
        <source>This tip is anonymous.</source>
        <translation>Tin báo này ẩn danh.</translation>
    </message>
    <message>
        <source>Shown to %1; the reveal is in the audit log.</source>
        <translation>Đã hiển thị cho %1; việc xem đã được ghi vào nhật ký kiểm toán.</translation>
    </message>
</context>
<context>
    <name>TipDeadlines</name>
    <message>
        <source>Tip deadlines</source>
        <translation>Hạn xử lý tin báo</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Số</translation>
    </message>
    <message>
        <source>Mark</source>
        <translation>Cảnh báo</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Hạn</translation>
    </message>
</context>
<context>
    <name>TipForm</name>
    <message>
        <source>New tip</source>
        <translation>Tiếp nhận tin báo</translation>
    </message>
    <message>
        <source>Channel:</source>
        <translation>Kênh tiếp nhận:</translation>
    </message>
    <message>
        <source>Received:</source>
        <translation>Thời gian tiếp nhận:</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>Loại vụ việc:</translation>
    </message>
    <message>
        <source>Village / residential group:</source>
        <translation>Thôn / tổ dân phố:</translation>
    </message>
    <message>
        <source>Content:</source>
        <translation>Nội dung:</translation>
    </message>
    <message>
        <source>Informant (optional, encrypted, shown only to a leader who gives a reason)</source>
        <translation>Người báo tin (không bắt buộc; được mã hóa, chỉ lãnh đạo xem được khi ghi lý do)</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Họ tên:</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>Số điện thoại:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Địa chỉ:</translation>
    </message>
    <message>
        <source>ID number:</source>
        <translation>Số định danh:</translation>
    </message>
</context>
<context>
    <name>TipRegister</name>
    <message>
        <source>Tip register</source>
        <translation>Sổ tiếp nhận tin báo, tố giác</translation>
    </message>
    <message>
        <source>Search the content (diacritics optional)</source>
        <translation>Tìm theo nội dung (có dấu hoặc không)</translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation>Chỉ tin quá hạn</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Mọi trạng thái</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Số</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Tiếp nhận</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kênh</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Hand-off due</source>
        <translation>Hạn chuyển</translation>
    </message>
    <message>
        <source>Resolution due</source>
        <translation>Hạn giải quyết</translation>
    </message>
    <message>
        <source>Informant</source>
        <translation>Người báo tin</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>Nội dung</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>Thêm mới…</translation>
    </message>
    <message>
        <source>Hand over…</source>
        <translation>Chuyển CQĐT…</translation>
    </message>
    <message>
        <source>Extend…</source>
        <translation>Gia hạn…</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Đã giải quyết</translation>
    </message>
    <message>
        <source>Link incident…</source>
        <translation>Liên kết vụ việc…</translation>
    </message>
    <message>
        <source>Reveal informant…</source>
        <translation>Xem danh tính người báo tin…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Xuất CSV…</translation>
    </message>
    <message>
        <source>anonymous</source>
        <translation>ẩn danh</translation>
    </message>
    <message>
        <source>Extend</source>
        <translation>Gia hạn</translation>
    </message>
    <message>
        <source>Days:</source>
        <translation>Số ngày:</translation>
    </message>
    <message>
        <source>Legal basis:</source>
        <translation>Căn cứ:</translation>
    </message>
    <message>
        <source>Link incident</source>
        <translation>Liên kết vụ việc</translation>
    </message>
    <message>
        <source>Incident number (e.g. 0042/2026):</source>
        <translation>Số vụ việc (ví dụ 0042/2026):</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Xuất CSV</translation>
    </message>
</context>
<context>
    <name>TipsFeature</name>
    <message>
        <source>New tip…</source>
        <translation>Tiếp nhận tin báo…</translation>
    </message>
    <message>
        <source>Tip register…</source>
        <translation>Sổ tin báo, tố giác…</translation>
    </message>
    <message>
        <source>Tip %1 registered.</source>
        <translation>Đã tiếp nhận tin báo %1.</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>To (agency):</source>
        <translation>Cơ quan nhận:</translation>
    </message>
    <message>
        <source>Reference number:</source>
        <translation>Số văn bản:</translation>
    </message>
    <message>
        <source>When:</source>
        <translation>Thời điểm:</translation>
    </message>
    <message>
        <source>Hand over tip %1</source>
        <translation>Chuyển tin báo %1</translation>
    </message>
</context>
</TS>
