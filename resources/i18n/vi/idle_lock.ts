<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>UnlockPanel</name>
    <message>
        <source>Screen locked — recording and live view continue</source>
        <translation>Màn hình đã khóa — ghi hình và xem trực tiếp vẫn tiếp tục</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mật khẩu</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Mở khóa</translation>
    </message>
    <message>
        <source>Sign out (change shift)</source>
        <translation>Đăng xuất (đổi ca)</translation>
    </message>
</context>
</TS>
