<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>DashboardFeature</name>
    <message>
        <source>Dashboard</source>
        <translation>Bảng tổng quan</translation>
    </message>
</context>
<context>
    <name>DashboardPanel</name>
    <message>
        <source>Loading…</source>
        <translation>Đang tải…</translation>
    </message>
    <message>
        <source>Incidents today: {0}</source>
        <translation>Vụ việc hôm nay: {0}</translation>
    </message>
    <message>
        <source>Open tips: {0} (overdue: {1})</source>
        <translation>Tin báo đang xử lý: {0} (quá hạn: {1})</translation>
    </message>
    <message>
        <source>Cameras offline now: {0} of {1}</source>
        <translation>Camera đang mất kết nối: {0}/{1}</translation>
    </message>
    <message>
        <source>Last 24 h: {0} gaps, {1} min</source>
        <translation>24 giờ qua: {0} khoảng trống, {1} phút</translation>
    </message>
    <message>
        <source>No shift planned now</source>
        <translation>Không có ca trực theo lịch lúc này</translation>
    </message>
    <message>
        <source>Current shift:</source>
        <translation>Ca trực hiện tại:</translation>
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
        <source>not yet</source>
        <translation>chưa đến giờ</translation>
    </message>
    <message>
        <source>Free disk: unknown</source>
        <translation>Dung lượng trống: chưa rõ</translation>
    </message>
    <message>
        <source>Patrols this week: {0} of {1}</source>
        <translation>Tuần tra tuần này: {0}/{1}</translation>
    </message>
    <message>
        <source>Open decisions: {0} (overdue: {1})</source>
        <translation>Nhiệm vụ chưa xong: {0} (quá hạn: {1})</translation>
    </message>
    <message>
        <source>Monthly meeting due {0}</source>
        <translation>Họp giao ban tháng: {0}</translation>
    </message>
    <message>
        <source>Camera faults open: {0}, suggested: {1}</source>
        <translation>Lỗi camera đang mở: {0}, đề xuất: {1}</translation>
    </message>
    <message>
        <source>Free disk: {0} GB</source>
        <translation>Dung lượng trống: {0} GB</translation>
    </message>
    <message>
        <source>About {0} days of recording left</source>
        <translation>Còn khoảng {0} ngày ghi hình</translation>
    </message>
    <message>
        <source>Updated {0}</source>
        <translation>Cập nhật {0}</translation>
    </message>
</context>
</TS>
