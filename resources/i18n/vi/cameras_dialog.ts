<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>CameraForm</name>
    <message>
        <source>Add camera</source>
        <translation>Thêm camera</translation>
    </message>
    <message>
        <source>Camera details</source>
        <translation>Thông tin camera</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Tên:</translation>
    </message>
    <message>
        <source>Code:</source>
        <translation>Mã:</translation>
    </message>
    <message>
        <source>Location (village / street):</source>
        <translation>Vị trí (thôn / tổ dân phố):</translation>
    </message>
    <message>
        <source>GPS (latitude, longitude):</source>
        <translation>Tọa độ GPS (vĩ độ, kinh độ):</translation>
    </message>
    <message>
        <source>Owner type:</source>
        <translation>Loại chủ camera:</translation>
    </message>
    <message>
        <source>Owner:</source>
        <translation>Chủ camera:</translation>
    </message>
    <message>
        <source>Owner contact:</source>
        <translation>Liên hệ chủ camera:</translation>
    </message>
    <message>
        <source>Vendor:</source>
        <translation>Hãng:</translation>
    </message>
    <message>
        <source>Camera address (IP):</source>
        <translation>Địa chỉ camera (IP):</translation>
    </message>
    <message>
        <source>RTSP port:</source>
        <translation>Cổng RTSP:</translation>
    </message>
    <message>
        <source>Channel:</source>
        <translation>Kênh:</translation>
    </message>
    <message>
        <source>Main stream URL:</source>
        <translation>URL luồng chính:</translation>
    </message>
    <message>
        <source>Sub stream URL:</source>
        <translation>URL luồng phụ:</translation>
    </message>
    <message>
        <source>Camera user name:</source>
        <translation>Tài khoản camera:</translation>
    </message>
    <message>
        <source>Camera password:</source>
        <translation>Mật khẩu camera:</translation>
    </message>
    <message>
        <source>Remove stored user name and password</source>
        <translation>Xóa tài khoản và mật khẩu đã lưu</translation>
    </message>
    <message>
        <source>Enabled (recorded and shown)</source>
        <translation>Đang bật (ghi hình và hiển thị)</translation>
    </message>
    <message>
        <source>Record the camera&apos;s sound</source>
        <translation>Ghi âm thanh của camera</translation>
    </message>
    <message>
        <source>Keep recordings (days, 0 = default):</source>
        <translation>Số ngày lưu ghi hình (0 = mặc định):</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>Ghi chú:</translation>
    </message>
    <message>
        <source>Other (enter the RTSP URL)</source>
        <translation>Hãng khác (nhập URL RTSP)</translation>
    </message>
    <message>
        <source>Hikvision / HiLook / EZVIZ</source>
        <translation>Hikvision / HiLook / EZVIZ</translation>
    </message>
    <message>
        <source>Dahua / KBVision / Imou</source>
        <translation>Dahua / KBVision / Imou</translation>
    </message>
    <message>
        <source>automatic, e.g. CAM-001</source>
        <translation>tự động, ví dụ CAM-001</translation>
    </message>
    <message>
        <source>default (554)</source>
        <translation>mặc định (554)</translation>
    </message>
    <message>
        <source>unchanged (leave empty to keep the stored password)</source>
        <translation>không đổi (để trống để giữ mật khẩu đã lưu)</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Kiểm tra kết nối</translation>
    </message>
    <message>
        <source>Ask the camera (ONVIF)…</source>
        <translation>Hỏi camera (ONVIF)…</translation>
    </message>
    <message>
        <source>Ask the camera (ONVIF)</source>
        <translation>Hỏi camera (ONVIF)</translation>
    </message>
    <message>
        <source>Camera address and ONVIF port (e.g. 192.168.1.64:80):</source>
        <translation>Địa chỉ camera và cổng ONVIF (ví dụ 192.168.1.64:80):</translation>
    </message>
    <message>
        <source>The ONVIF port must be a number.</source>
        <translation>Cổng ONVIF phải là số.</translation>
    </message>
    <message>
        <source>Asking the camera over ONVIF…</source>
        <translation>Đang hỏi camera qua ONVIF…</translation>
    </message>
    <message>
        <source>ONVIF: {m} {mo}, serial {s}, firmware {f}; camera clock {o} s from this desk; PTZ: {p}</source>
        <translation>ONVIF: {m} {mo}, số sê-ri {s}, firmware {f}; đồng hồ camera lệch {o} giây so với máy trực; PTZ: {p}</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>có</translation>
    </message>
    <message>
        <source>no</source>
        <translation>không</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Đang kiểm tra…</translation>
    </message>
</context>
<context>
    <name>CamerasDialog</name>
    <message>
        <source>Cameras</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Mã</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Vị trí</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Chủ camera</translation>
    </message>
    <message>
        <source>Main stream</source>
        <translation>Luồng chính</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mật khẩu</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Thêm…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Sửa…</translation>
    </message>
    <message>
        <source>Details…</source>
        <translation>Chi tiết…</translation>
    </message>
    <message>
        <source>Enable / disable</source>
        <translation>Bật / tắt</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Kiểm tra kết nối</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>stored</source>
        <translation>đã lưu</translation>
    </message>
    <message>
        <source>none</source>
        <translation>không có</translation>
    </message>
    <message>
        <source>enabled</source>
        <translation>đang bật</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>đã tắt</translation>
    </message>
    <message>
        <source>Remove this camera? A camera with recordings cannot be removed; disable it instead.</source>
        <translation>Xóa camera này? Camera đã có ghi hình thì không xóa được; hãy tắt camera.</translation>
    </message>
    <message>
        <source>Testing {n}…</source>
        <translation>Đang kiểm tra {n}…</translation>
    </message>
</context>
<context>
    <name>CamerasFeature</name>
    <message>
        <source>Manage cameras…</source>
        <translation>Quản lý camera…</translation>
    </message>
    <message>
        <source>Camera list…</source>
        <translation>Danh sách camera…</translation>
    </message>
</context>
<context>
    <name>_ProbeRunner</name>
    <message>
        <source>Main stream</source>
        <translation>Luồng chính</translation>
    </message>
    <message>
        <source>Sub stream</source>
        <translation>Luồng phụ</translation>
    </message>
    <message>
        <source>{s}: OK — {c}, {w}×{h}, {f} fps, ~{b} kb/s, first picture after {t} s</source>
        <translation>{s}: Tốt — {c}, {w}×{h}, {f} khung/giây, ~{b} kb/s, có hình sau {t} giây</translation>
    </message>
    <message>
        <source>{s}: FAILED — {e}</source>
        <translation>{s}: LỖI — {e}</translation>
    </message>
    <message>
        <source>; no audio</source>
        <translation>; không có âm thanh</translation>
    </message>
    <message>
        <source>; audio {a} (cannot be recorded)</source>
        <translation>; âm thanh {a} (không ghi được)</translation>
    </message>
    <message>
        <source>; audio {a}</source>
        <translation>; âm thanh {a}</translation>
    </message>
    <message>
        <source>; audio {a} (recorded as AAC)</source>
        <translation>; âm thanh {a} (ghi thành AAC)</translation>
    </message>
</context>
</TS>
