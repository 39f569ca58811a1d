<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>Tile</name>
    <message>
        <source>Live</source>
        <translation>Trực tiếp</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Đang kết nối…</translation>
    </message>
    <message>
        <source>Offline since %1</source>
        <translation>Mất tín hiệu từ %1</translation>
    </message>
    <message>
        <source>Authentication failed</source>
        <translation>Sai thông tin đăng nhập camera</translation>
    </message>
    <message>
        <source>Drag a camera here</source>
        <translation>Kéo camera vào đây</translation>
    </message>
    <message>
        <source>Tile %1</source>
        <translation>Ô %1</translation>
    </message>
    <message>
        <source>The recorder is recording this camera</source>
        <translation>Trình ghi hình đang ghi camera này</translation>
    </message>
    <message>
        <source>Sound off (M)</source>
        <translation>Tắt tiếng (M)</translation>
    </message>
    <message>
        <source>Sound on (M)</source>
        <translation>Bật tiếng (M)</translation>
    </message>
</context>
</TS>
