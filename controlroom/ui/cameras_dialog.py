"""Camera management: the list of cameras, the add/edit form and connection tests.

Rules, validation, credentials and auditing live in `records.cameras`; this module only
arranges them. Leaders and administrators edit; officers see the list and may test a
camera. The password box is never filled with the stored password: left empty it keeps
it. Probing a camera takes seconds, so it runs on a QThreadPool worker and reports back
through a queued signal; the GUI thread never waits on the network.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from controlroom.errors import UserError
from controlroom.paths import DataHome
from controlroom.records import cameras
from controlroom.records.cameras import EDIT_ROLE, OWNER_KIND_NAMES, CameraSpec
from controlroom.records.db import Database
from controlroom.records.users import Identity
from controlroom.ui import app as uiapp
from controlroom.ui.widgets.dialog import button_row, named, show_modeless, wrapped_label
from controlroom.video import audio, devices, onvif, urls
from controlroom.video.probe import ProbeResult, probe

if TYPE_CHECKING:
    from controlroom.ui.main_window import MainWindow

PROBE_TIMEOUT = 8.0


def _lang_index() -> int:
    return 0 if uiapp.translations.language == "vi" else 1


# --- probing off the GUI thread ---------------------------------------------------------


class _ProbeSignals(QObject):
    done = Signal(object, object)  # stream, ProbeResult | UserError


class ProbeTask(QRunnable):
    """Probe one stream on the thread pool; `signals.done` arrives on the GUI thread."""

    def __init__(self, stream: str, url: str, username: str | None,
                 password: str | None, timeout: float = PROBE_TIMEOUT) -> None:
        super().__init__()
        self.stream, self.url = stream, url
        self.username, self.password, self.timeout = username, password, timeout
        self.signals = _ProbeSignals()

    def run(self) -> None:
        try:
            result: object = probe(self.url, self.timeout, self.username, self.password)
        except UserError as e:
            result = e
        except Exception as e:  # never let a worker die silently
            result = UserError("Lỗi không mong đợi khi kiểm tra: {t}.",
                               "Unexpected error while testing: {t}.", t=type(e).__name__)
        self.signals.done.emit(self.stream, result)


class _OnvifSignals(QObject):
    done = Signal(object)  # onvif.DeviceFacts | UserError


class _OnvifTask(QRunnable):
    """Ask one camera over ONVIF on the thread pool (issue 14)."""

    def __init__(self, host: str, port: int, user: str | None, password: str | None) -> None:
        super().__init__()
        self.host, self.port, self.user, self.password = host, port, user, password
        self.signals = _OnvifSignals()

    def run(self) -> None:
        try:
            result: object = onvif.inspect(self.host, self.port, self.user, self.password)
        except UserError as e:
            result = e
        except Exception as e:  # never let a worker die silently
            result = UserError("Lỗi không mong đợi khi hỏi camera: {t}.",
                               "Unexpected error while asking the camera: {t}.",
                               t=type(e).__name__)
        self.signals.done.emit(result)


class _ProbeRunner(QObject):
    """Starts probes of main and sub, collects the lines, reports when both are in."""

    finished = Signal(str)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.pending: set[str] = set()
        self.lines: dict[str, str] = {}
        self._tasks: list[ProbeTask] = []

    @property
    def busy(self) -> bool:
        return bool(self.pending)

    def start(self, targets: list[tuple[str, str]], username: str | None,
              password: str | None) -> None:
        self.pending = {s for s, _u in targets}
        self.lines = {}
        self._tasks = []
        for stream, url in targets:
            task = ProbeTask(stream, url, username, password)
            task.setAutoDelete(False)  # we keep it (and its signals) until it reports
            task.signals.done.connect(self._done, Qt.ConnectionType.QueuedConnection)
            self._tasks.append(task)
            QThreadPool.globalInstance().start(task)

    def _done(self, stream: str, result: object) -> None:
        self.lines[stream] = self.describe(stream, result)
        self.pending.discard(stream)
        if not self.pending:
            self._tasks = []
            self.finished.emit("\n".join(self.lines[s] for s in ("main", "sub")
                                         if s in self.lines))

    def describe(self, stream: str, result: object) -> str:
        label = self.tr("Main stream") if stream == "main" else self.tr("Sub stream")
        if isinstance(result, ProbeResult):
            fps = f"{result.fps:g}" if result.fps else "?"
            kbps = f"{result.bitrate_kbps:.0f}" if result.bitrate_kbps else "?"
            return self.tr("{s}: OK — {c}, {w}×{h}, {f} fps, ~{b} kb/s, first picture after "
                           "{t} s").format(s=label, c=result.codec.upper(), w=result.width,
                                           h=result.height, f=fps, b=kbps,
                                           t=f"{result.first_frame_s:.2f}") + self._audio(result)
        return self.tr("{s}: FAILED — {e}").format(s=label, e=str(result))

    def _audio(self, result: ProbeResult) -> str:
        """The sound the camera sends, or that it sends none (issue 14)."""
        if not result.audio_codec:
            return self.tr("; no audio")
        name = audio.describe(result.audio_codec, result.audio_rate)
        if not result.audio_recorded_as:
            return self.tr("; audio {a} (cannot be recorded)").format(a=name)
        if result.audio_recorded_as == result.audio_codec:
            return self.tr("; audio {a}").format(a=name)
        return self.tr("; audio {a} (recorded as AAC)").format(a=name)


# --- the add / edit form ----------------------------------------------------------------


class CameraForm(QDialog):
    """All fields of one camera, including vendor profile and credentials."""

    def __init__(self, db: Database, identity: Identity, home: DataHome,
                 camera_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cameraForm")
        self.db, self.identity, self.home, self.camera_id = db, identity, home, camera_id
        self.read_only = not identity.at_least(EDIT_ROLE)
        self.had_credentials = False
        self.stored_username = ""
        self.saved_id: int | None = None

        self.name = named(QLineEdit(), "name")
        self.code = named(QLineEdit(), "code")
        self.location = named(QLineEdit(), "location")
        self.gps = named(QLineEdit(), "gps")
        self.owner_kind = named(QComboBox(), "ownerKind")
        for key, names in OWNER_KIND_NAMES.items():
            self.owner_kind.addItem(names[_lang_index()], key)
        self.owner_name = named(QLineEdit(), "ownerName")
        self.owner_contact = named(QLineEdit(), "ownerContact")
        self.vendor = named(QComboBox(), "vendor")
        for v in urls.VENDORS:
            self.vendor.addItem("", v)
        self.host = named(QLineEdit(), "host")
        self.port = named(QSpinBox(), "port")
        self.port.setRange(0, 65535)
        self.channel = named(QSpinBox(), "channel")
        self.channel.setRange(1, 256)
        self.main_url = named(QLineEdit(), "mainUrl")
        self.sub_url = named(QLineEdit(), "subUrl")
        self.username = named(QLineEdit(), "username")
        self.password = named(QLineEdit(), "password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.clear_credentials = named(QCheckBox(), "clearCredentials")
        self.enabled = named(QCheckBox(), "enabled")
        self.enabled.setChecked(True)
        self.record_audio = named(QCheckBox(), "recordAudio")  # issue 14
        self.record_audio.setChecked(True)
        self.retention = named(QSpinBox(), "retention")
        self.retention.setRange(0, 3650)
        self.notes = named(QPlainTextEdit(), "notes")
        self.notes.setFixedHeight(60)
        self.error = wrapped_label("formError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        self.test_result = wrapped_label("formTestResult")
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.test_button = named(QPushButton(), "formTestButton")
        self.test_button.clicked.connect(self.test)
        self.runner = _ProbeRunner(self)
        self.runner.finished.connect(self._tested)

        self.form = QFormLayout()
        self.rows: list[tuple[QLabel, QWidget]] = []
        for w in (self.name, self.code, self.location, self.gps, self.owner_kind,
                  self.owner_name, self.owner_contact, self.vendor, self.host, self.port,
                  self.channel, self.main_url, self.sub_url, self.username, self.password,
                  self.clear_credentials, self.enabled, self.record_audio, self.retention,
                  self.notes):
            label = QLabel()
            label.setBuddy(w)
            self.rows.append((label, w))
            self.form.addRow(label, w)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        test_row = QHBoxLayout()
        self._init_onvif(test_row)
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(test_row)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.vendor.currentIndexChanged.connect(self._vendor_changed)
        for w in (self.host, ):
            w.textChanged.connect(self._preview)
        self.port.valueChanged.connect(self._preview)
        self.channel.valueChanged.connect(self._preview)
        if camera_id is not None:
            self._load(camera_id)
        self.retranslate()
        self._vendor_changed()
        if self.read_only:
            for _label, field in self.rows:
                field.setEnabled(False)
            self.buttons.button(QDialogButtonBox.StandardButton.Save).hide()

    # texts

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Add camera") if self.camera_id is None
                            else self.tr("Camera details"))
        texts = (self.tr("Name:"), self.tr("Code:"), self.tr("Location (village / street):"),
                 self.tr("GPS (latitude, longitude):"), self.tr("Owner type:"),
                 self.tr("Owner:"), self.tr("Owner contact:"), self.tr("Vendor:"),
                 self.tr("Camera address (IP):"), self.tr("RTSP port:"), self.tr("Channel:"),
                 self.tr("Main stream URL:"), self.tr("Sub stream URL:"),
                 self.tr("Camera user name:"), self.tr("Camera password:"),
                 self.tr("Remove stored user name and password"),
                 self.tr("Enabled (recorded and shown)"),
                 self.tr("Record the camera's sound"),
                 self.tr("Keep recordings (days, 0 = default):"), self.tr("Notes:"))
        for (label, w), text in zip(self.rows, texts, strict=True):
            if isinstance(w, QCheckBox):
                label.setText("")
                w.setText(text)
            else:
                label.setText(text)
        vendor_names = {"generic": self.tr("Other (enter the RTSP URL)"),
                        "hikvision": self.tr("Hikvision / HiLook / EZVIZ"),
                        "dahua": self.tr("Dahua / KBVision / Imou")}
        for i in range(self.vendor.count()):
            self.vendor.setItemText(i, vendor_names[str(self.vendor.itemData(i))])
        self.code.setPlaceholderText(self.tr("automatic, e.g. CAM-001"))
        self.gps.setPlaceholderText("15.1421, 108.8315")
        self.main_url.setPlaceholderText("rtsp://192.168.1.64:554/…")
        self.port.setSpecialValueText(self.tr("default (554)"))
        self.password.setPlaceholderText(
            self.tr("unchanged (leave empty to keep the stored password)")
            if self.had_credentials else "")
        self.test_button.setText(self.tr("Test connection"))
        self.onvif_button.setText(self.tr("Ask the camera (ONVIF)…"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if uiapp.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    # load / vendor

    def _load(self, camera_id: int) -> None:
        with self.db.read() as s:
            cam = cameras.get(s, camera_id)
            spec = CameraSpec.of(cam)
            self.had_credentials = cam.has_credentials
            try:
                cred = cameras.credentials(cam, self.home)
            except UserError:
                cred = None
        self.stored_username = cred.username if cred else ""
        self.name.setText(spec.name)
        self.code.setText(spec.code)
        self.location.setText(spec.location)
        if spec.gps_lat is not None:
            self.gps.setText(f"{spec.gps_lat:g}, {spec.gps_lon:g}")
        self.owner_kind.setCurrentIndex(max(0, self.owner_kind.findData(spec.owner_kind)))
        self.owner_name.setText(spec.owner_name)
        self.owner_contact.setText(spec.owner_contact)
        self.vendor.setCurrentIndex(max(0, self.vendor.findData(spec.vendor)))
        self.host.setText(spec.host)
        self.port.setValue(spec.port or 0)
        self.channel.setValue(spec.channel or 1)
        self.main_url.setText(spec.main_url)
        self.sub_url.setText(spec.sub_url)
        self.username.setText(self.stored_username)
        self.password.clear()  # never shown, never pre-filled
        self.enabled.setChecked(spec.enabled)
        self.record_audio.setChecked(spec.record_audio)
        self.retention.setValue(spec.retention_days or 0)
        self.notes.setPlainText(spec.notes)

    def _is_vendor(self) -> bool:
        return self.vendor.currentData() != "generic"

    def _vendor_changed(self) -> None:
        vendor = self._is_vendor()
        for w in (self.host, self.port, self.channel):
            w.setEnabled(vendor and not self.read_only)
        for w in (self.main_url, self.sub_url):
            w.setReadOnly(vendor)
        self._preview()

    def _preview(self) -> None:
        """Show the URLs a vendor template gives, so people can compare with the manual."""
        if not self._is_vendor():
            return
        try:
            built = urls.vendor_urls(str(self.vendor.currentData()), self.host.text(),
                                     self.port.value() or None, self.channel.value())
        except UserError:
            self.main_url.clear()
            self.sub_url.clear()
            return
        self.main_url.setText(built.main)
        self.sub_url.setText(built.sub)

    # save / test

    def spec(self) -> CameraSpec:
        lat, lon = cameras.parse_gps(self.gps.text())
        vendor = str(self.vendor.currentData())
        return CameraSpec(
            name=self.name.text(), code=self.code.text(), location=self.location.text(),
            gps_lat=lat, gps_lon=lon, owner_kind=str(self.owner_kind.currentData()),
            owner_name=self.owner_name.text(), owner_contact=self.owner_contact.text(),
            vendor=vendor, host=self.host.text() if vendor != "generic" else "",
            port=(self.port.value() or None) if vendor != "generic" else None,
            channel=self.channel.value() if vendor != "generic" else None,
            main_url="" if vendor != "generic" else self.main_url.text(),
            sub_url="" if vendor != "generic" else self.sub_url.text(),
            enabled=self.enabled.isChecked(),
            record_audio=self.record_audio.isChecked(),
            retention_days=self.retention.value() or None,
            notes=self.notes.toPlainText())

    def save(self) -> bool:
        try:
            spec = self.spec()
            user = self.username.text().strip()
            pw = self.password.text()
            with self.db.session() as s:
                if self.camera_id is None:
                    cam = cameras.add(s, self.identity, spec, username=user or None,
                                      password=pw if user else None, home=self.home)
                else:
                    kw: dict[str, Any] = {}
                    if self.clear_credentials.isChecked():
                        kw["username"] = ""
                    elif user != self.stored_username or pw:
                        kw["username"] = user
                        if pw or not self.had_credentials or user != self.stored_username:
                            kw["password"] = pw
                    changes = {f: getattr(spec, f) for f in cameras.SPEC_FIELDS}
                    if not spec.code:
                        changes.pop("code")
                    cam = cameras.edit(s, self.identity, self.camera_id, changes,
                                       home=self.home, **kw)
                if self.onvif_facts is not None:
                    devices.save_facts(s, self.identity, cam, self.onvif_facts)
                self.saved_id = cam.id
        except UserError as e:
            self.error.setText(str(e))
            self.error.show()
            return False
        self.accept()
        return True

    # --- ONVIF (issue 14): ask the camera for its streams, model and clock -----------------

    def _init_onvif(self, row: QHBoxLayout) -> None:
        self.onvif_facts: onvif.DeviceFacts | None = None
        self.onvif_button = named(QPushButton(), "formOnvifButton")
        self.onvif_button.clicked.connect(self.ask_onvif)
        row.addWidget(self.onvif_button)
        self._onvif_task: _OnvifTask | None = None

    def _onvif_address(self) -> str:
        host = self.host.text().strip()
        if not host:
            from urllib.parse import urlsplit
            host = urlsplit(self.main_url.text().strip()).hostname or ""
        return host

    def ask_onvif(self, address: str | None = None) -> None:
        """Ask the camera at HOST[:PORT] (asked for, prefilled) over ONVIF, with the
        user name and password typed in the form."""
        if self._onvif_task is not None:
            return
        if not address:
            address, ok = QInputDialog.getText(
                self, self.tr("Ask the camera (ONVIF)"),
                self.tr("Camera address and ONVIF port (e.g. 192.168.1.64:80):"),
                text=self._onvif_address())
            if not ok or not address.strip():
                return
        host, _, port = address.strip().partition(":")
        try:
            port_n = int(port) if port else onvif.DEFAULT_PORT
        except ValueError:
            self.test_result.setText(self.tr("The ONVIF port must be a number."))
            return
        user = self.username.text().strip() or self.stored_username or None
        pw = self.password.text() or self._stored_password()
        self.test_result.setText(self.tr("Asking the camera over ONVIF…"))
        task = _OnvifTask(host.strip(), port_n, user, pw)
        task.signals.done.connect(self._onvif_done)
        self._onvif_task = task
        QThreadPool.globalInstance().start(task)

    def _stored_password(self) -> str | None:
        if self.camera_id is None or not self.had_credentials:
            return None
        with self.db.read() as s:
            cred = cameras.credentials(cameras.get(s, self.camera_id), self.home)
        return cred.password if cred else None

    def _onvif_done(self, result: object) -> None:
        self._onvif_task = None
        if not isinstance(result, onvif.DeviceFacts):
            self.test_result.setText(str(result))
            return
        self.onvif_facts = result
        self.vendor.setCurrentIndex(max(0, self.vendor.findData("generic")))
        self.main_url.setText(result.main_url)
        self.sub_url.setText(result.sub_url)
        off = (f"{result.clock_offset_s:+.1f}" if result.clock_offset_s is not None else "?")
        self.test_result.setText(self.tr(
            "ONVIF: {m} {mo}, serial {s}, firmware {f}; camera clock {o} s from this desk; "
            "PTZ: {p}").format(m=result.manufacturer, mo=result.model, s=result.serial,
                               f=result.firmware, o=off,
                               p=self.tr("yes") if result.ptz else self.tr("no")))

    def test(self) -> None:
        """Probe what the form says now (entered password, else the stored one)."""
        if self.runner.busy:
            return
        try:
            spec = cameras.validate(self.spec()).spec
        except UserError as e:
            self.test_result.setText(str(e))
            return
        user = self.username.text().strip() or None
        pw: str | None = self.password.text() or None
        if user and pw is None and self.camera_id is not None and self.had_credentials \
                and user == self.stored_username:
            try:
                with self.db.read() as s:
                    cred = cameras.credentials(cameras.get(s, self.camera_id), self.home)
                pw = cred.password if cred else None
            except UserError as e:
                self.test_result.setText(str(e))
                return
        targets = [("main", spec.main_url)] + ([("sub", spec.sub_url)] if spec.sub_url else [])
        self.test_button.setEnabled(False)
        self.test_result.setText(self.tr("Testing…"))
        self.runner.start(targets, user, pw)

    def _tested(self, text: str) -> None:
        self.test_result.setText(text)
        self.test_button.setEnabled(True)


# --- the list ---------------------------------------------------------------------------


class CamerasDialog(QDialog):
    """Every camera with its place, owner, stream and state; actions by role."""

    COLUMNS = 7

    def __init__(self, db: Database, identity: Identity, home: DataHome,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("camerasDialog")
        self.db, self.identity, self.home = db, identity, home
        self.can_edit = identity.at_least(EDIT_ROLE)
        self.table = named(QTableWidget(0, self.COLUMNS), "camerasTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.add_button = named(QPushButton(), "addCamera")
        self.edit_button = named(QPushButton(), "editCamera")
        self.toggle_button = named(QPushButton(), "toggleCamera")
        self.remove_button = named(QPushButton(), "removeCamera")
        self.test_button = named(QPushButton(), "testCamera")
        self.close_button = named(QPushButton(), "closeCameras")
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.toggle_button.clicked.connect(self.toggle)
        self.remove_button.clicked.connect(lambda: self.remove())
        self.test_button.clicked.connect(self.test)
        self.close_button.clicked.connect(self.accept)
        for b in (self.add_button, self.toggle_button, self.remove_button):
            b.setVisible(self.can_edit)
        self.remove_button.setVisible(identity.at_least("admin"))
        self.result_label = wrapped_label("testResult")
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.runner = _ProbeRunner(self)
        self.runner.finished.connect(self._tested)
        buttons = button_row((self.add_button, self.edit_button, self.toggle_button,
                              self.remove_button, self.test_button), (self.close_button,))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.result_label)
        layout.addLayout(buttons)
        self.resize(1000, 480)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Cameras"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Code"), self.tr("Name"), self.tr("Location"), self.tr("Owner"),
            self.tr("Main stream"), self.tr("Password"), self.tr("State")])
        self.add_button.setText(self.tr("Add…"))
        self.edit_button.setText(self.tr("Edit…") if self.can_edit else self.tr("Details…"))
        self.toggle_button.setText(self.tr("Enable / disable"))
        self.remove_button.setText(self.tr("Remove"))
        self.test_button.setText(self.tr("Test connection"))
        self.close_button.setText(self.tr("Close"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if uiapp.is_language_change(event):
            self.retranslate()
            self.reload()
        super().changeEvent(event)

    def reload(self) -> None:
        keep = self.selected_id()
        with self.db.read() as s:
            rows = [(c.id, c.code, c.name, c.location, c.owner_name,
                     cameras.masked_url(c, "main", self.home), c.has_credentials, c.enabled)
                    for c in cameras.list_cameras(s)]
        self.table.setRowCount(len(rows))
        for r, (cid, code, name, loc, owner, url, cred, enabled) in enumerate(rows):
            values = (code, name, loc, owner, url,
                      self.tr("stored") if cred else self.tr("none"),
                      self.tr("enabled") if enabled else self.tr("disabled"))
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setData(Qt.ItemDataRole.UserRole, cid)
                self.table.setItem(r, c, item)
            if cid == keep:
                self.table.selectRow(r)
        self.table.resizeColumnsToContents()
        has = bool(rows)
        for b in (self.edit_button, self.toggle_button, self.remove_button, self.test_button):
            b.setEnabled(has)
        if has and self.selected_id() is None:
            self.table.selectRow(0)

    def selected_id(self) -> int | None:
        items = self.table.selectedItems()
        return int(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    def select(self, camera_id: int) -> None:
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == camera_id:
                self.table.selectRow(r)

    def form(self, camera_id: int | None) -> CameraForm:
        return CameraForm(self.db, self.identity, self.home, camera_id, self)

    def add(self) -> None:
        f = self.form(None)
        if f.exec() == QDialog.DialogCode.Accepted and f.saved_id is not None:
            self.reload()
            self.select(f.saved_id)

    def edit(self) -> None:
        cid = self.selected_id()
        if cid is None:
            return
        if self.form(cid).exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def toggle(self) -> None:
        cid = self.selected_id()
        if cid is None:
            return
        try:
            with self.db.session() as s:
                cam = cameras.get(s, cid)
                cameras.set_enabled(s, self.identity, cid, not cam.enabled)
        except UserError as e:
            uiapp.show_error(self, e)
        self.reload()

    def remove(self, confirm: bool = True) -> None:
        cid = self.selected_id()
        if cid is None:
            return
        if confirm and QMessageBox.question(
                self, self.windowTitle(),
                self.tr("Remove this camera? A camera with recordings cannot be removed; "
                        "disable it instead.")) != QMessageBox.StandardButton.Yes:
            return
        try:
            with self.db.session() as s:
                cameras.remove(s, self.identity, cid, self.home)
        except UserError as e:
            uiapp.show_error(self, e)
        self.reload()

    def test(self) -> None:
        cid = self.selected_id()
        if cid is None or self.runner.busy:
            return
        try:
            with self.db.read() as s:
                cam = cameras.get(s, cid)
                name = cam.name
                cred = cameras.credentials(cam, self.home)
                targets = [(st, cameras.stream_url(cam, st)) for st in ("main", "sub")]
        except UserError as e:
            self.result_label.setText(str(e))
            return
        self.test_button.setEnabled(False)
        self.result_label.setText(self.tr("Testing {n}…").format(n=name))
        self.runner.start([(s, u) for s, u in targets if u],
                          cred.username if cred else None, cred.password if cred else None)

    def _tested(self, text: str) -> None:
        self.result_label.setText(text)
        self.test_button.setEnabled(True)


# --- main window hook -------------------------------------------------------------------


class CamerasFeature(QObject):
    """'Manage cameras…' (leaders, administrators) or 'Camera list…' (officers) under
    the Camera menu."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.action = window.add_action("camera", self._label, self.open,
                                        object_name="camerasAction")

    def _label(self) -> str:
        return (self.tr("Manage cameras…") if self.window.identity.at_least(EDIT_ROLE)
                else self.tr("Camera list…"))

    def open(self) -> CamerasDialog:
        dlg = CamerasDialog(self.window.db, self.window.identity, self.window.home,
                            self.window)
        return show_modeless(dlg)

    def retranslate(self) -> None:
        """The dialog retranslates itself; the menu entry is the window's."""

    def close(self) -> None:
        """Nothing runs in the background."""


def install(window: MainWindow) -> CamerasFeature:
    return CamerasFeature(window)
