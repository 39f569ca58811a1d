<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>RecorderHealthFeature</name>
    <message numerus="yes">
        <source> (+%n more)</source>
        <translation>
            <numerusform> (+%n cảnh báo khác)</numerusform>
        </translation>
    </message>
    <message>
        <source>Recording: free %1 GB</source>
        <translation>Ghi hình: còn trống %1 GB</translation>
    </message>
    <message>
        <source>Not enough recent footage yet to say how many days the disk holds.</source>
        <translation>Chưa đủ dữ liệu ghi hình gần đây để ước tính ổ đĩa còn chứa được bao nhiêu ngày.</translation>
    </message>
    <message>
        <source>Recording: about %1 days left</source>
        <translation>Ghi hình: còn khoảng %1 ngày</translation>
    </message>
    <message>
        <source>Recording: less than two days left</source>
        <translation>Ghi hình: còn chưa tới hai ngày</translation>
    </message>
    <message>
        <source> (disk too small for %1 days of retention)</source>
        <translation> (ổ đĩa không đủ cho %1 ngày lưu giữ)</translation>
    </message>
    <message>
        <source>Free %1 GB; recording about %2 GB a day; the disk holds about %3 days of footage (retention: %4 days).</source>
        <translation>Còn trống %1 GB; ghi khoảng %2 GB mỗi ngày; ổ đĩa chứa được khoảng %3 ngày ghi hình (thời hạn lưu giữ: %4 ngày).</translation>
    </message>
    <message>
        <source>ALARM: the database refuses writes</source>
        <translation>BÁO ĐỘNG: không ghi được cơ sở dữ liệu</translation>
    </message>
    <message>
        <source>ALARM: recordings disk full</source>
        <translation>BÁO ĐỘNG: ổ ghi hình đầy</translation>
    </message>
    <message>
        <source>ALARM: footage deleted before its retention period ended</source>
        <translation>BÁO ĐỘNG: hình bị xóa trước khi hết hạn lưu giữ</translation>
    </message>
</context>
</TS>
