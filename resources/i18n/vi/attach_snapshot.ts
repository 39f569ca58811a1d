<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>AttachSnapshotDialog</name>
    <message>
        <source>Attach snapshot to incident</source>
        <translation>Gắn ảnh chụp vào vụ việc</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Mã</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Tóm tắt</translation>
    </message>
    <message>
        <source>Search code, time or summary</source>
        <translation>Tìm theo mã, thời gian hoặc nội dung tóm tắt</translation>
    </message>
    <message>
        <source>Attach</source>
        <translation>Gắn</translation>
    </message>
    <message>
        <source>Detach</source>
        <translation>Gỡ khỏi vụ việc</translation>
    </message>
    <message>
        <source>Choose the incident this snapshot belongs to.</source>
        <translation>Chọn vụ việc mà ảnh chụp này thuộc về.</translation>
    </message>
    <message>
        <source>This snapshot is attached to incident %1.</source>
        <translation>Ảnh chụp này đang gắn với vụ việc %1.</translation>
    </message>
    <message>
        <source>This snapshot is attached to an older incident.</source>
        <translation>Ảnh chụp này đang gắn với một vụ việc cũ hơn (không có trong danh sách).</translation>
    </message>
    <message>
        <source>No incidents yet. Record the incident first, then attach the snapshot to it.</source>
        <translation>Chưa có vụ việc nào. Hãy ghi nhận vụ việc trước, rồi gắn ảnh chụp vào vụ việc đó.</translation>
    </message>
    <message>
        <source>No incident matches “%1”.</source>
        <translation>Không có vụ việc nào khớp với “%1”.</translation>
    </message>
</context>
</TS>
