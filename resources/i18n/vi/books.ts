<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>BooksFeature</name>
    <message>
        <source>Patrol book…</source>
        <translation>Sổ tuần tra…</translation>
    </message>
    <message>
        <source>Meeting minutes…</source>
        <translation>Biên bản họp…</translation>
    </message>
    <message>
        <source>Maintenance book…</source>
        <translation>Sổ bảo trì camera…</translation>
    </message>
</context>
<context>
    <name>MaintenanceDialog</name>
    <message>
        <source>Camera maintenance book</source>
        <translation>Sổ bảo trì camera</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>Phát hiện</translation>
    </message>
    <message>
        <source>Fault</source>
        <translation>Lỗi</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>Nguyên nhân</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Khắc phục</translation>
    </message>
    <message>
        <source>Cost (VND)</source>
        <translation>Chi phí (đồng)</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Đóng lúc</translation>
    </message>
    <message>
        <source>Suggest from outages</source>
        <translation>Đề xuất từ sự cố mất kết nối</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Xác nhận</translation>
    </message>
    <message>
        <source>Dismiss…</source>
        <translation>Bỏ qua…</translation>
    </message>
    <message>
        <source>Close (repaired)…</source>
        <translation>Đóng (đã sửa)…</translation>
    </message>
    <message>
        <source>Faults</source>
        <translation>Lỗi</translation>
    </message>
    <message>
        <source>Record fault</source>
        <translation>Ghi lỗi</translation>
    </message>
    <message>
        <source>Reported by</source>
        <translation>Người báo</translation>
    </message>
    <message>
        <source>New fault</source>
        <translation>Ghi lỗi mới</translation>
    </message>
    <message>
        <source>Last {0} days</source>
        <translation>{0} ngày qua</translation>
    </message>
    <message>
        <source>Availability</source>
        <translation>Tỷ lệ hoạt động</translation>
    </message>
    <message>
        <source>Outages</source>
        <translation>Số lần mất kết nối</translation>
    </message>
    <message>
        <source>Mean time to repair</source>
        <translation>Thời gian khắc phục TB</translation>
    </message>
    <message>
        <source>suggested</source>
        <translation>đề xuất</translation>
    </message>
    <message>
        <source>open</source>
        <translation>đang mở</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>đã đóng</translation>
    </message>
    <message>
        <source>dismissed</source>
        <translation>bỏ qua</translation>
    </message>
    <message>
        <source>Why dismiss it?</source>
        <translation>Vì sao bỏ qua?</translation>
    </message>
    <message>
        <source>What was done to repair it?</source>
        <translation>Đã làm gì để khắc phục?</translation>
    </message>
</context>
<context>
    <name>MeetingBookDialog</name>
    <message>
        <source>Meeting minutes</source>
        <translation>Biên bản họp</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Chair</source>
        <translation>Chủ trì</translation>
    </message>
    <message>
        <source>Secretary</source>
        <translation>Thư ký</translation>
    </message>
    <message>
        <source>Decisions</source>
        <translation>Quyết định</translation>
    </message>
    <message>
        <source>Minutes as PDF…</source>
        <translation>Xuất biên bản PDF…</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>Biên bản</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Quyết định</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Người thực hiện</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Hạn</translation>
    </message>
    <message>
        <source>Meeting</source>
        <translation>Cuộc họp</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Quá hạn</translation>
    </message>
    <message>
        <source>Mark done</source>
        <translation>Đánh dấu đã xong</translation>
    </message>
    <message>
        <source>Open decisions</source>
        <translation>Nhiệm vụ chưa xong</translation>
    </message>
    <message>
        <source>Monthly</source>
        <translation>Họp tháng</translation>
    </message>
    <message>
        <source>Quarterly</source>
        <translation>Họp quý</translation>
    </message>
    <message>
        <source>Extraordinary</source>
        <translation>Đột xuất</translation>
    </message>
    <message>
        <source>Yearly review</source>
        <translation>Tổng kết năm</translation>
    </message>
    <message>
        <source>One name per line</source>
        <translation>Mỗi dòng một người</translation>
    </message>
    <message>
        <source>Name: reason — one per line</source>
        <translation>Họ tên: lý do — mỗi dòng một người</translation>
    </message>
    <message>
        <source>Decision | owner | due date — one per line</source>
        <translation>Nội dung | người thực hiện | hạn — mỗi dòng một việc</translation>
    </message>
    <message>
        <source>Record minutes</source>
        <translation>Ghi biên bản</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>Ngày giờ</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Địa điểm</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>Có mặt</translation>
    </message>
    <message>
        <source>Absent</source>
        <translation>Vắng mặt</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>Nội dung</translation>
    </message>
    <message>
        <source>New minutes</source>
        <translation>Biên bản mới</translation>
    </message>
    <message>
        <source>The monthly meeting is due today ({0}).</source>
        <translation>Hôm nay ({0}) họp giao ban tháng.</translation>
    </message>
    <message>
        <source>Monthly meeting due on {0} (in {1} days).</source>
        <translation>Họp giao ban tháng vào ngày {0} (còn {1} ngày).</translation>
    </message>
    <message>
        <source>Choose a meeting first.</source>
        <translation>Hãy chọn một cuộc họp trước.</translation>
    </message>
    <message>
        <source>Save minutes</source>
        <translation>Lưu biên bản</translation>
    </message>
</context>
<context>
    <name>PatrolBookDialog</name>
    <message>
        <source>Patrol book</source>
        <translation>Sổ tuần tra</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Giờ</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Tổ tuần tra</translation>
    </message>
    <message>
        <source>Route / places</source>
        <translation>Lộ trình / địa điểm</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <source>Team complete</source>
        <translation>Đủ thành phần</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Họ tên</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <source>Add member</source>
        <translation>Thêm thành viên</translation>
    </message>
    <message>
        <source>Record patrol</source>
        <translation>Ghi lần tuần tra</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Bắt đầu</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Kết thúc</translation>
    </message>
    <message>
        <source>Leader (head or deputy)</source>
        <translation>Chỉ huy (trưởng/phó ban)</translation>
    </message>
    <message>
        <source>Linked incidents</source>
        <translation>Vụ việc liên quan</translation>
    </message>
    <message>
        <source>Police officer</source>
        <translation>Công an</translation>
    </message>
    <message>
        <source>Village head</source>
        <translation>Trưởng thôn / tổ trưởng TDP</translation>
    </message>
    <message>
        <source>Village militia head</source>
        <translation>Thôn đội trưởng</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Thành viên</translation>
    </message>
    <message>
        <source>The team lacks: {0}.</source>
        <translation>Tổ tuần tra thiếu: {0}.</translation>
    </message>
    <message>
        <source>This week: {0} of {1} patrols.</source>
        <translation>Tuần này: {0}/{1} lần tuần tra.</translation>
    </message>
</context>
</TS>
