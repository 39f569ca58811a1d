<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Camera</source>
        <translation>&amp;Camera</translation>
    </message>
    <message>
        <source>&amp;Playback</source>
        <translation>&amp;Xem lại</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>&amp;Trích xuất</translation>
    </message>
    <message>
        <source>Duty &amp;roster</source>
        <translation>&amp;Lịch trực</translation>
    </message>
    <message>
        <source>&amp;Incident log</source>
        <translation>&amp;Sổ vụ việc</translation>
    </message>
    <message>
        <source>&amp;Tips</source>
        <translation>Tin &amp;báo</translation>
    </message>
    <message>
        <source>R&amp;eports</source>
        <translation>Báo &amp;cáo</translation>
    </message>
    <message>
        <source>&amp;Administration</source>
        <translation>&amp;Quản trị</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Thiết lập…</translation>
    </message>
    <message>
        <source>&amp;Users…</source>
        <translation>&amp;Người dùng…</translation>
    </message>
    <message>
        <source>Change my &amp;password…</source>
        <translation>Đổi &amp;mật khẩu của tôi…</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Ngôn ngữ</translation>
    </message>
    <message>
        <source>&amp;Lock screen</source>
        <translation>&amp;Khóa màn hình</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>Đăng &amp;xuất</translation>
    </message>
    <message>
        <source>A&amp;bout</source>
        <translation>&amp;Giới thiệu</translation>
    </message>
    <message>
        <source>Cameras</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Ca trực</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>Vụ việc</translation>
    </message>
    <message>
        <source>The camera list is not available.</source>
        <translation>Chưa có danh sách camera.</translation>
    </message>
    <message>
        <source>The shift panel is not available.</source>
        <translation>Chưa có bảng ca trực.</translation>
    </message>
    <message>
        <source>The incident panel is not available.</source>
        <translation>Chưa có bảng vụ việc.</translation>
    </message>
    <message>
        <source>The live camera grid is not installed.</source>
        <translation>Chưa cài đặt lưới xem camera trực tiếp.</translation>
    </message>
    <message>
        <source>Security camera monitoring desk</source>
        <translation>Trực camera an ninh, trật tự</translation>
    </message>
    <message>
        <source>(not available yet)</source>
        <translation>(chưa có chức năng)</translation>
    </message>
    <message>
        <source>About</source>
        <translation>Giới thiệu</translation>
    </message>
    <message>
        <source>Security camera monitoring desk, version {v}.
Recording, live view, playback, signed evidence export and the duty books of the post.
Data home: {h}</source>
        <translation>Phần mềm trực camera an ninh, trật tự, phiên bản {v}.
Ghi hình, xem trực tiếp, xem lại, trích xuất chứng cứ có chữ ký số và các sổ sách trực ban của đơn vị.
Thư mục dữ liệu: {h}</translation>
    </message>
    <message>
        <source>End the demo?

The demo&apos;s camera simulator and recorder stop; its throw-away data is deleted unless it was started with --home or --keep.</source>
        <translation>Kết thúc bản demo?

Trình mô phỏng camera và bộ ghi hình của bản demo sẽ dừng; dữ liệu tạm của bản demo bị xóa, trừ khi chạy với --home hoặc --keep.</translation>
    </message>
    <message>
        <source>Close the monitoring desk?

The recorder keeps recording every camera after this window is closed. To see or stop it: controlroom recorder status / controlroom recorder stop.</source>
        <translation>Đóng cửa sổ bàn trực?

Trình ghi hình vẫn tiếp tục ghi mọi camera sau khi đóng cửa sổ này. Để xem hoặc dừng: controlroom recorder status / controlroom recorder stop.</translation>
    </message>
    <message>
        <source>Close the window</source>
        <translation>Đóng cửa sổ</translation>
    </message>
</context>
</TS>
