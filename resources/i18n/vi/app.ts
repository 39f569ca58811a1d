<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>ErrorBox</name>
    <message>
        <source>Cannot do that</source>
        <translation>Không thực hiện được</translation>
    </message>
    <message>
        <source>An unexpected error occurred. The work in progress was not completed. Details were written to the log file:</source>
        <translation>Đã xảy ra lỗi ngoài dự kiến. Thao tác đang làm chưa hoàn tất. Chi tiết đã được ghi vào tệp nhật ký:</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>Lỗi ngoài dự kiến</translation>
    </message>
</context>
</TS>
