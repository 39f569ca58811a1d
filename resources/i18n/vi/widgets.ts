<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>DateTimeEdit</name>
    <message>
        <source>Choose the date on a calendar</source>
        <translation>Chọn ngày trên lịch</translation>
    </message>
    <message>
        <source>Type the date and time as dd/mm/yyyy hh:mm, e.g. 30/11/2026 08:35</source>
        <translation>Gõ ngày giờ dạng ngày/tháng/năm giờ:phút, ví dụ 30/11/2026 08:35</translation>
    </message>
</context>
</TS>
