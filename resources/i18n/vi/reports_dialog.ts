<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>ReportDialog</name>
    <message>
        <source>Periodic report</source>
        <translation>Báo cáo định kỳ</translation>
    </message>
    <message>
        <source>Assessment and proposals written by the leader before signing</source>
        <translation>Nhận xét, đề xuất của lãnh đạo trước khi ký</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Xem trước</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>Lưu PDF…</translation>
    </message>
    <message>
        <source>Save CSV…</source>
        <translation>Lưu CSV…</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Kỳ báo cáo</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Số</translation>
    </message>
    <message>
        <source>Signed by</source>
        <translation>Người ký</translation>
    </message>
    <message>
        <source>Leader&apos;s assessment</source>
        <translation>Nhận xét của lãnh đạo</translation>
    </message>
    <message>
        <source>Computing the figures…</source>
        <translation>Đang tính số liệu…</translation>
    </message>
    <message>
        <source>Figures of {0}.</source>
        <translation>Số liệu {0}.</translation>
    </message>
    <message>
        <source>Preview the report first.</source>
        <translation>Hãy xem trước báo cáo.</translation>
    </message>
    <message>
        <source>Saved {0}.</source>
        <translation>Đã lưu {0}.</translation>
    </message>
</context>
<context>
    <name>ReportsFeature</name>
    <message>
        <source>Periodic report…</source>
        <translation>Báo cáo định kỳ…</translation>
    </message>
</context>
</TS>
