"""What an operating-system error means, in words for the desk, in both languages.

The C library's text ("No such file or directory", always English and terse) never
reaches the user: every message built from an `OSError` goes through `describe()`.
`UserError` accepts the returned `Text` as a format argument and puts each language's
sentence into that language's message.
"""

from __future__ import annotations

import errno

from controlroom.errors import UserError
from controlroom.i18n import Text

_MESSAGES: dict[int, tuple[str, str]] = {
    errno.ENOENT: ("tệp hoặc thư mục không tồn tại", "the file or folder does not exist"),
    errno.ENOTDIR: ("đường dẫn không phải là thư mục", "the path is not a folder"),
    errno.EISDIR: ("đường dẫn là một thư mục, không phải tệp", "the path is a folder, not a file"),
    errno.EEXIST: ("tệp hoặc thư mục đã tồn tại", "the file or folder already exists"),
    errno.ENOTEMPTY: ("thư mục không trống", "the folder is not empty"),
    errno.EACCES: ("không có quyền truy cập", "permission denied"),
    errno.EPERM: ("thao tác không được phép", "the operation is not permitted"),
    errno.EROFS: ("ổ đĩa chỉ cho phép đọc (chống ghi)", "the drive is read-only (write-protected)"),
    errno.ENOSPC: ("ổ đĩa đã đầy", "the drive is full"),
    errno.EDQUOT: ("đã hết hạn mức dung lượng", "the disk quota is used up"),
    errno.EIO: ("lỗi đọc/ghi thiết bị (ổ đĩa hỏng hoặc bị rút?)",
                "device input/output error (drive faulty or removed?)"),
    errno.ENODEV: ("thiết bị không còn (bị rút?)", "the device is gone (removed?)"),
    errno.ENXIO: ("thiết bị không còn (bị rút?)", "the device is gone (removed?)"),
    errno.ESTALE: ("ổ đĩa mạng hoặc USB đã bị ngắt", "the network or USB drive was disconnected"),
    errno.EBUSY: ("tệp hoặc thiết bị đang bận", "the file or device is busy"),
    errno.ENAMETOOLONG: ("tên tệp quá dài", "the file name is too long"),
    errno.EXDEV: ("không thể chuyển giữa hai ổ đĩa khác nhau",
                  "cannot move between two different drives"),
    errno.EMFILE: ("mở quá nhiều tệp cùng lúc", "too many open files"),
    errno.ENFILE: ("hệ thống mở quá nhiều tệp cùng lúc", "too many open files in the system"),
    errno.ENOMEM: ("không đủ bộ nhớ", "not enough memory"),
    errno.EINVAL: ("tham số không hợp lệ", "invalid argument"),
    errno.ETIMEDOUT: ("hết thời gian chờ kết nối", "the connection timed out"),
    errno.ECONNREFUSED: ("thiết bị từ chối kết nối", "the connection was refused"),
    errno.ECONNRESET: ("kết nối bị ngắt", "the connection was reset"),
    errno.EHOSTUNREACH: ("không tới được thiết bị", "the host is unreachable"),
    errno.ENETUNREACH: ("không tới được mạng", "the network is unreachable"),
    errno.EPIPE: ("kết nối đã đóng", "the connection was closed"),
    errno.EAGAIN: ("tài nguyên tạm thời không sẵn sàng", "the resource is temporarily unavailable"),
    errno.ENOEXEC: ("tệp không chạy được", "the file cannot be executed"),
}


def describe(error: BaseException) -> Text:
    """The error in words, Vietnamese and English. Never the raw strerror text."""
    code = getattr(error, "errno", None)
    if isinstance(code, int) and code in _MESSAGES:
        return Text(*_MESSAGES[code])
    if isinstance(error, TimeoutError):
        return Text(*_MESSAGES[errno.ETIMEDOUT])
    if isinstance(code, int):
        name = errno.errorcode.get(code, str(code))
        return Text(f"lỗi hệ thống {name}", f"system error {name}")
    return Text("lỗi hệ thống", "system error")


def cannot_write(error: OSError) -> UserError:
    """A file the user chose could not be written (a PDF, a CSV…), in words."""
    return UserError("Không ghi được tệp: {e}", "Cannot write the file: {e}", e=describe(error))
