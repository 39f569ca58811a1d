<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>LiveFeature</name>
    <message>
        <source>Layout</source>
        <translation>Bố cục</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>Chụp ảnh</translation>
    </message>
    <message>
        <source>Attach last snapshot to incident…</source>
        <translation>Gắn ảnh chụp vào vụ việc…</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Trang sau</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>Trang trước</translation>
    </message>
    <message>
        <source>Save view…</source>
        <translation>Lưu khung nhìn…</translation>
    </message>
    <message>
        <source>Open view</source>
        <translation>Mở khung nhìn</translation>
    </message>
    <message>
        <source>Reload camera list</source>
        <translation>Tải lại danh sách camera</translation>
    </message>
</context>
<context>
    <name>LiveView</name>
    <message>
        <source>Layout</source>
        <translation>Bố cục</translation>
    </message>
    <message>
        <source>Tour</source>
        <translation>Tuần tự</translation>
    </message>
    <message>
        <source>Turn the pages every few seconds</source>
        <translation>Tự chuyển trang sau mỗi vài giây</translation>
    </message>
    <message>
        <source>every (s)</source>
        <translation>mỗi (giây)</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>Chụp ảnh</translation>
    </message>
    <message>
        <source>Save the selected tile&apos;s picture (Ctrl+S)</source>
        <translation>Lưu ảnh của ô đang chọn (Ctrl+S)</translation>
    </message>
    <message>
        <source>Previous page (PgUp)</source>
        <translation>Trang trước (PgUp)</translation>
    </message>
    <message>
        <source>Next page (PgDn)</source>
        <translation>Trang sau (PgDn)</translation>
    </message>
    <message>
        <source>Recorder not reachable</source>
        <translation>Không kết nối được trình ghi hình</translation>
    </message>
    <message>
        <source>Page %1/%2</source>
        <translation>Trang %1/%2</translation>
    </message>
    <message>
        <source>No live picture to save on the selected tile.</source>
        <translation>Ô đang chọn không có hình trực tiếp để lưu.</translation>
    </message>
    <message>
        <source>The snapshot could not be saved.</source>
        <translation>Không lưu được ảnh chụp.</translation>
    </message>
    <message>
        <source>Snapshot saved: %1</source>
        <translation>Đã lưu ảnh chụp: %1</translation>
    </message>
    <message>
        <source>Take a snapshot first (Ctrl+S).</source>
        <translation>Hãy chụp ảnh trước (Ctrl+S).</translation>
    </message>
    <message>
        <source>Snapshot attached to incident %1.</source>
        <translation>Đã gắn ảnh chụp vào vụ việc %1.</translation>
    </message>
    <message>
        <source>Snapshot detached from its incident.</source>
        <translation>Đã gỡ ảnh chụp khỏi vụ việc.</translation>
    </message>
    <message>
        <source>(no saved views)</source>
        <translation>(chưa có khung nhìn đã lưu)</translation>
    </message>
    <message>
        <source>Live view</source>
        <translation>Xem trực tiếp</translation>
    </message>
    <message>
        <source>Save view</source>
        <translation>Lưu khung nhìn</translation>
    </message>
    <message>
        <source>View name:</source>
        <translation>Tên khung nhìn:</translation>
    </message>
</context>
</TS>
