<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>AssignDialog</name>
    <message>
        <source>Edit the roster</source>
        <translation>Sửa lịch trực</translation>
    </message>
    <message>
        <source>Day %1</source>
        <translation>Ngày %1</translation>
    </message>
    <message>
        <source>Reason (required once the month is published):</source>
        <translation>Lý do (bắt buộc khi lịch đã công bố):</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Áp dụng</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Apply anyway</source>
        <translation>Vẫn áp dụng</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <source>Handover book</source>
        <translation>Sổ giao ca</translation>
    </message>
    <message>
        <source>During the shift:</source>
        <translation>Sự việc trong ca:</translation>
    </message>
    <message>
        <source>Handover note:</source>
        <translation>Ghi chú bàn giao:</translation>
    </message>
    <message>
        <source>Amendments:</source>
        <translation>Ghi bổ sung:</translation>
    </message>
    <message>
        <source>Refresh lines</source>
        <translation>Cập nhật sự việc</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Hand over</source>
        <translation>Bàn giao</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Nhận ca</translation>
    </message>
    <message>
        <source>Amend…</source>
        <translation>Bổ sung…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>bản nháp</translation>
    </message>
    <message>
        <source>handed over, waiting</source>
        <translation>đã bàn giao, chờ nhận</translation>
    </message>
    <message>
        <source>acknowledged</source>
        <translation>đã nhận ca</translation>
    </message>
    <message>
        <source>waiting for the leader</source>
        <translation>chờ chỉ huy duyệt</translation>
    </message>
    <message>
        <source>approved by the leader</source>
        <translation>chỉ huy đã duyệt</translation>
    </message>
    <message>
        <source>leader commented</source>
        <translation>chỉ huy có nhận xét</translation>
    </message>
    <message>
        <source>Outgoing: %1 · Incoming: %2</source>
        <translation>Người giao: %1 · Người nhận: %2</translation>
    </message>
    <message>
        <source>State: %1 · Review: %2</source>
        <translation>Trạng thái: %1 · Duyệt: %2</translation>
    </message>
    <message>
        <source>Leader&apos;s comment: %1</source>
        <translation>Nhận xét của chỉ huy: %1</translation>
    </message>
    <message>
        <source>The page was altered after it was acknowledged.</source>
        <translation>Trang này đã bị sửa sau khi nhận ca.</translation>
    </message>
    <message>
        <source>Nothing recorded during the shift.</source>
        <translation>Trong ca không có sự việc nào được ghi nhận.</translation>
    </message>
    <message>
        <source>Amend</source>
        <translation>Bổ sung</translation>
    </message>
    <message>
        <source>Dated amendment:</source>
        <translation>Nội dung bổ sung (ghi kèm ngày giờ):</translation>
    </message>
</context>
<context>
    <name>HolidaysPage</name>
    <message>
        <source>Name, e.g. Nghỉ bù Quốc khánh</source>
        <translation>Tên ngày, ví dụ Nghỉ bù Quốc khánh</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Mức</translation>
    </message>
    <message>
        <source>How much a shift on this day counts in the holiday balance (Tết: 3)</source>
        <translation>Một ca vào ngày này tính bao nhiêu trong cân đối ngày lễ (Tết: 3)</translation>
    </message>
    <message>
        <source>Add or change the day</source>
        <translation>Thêm hoặc sửa ngày</translation>
    </message>
    <message>
        <source>Not a holiday</source>
        <translation>Không phải ngày nghỉ</translation>
    </message>
    <message>
        <source>law</source>
        <translation>luật</translation>
    </message>
    <message>
        <source>the post</source>
        <translation>đơn vị</translation>
    </message>
    <message>
        <source>struck off by the post</source>
        <translation>đơn vị bỏ</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Holiday</source>
        <translation>Ngày lễ</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Nguồn</translation>
    </message>
</context>
<context>
    <name>LeaveDialog</name>
    <message>
        <source>Leave and absence</source>
        <translation>Nghỉ phép, vắng mặt</translation>
    </message>
    <message>
        <source>Officer:</source>
        <translation>Cán bộ:</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Loại:</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>Từ ngày:</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>Đến ngày:</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Lý do:</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>OfficersDialog</name>
    <message>
        <source>Roster officers</source>
        <translation>Cán bộ trong lịch trực</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ tên</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>Cấp bậc</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Điện thoại</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Thêm</translation>
    </message>
    <message>
        <source>Take off the roster</source>
        <translation>Đưa ra khỏi lịch trực</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>Cán bộ</translation>
    </message>
    <message>
        <source>Posts</source>
        <translation>Vị trí trực</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Đang trực</translation>
    </message>
