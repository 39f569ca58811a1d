<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>PtzPanel</name>
    <message>
        <source>Go</source>
        <translation>Đến</translation>
    </message>
    <message>
        <source>Go to the chosen preset</source>
        <translation>Quay đến điểm đặt sẵn đã chọn</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Save the current position as a preset</source>
        <translation>Lưu vị trí hiện tại thành điểm đặt sẵn</translation>
    </message>
    <message>
        <source>Tilt up (↑)</source>
        <translation>Ngẩng lên (↑)</translation>
    </message>
    <message>
        <source>Tilt down (↓)</source>
        <translation>Cúi xuống (↓)</translation>
    </message>
    <message>
        <source>Pan left (←)</source>
        <translation>Quay trái (←)</translation>
    </message>
    <message>
        <source>Pan right (→)</source>
        <translation>Quay phải (→)</translation>
    </message>
    <message>
        <source>Zoom in (+, wheel)</source>
        <translation>Phóng to (+, con lăn)</translation>
    </message>
    <message>
        <source>Zoom out (−, wheel)</source>
        <translation>Thu nhỏ (−, con lăn)</translation>
    </message>
    <message>
        <source>Save preset</source>
        <translation>Lưu điểm đặt sẵn</translation>
    </message>
    <message>
        <source>Name of this position:</source>
        <translation>Tên vị trí này:</translation>
    </message>
</context>
</TS>
