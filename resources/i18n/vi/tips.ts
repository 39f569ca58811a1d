<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>EraseInformantDialog</name>
    <message>
        <source>Erase the informant of tip %1</source>
        <translation>Xóa danh tính người báo tin của tin báo %1</translation>
    </message>
    <message>
        <source>Erasing deletes the informant&apos;s identity from the database for good: it can no longer be revealed. Backups made earlier keep it, encrypted, until they are deleted. Only a leader may erase, and the reason is written to the audit log.</source>
        <translation>Xóa là xóa vĩnh viễn danh tính người báo tin khỏi cơ sở dữ liệu: sau đó không thể xem lại. Các bản sao lưu làm trước đó vẫn giữ danh tính (đã mã hóa) cho đến khi bị xóa. Chỉ lãnh đạo được xóa, và lý do được ghi vào nhật ký kiểm toán.</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>Lý do (bắt buộc)</translation>
    </message>
    <message>
        <source>Erase identity…</source>
        <translation>Xóa danh tính…</translation>
    </message>
    <message>
        <source>Erase the informant&apos;s identity of tip %1 for good? This cannot be undone.</source>
        <translation>Xóa vĩnh viễn danh tính người báo tin của tin báo %1? Không thể hoàn tác.</translation>
    </message>
    <message>
        <source>The informant&apos;s identity is erased; the erasure is in the audit log.</source>
        <translation>Đã xóa danh tính người báo tin; việc xóa đã được ghi vào nhật ký kiểm toán.</translation>
    </message>
    <message>
        <source>The tip has no identity to erase.</source>
        <translation>Tin báo không có danh tính để xóa.</translation>
    </message>
</context>
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
        <source>Erase identity for good…</source>
        <translation>Xóa vĩnh viễn danh tính…</translation>
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
    <name>RotateKeyDialog</name>
    <message>
        <source>Rotate informant-identity key</source>
        <translation>Đổi khóa mã hóa danh tính người báo tin</translation>
    </message>
    <message>
        <source>Informants&apos; identities are encrypted, each under its own data key; the data keys are wrapped by a key-encryption key kept only in the operating system&apos;s keyring.

Rotating creates a new key-encryption key in the keyring and re-wraps every stored identity&apos;s data key under it, in one transaction: either all identities move to the new key or none do. No identity is decrypted or shown. The old key is retired but stays in the keyring so that older backups can still be read. The rotation is written to the audit log.</source>
        <translation>Danh tính người báo tin được mã hóa, mỗi danh tính bằng một khóa dữ liệu riêng; các khóa dữ liệu lại được bọc bằng một khóa mã hóa khóa chỉ nằm trong kho khóa của hệ điều hành.

Đổi khóa sẽ tạo một khóa mã hóa khóa mới trong kho khóa và bọc lại khóa dữ liệu của mọi danh tính đang lưu bằng khóa mới, trong cùng một giao dịch: hoặc tất cả danh tính chuyển sang khóa mới, hoặc không danh tính nào thay đổi. Không danh tính nào bị giải mã hay hiển thị. Khóa cũ được đánh dấu ngừng dùng nhưng vẫn giữ trong kho khóa để còn đọc được các bản sao lưu cũ. Việc đổi khóa được ghi vào nhật ký kiểm toán.</translation>
    </message>
    <message>
        <source>Rotate key</source>
        <translation>Đổi khóa</translation>
    </message>
    <message>
        <source>No key yet (it is made when the first identity is stored). Stored identities: %1.</source>
        <translation>Chưa có khóa (khóa được tạo khi lưu danh tính đầu tiên). Số danh tính đang lưu: %1.</translation>
    </message>
    <message>
        <source>Current key: version %1. Stored identities: %2.</source>
        <translation>Khóa hiện tại: phiên bản %1. Số danh tính đang lưu: %2.</translation>
    </message>
    <message>
        <source>Retired versions: %1.</source>
        <translation>Các phiên bản đã ngừng dùng: %1.</translation>
    </message>
    <message>
        <source>Rotating the key… do not close the program.</source>
        <translation>Đang đổi khóa… không tắt chương trình.</translation>
    </message>
    <message>
        <source>Done: the key is now version %1; %2 stored identities were re-wrapped under it. The rotation is in the audit log.</source>
        <translation>Xong: khóa hiện là phiên bản %1; khóa dữ liệu của %2 danh tính đang lưu đã được bọc lại bằng khóa mới. Việc đổi khóa đã được ghi vào nhật ký kiểm toán.</translation>
    </message>
    <message>
        <source>unexpected error (details in the log)</source>
        <translation>lỗi không lường trước (chi tiết trong nhật ký chương trình)</translation>
    </message>
    <message>
        <source>The key was not rotated; the stored identities are unchanged. %1</source>
        <translation>Chưa đổi được khóa; các danh tính đang lưu không thay đổi. %1</translation>
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
        <source>Rotate informant-identity key…</source>
        <translation>Đổi khóa mã hóa danh tính người báo tin…</translation>
    </message>
    <message>
        <source>Tip %1 registered.</source>
        <translation>Đã tiếp nhận tin báo %1.</translation>
    </message>
    <message>
        <source>Informant-identity key rotated to version %1.</source>
        <translation>Đã đổi khóa mã hóa danh tính người báo tin sang phiên bản %1.</translation>
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