</context>
<context>
    <name>RequestsPage</name>
    <message>
        <source>Please not on this shift</source>
        <translation>Xin không trực ca này</translation>
    </message>
    <message>
        <source>I&apos;d like this shift</source>
        <translation>Xin trực ca này</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Mức</translation>
    </message>
    <message>
        <source>1 = a small wish … 10 = very important</source>
        <translation>1 = mong muốn nhỏ … 10 = rất quan trọng</translation>
    </message>
    <message>
        <source>Reason (optional)</source>
        <translation>Lý do (không bắt buộc)</translation>
    </message>
    <message>
        <source>Add request</source>
        <translation>Thêm đề nghị</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>Rút đề nghị</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>Cán bộ</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Ca</translation>
    </message>
    <message>
        <source>Wish</source>
        <translation>Đề nghị</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <source>Leader&apos;s review queue</source>
        <translation>Hàng chờ duyệt của chỉ huy</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Mở</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Duyệt</translation>
    </message>
    <message>
        <source>Comment…</source>
        <translation>Nhận xét…</translation>
    </message>
    <message>
        <source>Reject swap</source>
        <translation>Từ chối đổi ca</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Nhận xét</translation>
    </message>
    <message>
        <source>Comment:</source>
        <translation>Nhận xét:</translation>
    </message>
</context>
<context>
    <name>RosterDialog</name>
    <message>
        <source>Duty roster</source>
        <translation>Lịch trực</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Xếp lịch</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Kiểm tra</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>Công bố</translation>
    </message>
    <message>
        <source>Repair…</source>
        <translation>Sắp xếp lại…</translation>
    </message>
    <message>
        <source>PDF…</source>
        <translation>PDF…</translation>
    </message>
    <message>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <source>Handover book PDF…</source>
        <translation>Sổ giao ca (PDF)…</translation>
    </message>
    <message>
        <source>Leave…</source>
        <translation>Nghỉ phép…</translation>
    </message>
    <message>
        <source>The handover book of the month shown, as PDF</source>
        <translation>Sổ giao ca của tháng đang xem, dạng PDF</translation>
    </message>
    <message>
        <source>Time the solver may take</source>
        <translation>Thời gian tối đa để xếp lịch</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Tháng</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Cân đối</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Vấn đề</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Đề nghị</translation>
    </message>
    <message>
        <source>Public holidays</source>
        <translation>Ngày lễ</translation>
    </message>
    <message>
        <source>Shift templates</source>
        <translation>Mẫu ca</translation>
    </message>
    <message>
        <source>Shift template used to generate the month</source>
        <translation>Mẫu ca dùng để lập lịch tháng</translation>
    </message>
    <message>
        <source>no roster yet</source>
        <translation>chưa có lịch</translation>
    </message>
    <message>
        <source>published</source>
        <translation>đã công bố</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>bản nháp</translation>
    </message>
    <message>
        <source>Uncovered</source>
        <translation>Chưa có người</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>T2</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>T3</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>T4</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>T5</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>T6</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>T7</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>CN</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>Cán bộ</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>Giờ</translation>
    </message>
    <message>
        <source>Nights</source>
        <translation>Ca đêm</translation>
    </message>
    <message>
        <source>Weekends</source>
        <translation>Cuối tuần</translation>
    </message>
    <message>
        <source>Holidays</source>
        <translation>Ca lễ</translation>
    </message>
    <message>
        <source>Hours (year)</source>
        <translation>Giờ (năm)</translation>
    </message>
    <message>
        <source>Nights (year)</source>
        <translation>Ca đêm (năm)</translation>
    </message>
    <message>
        <source>Weekends (year)</source>
        <translation>Cuối tuần (năm)</translation>
    </message>
    <message>
        <source>Holidays (year)</source>
        <translation>Ca lễ (năm)</translation>
    </message>
    <message>
        <source>No problems: every seat covered, rest kept, no double booking.</source>
        <translation>Không có vấn đề: đủ người trực, đủ giờ nghỉ, không trùng ca.</translation>
    </message>
    <message>
        <source>Repair</source>
        <translation>Sắp xếp lại</translation>
    </message>
    <message>
        <source>Nothing to change.</source>
        <translation>Không cần thay đổi gì.</translation>
    </message>
    <message>
        <source>Proposed changes:</source>
        <translation>Đề xuất thay đổi:</translation>
    </message>
    <message>
        <source>Repair after leave</source>
        <translation>Sắp xếp lại do nghỉ đột xuất</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Swap from the grid</source>
        <translation>Đổi ca trên bảng lịch</translation>
    </message>
    <message>
        <source>Swap</source>
        <translation>Đổi ca</translation>
    </message>
    <message>
        <source>The swap breaks rules:</source>
        <translation>Đổi ca vi phạm quy tắc:</translation>
    </message>
    <message>
        <source>Approve anyway?</source>
        <translation>Vẫn duyệt?</translation>
    </message>
