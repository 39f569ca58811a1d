<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Thiết lập</translation>
    </message>
    <message>
        <source>Changes are recorded in the audit log. Recording settings take effect when the recorder restarts.</source>
        <translation>Mọi thay đổi được ghi vào nhật ký kiểm toán. Thiết lập ghi hình có hiệu lực khi khởi động lại bộ ghi.</translation>
    </message>
</context>
</TS>
