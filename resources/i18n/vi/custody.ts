<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>CustodyDialog</name>
    <message>
        <source>Evidence custody register</source>
        <translation>Sổ theo dõi trích xuất dữ liệu</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Sổ theo dõi</translation>
    </message>
    <message>
        <source>Approval queue</source>
        <translation>Chờ duyệt</translation>
    </message>
    <message>
        <source>Open the paper record (PDF)</source>
        <translation>Mở biên bản (PDF)</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Duyệt</translation>
    </message>
    <message>
        <source>Refuse…</source>
        <translation>Từ chối…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Làm mới</translation>
    </message>
    <message>
        <source>Record no.</source>
        <translation>Số biên bản</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Ngày yêu cầu</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>Cán bộ</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>Người duyệt</translation>
    </message>
    <message>
        <source>Cameras</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>Khoảng thời gian</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Vật mang tin</translation>
    </message>
    <message>
        <source>Request reference</source>
        <translation>Số công văn</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>chờ duyệt</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>đã duyệt</translation>
    </message>
    <message>
        <source>running</source>
        <translation>đang trích xuất</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>hoàn thành</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>thất bại</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>bị từ chối</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>đã hủy</translation>
    </message>
    <message>
        <source>Approval queue ({n})</source>
        <translation>Chờ duyệt ({n})</translation>
    </message>
    <message>
        <source>This export has no paper record (it did not complete).</source>
        <translation>Lần trích xuất này không có biên bản (chưa hoàn thành).</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>Từ chối</translation>
    </message>
    <message>
        <source>Reason for the refusal:</source>
        <translation>Lý do từ chối:</translation>
    </message>
</context>
<context>
    <name>CustodyFeature</name>
    <message>
        <source>Custody register…</source>
        <translation>Sổ trích xuất dữ liệu…</translation>
    </message>
    <message>
        <source>Signing key…</source>
        <translation>Khóa ký…</translation>
    </message>
</context>
<context>
    <name>SigningKeyDialog</name>
    <message>
        <source>Signing key</source>
        <translation>Khóa ký</translation>
    </message>
    <message>
        <source>Rotate key…</source>
        <translation>Đổi khóa…</translation>
    </message>
    <message>
        <source>No signing key yet; it is created at the first export.</source>
        <translation>Chưa có khóa ký; khóa được tạo khi trích xuất lần đầu.</translation>
    </message>
    <message>
        <source>retired {t}</source>
        <translation>đã thay {t}</translation>
    </message>
    <message>
        <source>current</source>
        <translation>đang dùng</translation>
    </message>
    <message>
        <source>Create a new signing key? Older exports keep verifying with the old public key.</source>
        <translation>Tạo khóa ký mới? Các gói đã xuất vẫn kiểm tra được bằng khóa công khai cũ.</translation>
    </message>
</context>
</TS>
