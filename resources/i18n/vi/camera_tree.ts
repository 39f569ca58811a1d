<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>CameraTree</name>
    <message>
        <source>Find a camera…</source>
        <translation>Tìm camera…</translation>
    </message>
    <message>
        <source>No location</source>
        <translation>Chưa có địa bàn</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>Đang ghi</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Có tín hiệu</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Đang kết nối…</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Mất tín hiệu</translation>
    </message>
    <message>
        <source>Authentication failed</source>
        <translation>Sai thông tin đăng nhập camera</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Đã tắt</translation>
    </message>
    <message>
        <source>Status unknown (recorder not running?)</source>
        <translation>Chưa rõ trạng thái (trình ghi hình chưa chạy?)</translation>
    </message>
    <message>
        <source>%1 online · %2 offline · %3 cameras</source>
        <translation>%1 có tín hiệu · %2 mất tín hiệu · %3 camera</translation>
    </message>
</context>
</TS>
