<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>CameraPane</name>
    <message>
        <source>No recording at this time</source>
        <translation>Không có dữ liệu ghi vào thời điểm này</translation>
    </message>
    <message>
        <source>Recording file missing: %1</source>
        <translation>Thiếu tệp ghi hình: %1</translation>
    </message>
</context>
<context>
    <name>PlaybackFeature</name>
    <message>
        <source>Playback…</source>
        <translation>Xem lại…</translation>
    </message>
</context>
<context>
    <name>PlaybackWindow</name>
    <message>
        <source>Playback</source>
        <translation>Xem lại</translation>
    </message>
    <message>
        <source>Go</source>
        <translation>Đến</translation>
    </message>
    <message>
        <source>Jump to the time typed (dd/MM/yyyy HH:mm:ss)</source>
        <translation>Chuyển đến thời điểm đã nhập (dd/MM/yyyy HH:mm:ss)</translation>
    </message>
    <message>
        <source>Next frame</source>
        <translation>Khung hình tiếp</translation>
    </message>
    <message>
        <source>Show the next picture, paused (Right arrow or .)</source>
        <translation>Hiện khung hình kế tiếp, dừng hình (mũi tên phải hoặc .)</translation>
    </message>
    <message>
        <source>Previous frame</source>
        <translation>Khung hình trước</translation>
    </message>
    <message>
        <source>Show the previous picture, paused (Left arrow or ,); from a file&apos;s first picture to the previous file&apos;s last one</source>
        <translation>Hiện khung hình liền trước, dừng hình (mũi tên trái hoặc ,); từ khung hình đầu của một tệp sang khung hình cuối của tệp trước đó</translation>
    </message>
    <message>
        <source>Mark in</source>
        <translation>Đánh dấu đầu</translation>
    </message>
    <message>
        <source>Mark out</source>
        <translation>Đánh dấu cuối</translation>
    </message>
    <message>
        <source>Extract…</source>
        <translation>Trích xuất…</translation>
    </message>
    <message>
        <source>At most %1 cameras play together.</source>
        <translation>Chỉ xem cùng lúc tối đa %1 camera.</translation>
    </message>
    <message>
        <source>Tick up to four cameras on the left.</source>
        <translation>Chọn tối đa bốn camera ở danh sách bên trái.</translation>
    </message>
    <message>
        <source>No recording at this time</source>
        <translation>Không có dữ liệu ghi vào thời điểm này</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Tạm dừng</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Phát</translation>
    </message>
    <message>
        <source>Extract</source>
        <translation>Trích xuất</translation>
    </message>
    <message>
        <source>Choose cameras, then mark in and mark out the range to extract.</source>
        <translation>Chọn camera, rồi đánh dấu đầu và cuối đoạn cần trích xuất.</translation>
    </message>
    <message>
        <source>Footage extraction is not available yet.</source>
        <translation>Chức năng trích xuất dữ liệu chưa sẵn sàng.</translation>
    </message>
</context>
</TS>