</context>
<context>
    <name>RosterFeature</name>
    <message>
        <source>Duty &amp;roster…</source>
        <translation>&amp;Lịch trực…</translation>
    </message>
    <message>
        <source>&amp;Handover book…</source>
        <translation>Sổ &amp;giao ca…</translation>
    </message>
    <message>
        <source>Check &amp;in</source>
        <translation>&amp;Vào ca</translation>
    </message>
    <message>
        <source>Check &amp;out</source>
        <translation>&amp;Ra ca</translation>
    </message>
    <message>
        <source>&amp;Officers…</source>
        <translation>&amp;Cán bộ…</translation>
    </message>
    <message>
        <source>&amp;Review queue…</source>
        <translation>&amp;Hàng chờ duyệt…</translation>
    </message>
</context>
<context>
    <name>ShiftPanel</name>
    <message>
        <source>Check in</source>
        <translation>Vào ca</translation>
    </message>
    <message>
        <source>Check out</source>
        <translation>Ra ca</translation>
    </message>
    <message>
        <source>Handover book…</source>
        <translation>Sổ giao ca…</translation>
    </message>
    <message>
        <source>Review queue…</source>
        <translation>Hàng chờ duyệt…</translation>
    </message>
    <message>
        <source>Checked in at sign-in, %1.</source>
        <translation>Đã vào ca khi đăng nhập, %1.</translation>
    </message>
    <message>
        <source>Checked in at %1.</source>
        <translation>Đã vào ca lúc %1.</translation>
    </message>
    <message>
        <source>Checked out at %1.</source>
        <translation>Đã ra ca lúc %1.</translation>
    </message>
    <message>
        <source>You have no shift now or in the next two hours.</source>
        <translation>Bạn không có ca trực lúc này hoặc trong hai giờ tới.</translation>
    </message>
    <message>
        <source>Not checked in.</source>
        <translation>Chưa vào ca.</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>vào %1</translation>
    </message>
    <message>
        <source>late</source>
        <translation>đến muộn</translation>
    </message>
    <message>
        <source>not checked in</source>
        <translation>chưa vào ca</translation>
    </message>
    <message>
        <source>No shift on the roster now.</source>
        <translation>Hiện không có ca trực nào trong lịch.</translation>
    </message>
    <message>
        <source>Current shift</source>
        <translation>Ca hiện tại</translation>
    </message>
    <message>
        <source>Next shift</source>
        <translation>Ca sau</translation>
    </message>
    <message>
        <source>previous shift: not handed over</source>
        <translation>ca trước: chưa bàn giao</translation>
    </message>
    <message>
        <source>previous shift: handover being written</source>
        <translation>ca trước: đang viết sổ giao ca</translation>
    </message>
    <message>
        <source>previous shift: handed over, to acknowledge</source>
        <translation>ca trước: đã bàn giao, chờ nhận</translation>
    </message>
    <message>
        <source>previous shift: handover acknowledged</source>
        <translation>ca trước: đã nhận bàn giao</translation>
    </message>
</context>
<context>
    <name>TemplatesPage</name>
    <message>
        <source>Code</source>
        <translation>Mã</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>A day starts at</source>
        <translation>Một ngày bắt đầu lúc</translation>
    </message>
    <message>
        <source>Add shift</source>
        <translation>Thêm ca</translation>
    </message>
    <message>
        <source>Remove shift</source>
        <translation>Xóa ca</translation>
    </message>
    <message>
        <source>Save template</source>
        <translation>Lưu mẫu ca</translation>
    </message>
    <message>
        <source>Name (Vietnamese)</source>
        <translation>Tên (tiếng Việt)</translation>
    </message>
    <message>
        <source>Name (English)</source>
        <translation>Tên (tiếng Anh)</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Bắt đầu</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>Số giờ</translation>
    </message>
    <message>
        <source>Night</source>
        <translation>Ca đêm</translation>
    </message>
</context>
</TS>
