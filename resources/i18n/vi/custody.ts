<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>CustodyDialog</name>
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
        <source>Details…</source>
        <translation>Chi tiết…</translation>
    </message>
    <message>
        <source>Run the export…</source>
        <translation>Thực hiện trích xuất…</translation>
    </message>
    <message>
        <source>Write an approved request of yours to a drive (once).</source>
        <translation>Ghi yêu cầu đã được duyệt của bạn ra ổ đích (một lần).</translation>
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
        <source>Reason</source>
        <translation>Lý do</translation>
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
    <name>RequestDetails</name>
    <message>
        <source>Export request {n}</source>
        <translation>Yêu cầu trích xuất {n}</translation>
    </message>
    <message>
        <source>Approve this request</source>
        <translation>Duyệt yêu cầu này</translation>
    </message>
    <message>
        <source>Refuse…</source>
        <translation>Từ chối…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
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
        <source>Requested by</source>
        <translation>Người đề nghị</translation>
    </message>
    <message>
        <source>Requested at</source>
        <translation>Thời điểm đề nghị</translation>
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
        <source>Request reference</source>
        <translation>Số công văn / yêu cầu</translation>
    </message>
    <message>
        <source>Requesting agency</source>
        <translation>Cơ quan đề nghị</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>Linked incident</source>
        <translation>Vụ việc liên quan</translation>
    </message>
    <message>
        <source>Witness</source>
        <translation>Người chứng kiến</translation>
    </message>
    <message>
        <source>Camera owner / manager</source>
        <translation>Chủ / người quản lý camera</translation>
    </message>
    <message>
        <source>Storage medium</source>
        <translation>Vật mang tin</translation>
    </message>
    <message>
        <source>Seal number</source>
        <translation>Số niêm phong</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>Người duyệt</translation>
    </message>
    <message>
        <source>Refused by</source>
        <translation>Người từ chối</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ghi chú</translation>
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
