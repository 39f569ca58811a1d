<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>ExtractionDialog</name>
    <message>
        <source>Evidence extraction</source>
        <translation>Trích xuất dữ liệu camera</translation>
    </message>
    <message>
        <source>Cameras</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Time range</source>
        <translation>Khoảng thời gian</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>Từ:</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>Đến:</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Yêu cầu</translation>
    </message>
    <message>
        <source>Request reference (official letter no.):</source>
        <translation>Số công văn / yêu cầu:</translation>
    </message>
    <message>
        <source>Requesting agency:</source>
        <translation>Cơ quan yêu cầu:</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Lý do:</translation>
    </message>
    <message>
        <source>Linked incident code:</source>
        <translation>Mã vụ việc liên quan:</translation>
    </message>
    <message>
        <source>Witness:</source>
        <translation>Người chứng kiến:</translation>
    </message>
    <message>
        <source>Camera owner / manager:</source>
        <translation>Chủ sở hữu / quản lý camera:</translation>
    </message>
    <message>
        <source>Storage medium:</source>
        <translation>Vật mang tin:</translation>
    </message>
    <message>
        <source>Seal number:</source>
        <translation>Số niêm phong:</translation>
    </message>
    <message>
        <source>Leader&apos;s approval</source>
        <translation>Lãnh đạo phê duyệt</translation>
    </message>
    <message>
        <source>I approve this extraction myself ({name})</source>
        <translation>Tôi trực tiếp duyệt việc trích xuất này ({name})</translation>
    </message>
    <message>
        <source>A leader signs in here now to approve</source>
        <translation>Lãnh đạo đăng nhập tại đây để duyệt ngay</translation>
    </message>
    <message>
        <source>Four-eyes rule: a request is approved by a leader other than its requester.</source>
        <translation>Nguyên tắc hai người: yêu cầu phải do một lãnh đạo khác người đề nghị duyệt.</translation>
    </message>
    <message>
        <source>Send to the leader&apos;s approval queue</source>
        <translation>Gửi vào danh sách chờ lãnh đạo duyệt</translation>
    </message>
    <message>
        <source>Leader:</source>
        <translation>Lãnh đạo:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Mật khẩu:</translation>
    </message>
    <message>
        <source>Target drive</source>
        <translation>Ổ đích</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Làm mới</translation>
    </message>
    <message>
        <source>Other folder…</source>
        <translation>Thư mục khác…</translation>
    </message>
    <message>
        <source>Start extraction</source>
        <translation>Bắt đầu trích xuất</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Evidence extraction — request {n}</source>
        <translation>Trích xuất dữ liệu — yêu cầu {n}</translation>
    </message>
    <message>
        <source>Request {n} approved by {leader} on {when}.</source>
        <translation>Yêu cầu {n} đã được {leader} duyệt lúc {when}.</translation>
    </message>
    <message>
        <source>No removable drive found — insert a USB drive</source>
        <translation>Không thấy ổ di động — hãy cắm USB</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>Chọn thư mục</translation>
    </message>
    <message>
        <source>Choose at least one camera.</source>
        <translation>Hãy chọn ít nhất một camera.</translation>
    </message>
    <message>
        <source>{code}: {rec} recorded of {total}, {n} file(s)</source>
        <translation>{code}: có ghi hình {rec} trên tổng {total}, {n} tệp</translation>
    </message>
    <message>
        <source>gap {a} – {b}</source>
        <translation>khoảng trống {a} – {b}</translation>
    </message>
    <message>
        <source>Estimated size: {size}</source>
        <translation>Dung lượng ước tính: {size}</translation>
    </message>
    <message>
        <source>copying originals</source>
        <translation>đang sao chép bản gốc</translation>
    </message>
    <message>
        <source>cutting clips</source>
        <translation>đang cắt đoạn video</translation>
    </message>
    <message>
        <source>writing record and signature</source>
        <translation>đang ghi biên bản và chữ ký</translation>
    </message>
    <message>
        <source>reading back and checking</source>
        <translation>đang đọc lại và kiểm tra</translation>
    </message>
    <message>
        <source>finishing</source>
        <translation>đang hoàn tất</translation>
    </message>
    <message>
        <source>{phase}: {done} of {total}, {speed}/s, about {left} left</source>
        <translation>{phase}: {done} / {total}, {speed}/giây, còn khoảng {left}</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Request {n} was sent to the leader&apos;s approval queue. Once approved, run it from the custody register.</source>
        <translation>Yêu cầu {n} đã được gửi vào danh sách chờ lãnh đạo duyệt. Khi đã duyệt, thực hiện từ Sổ trích xuất dữ liệu.</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Đã xong.</translation>
    </message>
    <message>
        <source>Extraction complete: {folder}</source>
        <translation>Đã trích xuất xong: {folder}</translation>
    </message>
    <message>
        <source>SHA256SUMS hash: {h}</source>
        <translation>Mã băm SHA256SUMS: {h}</translation>
    </message>
    <message>
        <source>Check code on the paper record: {h}</source>
        <translation>Mã kiểm tra trên biên bản giấy: {h}</translation>
    </message>
    <message>
        <source>Key fingerprint: {k}</source>
        <translation>Dấu vân tay khóa ký: {k}</translation>
    </message>
    <message>
        <source>DEMO KEY — not valid as evidence.</source>
        <translation>KHÓA THỬ NGHIỆM — không có giá trị chứng cứ.</translation>
    </message>
    <message>
        <source>Safe to remove the USB drive.</source>
        <translation>An toàn để rút USB.</translation>
    </message>
    <message>
        <source>The request is still approved: fix the cause (another drive…) and press Start again.</source>
        <translation>Yêu cầu vẫn đang được duyệt: khắc phục nguyên nhân (dùng ổ khác…) rồi bấm Bắt đầu lại.</translation>
    </message>
    <message>
        <source>Start again</source>
        <translation>Bắt đầu lại</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Đã hủy.</translation>
    </message>
    <message>
        <source>Failed.</source>
        <translation>Không thành công.</translation>
    </message>
    <message>
        <source>The details are kept: fix the cause (another drive…) and press Start again; this makes a new request, which needs a leader&apos;s approval again.</source>
        <translation>Các thông tin vẫn được giữ nguyên: khắc phục nguyên nhân (dùng ổ khác…) rồi bấm Bắt đầu lại; việc này lập một yêu cầu mới và cần lãnh đạo duyệt lại.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Đang hủy…</translation>
    </message>
</context>
<context>
    <name>ExtractionFeature</name>
    <message>
        <source>Extract evidence data…</source>
        <translation>Trích xuất dữ liệu…</translation>
    </message>
</context>
</TS>
