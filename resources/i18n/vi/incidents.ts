<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>CategoriesDialog</name>
    <message>
        <source>Incident categories</source>
        <translation>Loại vụ việc</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Mã</translation>
    </message>
    <message>
        <source>Name (Vietnamese)</source>
        <translation>Tên (tiếng Việt)</translation>
    </message>
    <message>
        <source>Name (English)</source>
        <translation>Tên (tiếng Anh)</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Thêm</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
</context>
<context>
    <name>IncidentBook</name>
    <message>
        <source>Incident log</source>
        <translation>Sổ vụ việc</translation>
    </message>
    <message>
        <source>Search (diacritics optional): e.g. trom cap</source>
        <translation>Tìm (có dấu hoặc không): ví dụ trom cap</translation>
    </message>
    <message>
        <source>From – to:</source>
        <translation>Từ – đến:</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>Cán bộ</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>Mọi loại</translation>
    </message>
    <message>
        <source>Open (not resolved)</source>
        <translation>Chưa xong</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Mọi trạng thái</translation>
    </message>
    <message>
        <source>All villages</source>
        <translation>Mọi thôn / tổ</translation>
    </message>
    <message>
        <source>All cameras</source>
        <translation>Mọi camera</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>Mới nhất trước</translation>
    </message>
    <message>
        <source>Oldest first</source>
        <translation>Cũ nhất trước</translation>
    </message>
    <message>
        <source>By number</source>
        <translation>Theo số</translation>
    </message>
    <message>
        <source>By status</source>
        <translation>Theo trạng thái</translation>
    </message>
    <message>
        <source>By category</source>
        <translation>Theo loại</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Số</translation>
    </message>
    <message>
        <source>Occurred</source>
        <translation>Xảy ra</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>Thôn / tổ</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Tóm tắt</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ Trang trước</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>Trang sau ▶</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>Thêm mới…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Mở</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Xuất CSV…</translation>
    </message>
    <message>
        <source>Page %1 (more than %2 incidents)</source>
        <translation>Trang %1 (hơn %2 vụ việc)</translation>
    </message>
    <message>
        <source>Page %1 of %2 (%3 incidents)</source>
        <translation>Trang %1/%2 (%3 vụ việc)</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Xuất CSV</translation>
    </message>
</context>
<context>
    <name>IncidentDock</name>
    <message>
        <source>Number</source>
        <translation>Số</translation>
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
        <source>New incident…</source>
        <translation>Ghi vụ việc mới…</translation>
    </message>
</context>
<context>
    <name>IncidentForm</name>
    <message>
        <source>New incident</source>
        <translation>Ghi vụ việc mới</translation>
    </message>
    <message>
        <source>Occurred:</source>
        <translation>Thời gian xảy ra:</translation>
    </message>
    <message>
        <source>Detected:</source>
        <translation>Thời gian phát hiện:</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>Loại vụ việc:</translation>
    </message>
    <message>
        <source>Severity:</source>
        <translation>Mức độ:</translation>
    </message>
    <message>
        <source>Village / residential group:</source>
        <translation>Thôn / tổ dân phố:</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>Địa điểm:</translation>
    </message>
    <message>
        <source>Summary:</source>
        <translation>Tóm tắt:</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>Mô tả:</translation>
    </message>
    <message>
        <source>Cameras:</source>
        <translation>Camera:</translation>
    </message>
    <message>
        <source>The snapshot just taken will be attached.</source>
        <translation>Ảnh vừa chụp sẽ được đính kèm.</translation>
    </message>
    <message>
        <source>The marked range (%1 – %2) will be linked and kept from deletion (evidence hold).</source>
        <translation>Đoạn đã đánh dấu (%1 – %2) sẽ được liên kết và giữ lại, không bị xóa (giữ làm chứng cứ).</translation>
    </message>
</context>
<context>
    <name>IncidentView</name>
    <message>
        <source>Incident %1</source>
        <translation>Vụ việc %1</translation>
    </message>
    <message>
        <source>Reason (needed to reopen)</source>
        <translation>Lý do (bắt buộc khi mở lại)</translation>
    </message>
    <message>
        <source>Change status</source>
        <translation>Đổi trạng thái</translation>
    </message>
    <message>
        <source>What was done (timeline note)</source>
        <translation>Đã làm gì (ghi diễn biến)</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>Ghi diễn biến</translation>
    </message>
    <message>
        <source>Attach file…</source>
        <translation>Đính kèm tệp…</translation>
    </message>
    <message>
        <source>Add person…</source>
        <translation>Thêm người liên quan…</translation>
    </message>
    <message>
        <source>Play back</source>
        <translation>Xem lại</translation>
    </message>
    <message>
        <source>Extract evidence…</source>
        <translation>Trích xuất dữ liệu…</translation>
    </message>
    <message>
        <source>PDF…</source>
        <translation>In PDF…</translation>
    </message>
    <message>
        <source>Occurred</source>
        <translation>Xảy ra</translation>
    </message>
    <message>
        <source>Detected</source>
        <translation>Phát hiện</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Mức độ</translation>
    </message>
    <message>
        <source>Village / residential group</source>
        <translation>Thôn / tổ dân phố</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Địa điểm</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>Cán bộ</translation>
    </message>
    <message>
        <source>Cameras</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Tips</source>
        <translation>Tin báo</translation>
    </message>
    <message>
        <source>People involved</source>
        <translation>Người liên quan</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Diễn biến xử lý</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Tệp</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>Ảnh chụp</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Trích xuất</translation>
    </message>
    <message>
        <source>Person involved</source>
        <translation>Người liên quan</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>Vai trò:</translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation>Họ tên:</translation>
    </message>
    <message>
        <source>Attach file</source>
        <translation>Đính kèm tệp</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>Lưu PDF</translation>
    </message>
</context>
<context>
    <name>IncidentsFeature</name>
    <message>
        <source>New incident…</source>
        <translation>Ghi vụ việc mới…</translation>
    </message>
    <message>
        <source>New incident from the selected tile</source>
        <translation>Ghi vụ việc từ ô camera đang chọn</translation>
    </message>
    <message>
        <source>New incident from the playback marks</source>
        <translation>Ghi vụ việc từ đoạn đánh dấu khi xem lại</translation>
    </message>
    <message>
        <source>Incident log…</source>
        <translation>Sổ vụ việc…</translation>
    </message>
    <message>
        <source>Incident categories…</source>
        <translation>Loại vụ việc…</translation>
    </message>
    <message>
        <source>Incident %1 recorded.</source>
        <translation>Đã ghi vụ việc %1.</translation>
    </message>
    <message>
        <source>Select a live tile first.</source>
        <translation>Hãy chọn một ô camera trước.</translation>
    </message>
    <message>
        <source>Open playback and mark in and out first.</source>
        <translation>Hãy mở xem lại và đánh dấu điểm đầu, điểm cuối trước.</translation>
    </message>
</context>
</TS>
