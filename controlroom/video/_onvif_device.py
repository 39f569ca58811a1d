"""The simulator's ONVIF device service: Device, Media and PTZ over SOAP 1.2 on 127.0.0.1.

Run inside the simulator process (`_rtsp_server.py`, Debian's Python: standard library
only). One HTTP server per simulated camera, as each real camera is its own host, at
`http://127.0.0.1:PORT/onvif/device_service` (and `/onvif/media_service`,
`/onvif/ptz_service`). The answers follow the ONVIF WSDL schemas (ver10 device and media,
ver20 PTZ) closely enough for a real client library (onvif-zeep-async / zeep) to parse
them: elements in schema order, nothing the schema does not allow.

Like a camera: GetSystemDateAndTime answers without credentials (clients read the clock
before they sign), everything else needs a WS-Security UsernameToken with the camera's
user and password (PasswordDigest = Base64(SHA-1(nonce + created + password)), or
PasswordText), else a `ter:NotAuthorized` fault. Each camera's clock can run off the
real clock by `clock_offset_s`, as community cameras' clocks do. PTZ requests move a
simulated head (pan/tilt/zoom in [-1, 1] / [0, 1], integrated over time) and are logged,
so tests can see that a move from the desk reached the camera.
"""

from __future__ import annotations

import base64
import hashlib
import threading
import time
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from xml.sax.saxutils import escape

NS = {
    "s": "http://www.w3.org/2003/05/soap-envelope",
    "tds": "http://www.onvif.org/ver10/device/wsdl",
    "trt": "http://www.onvif.org/ver10/media/wsdl",
    "tptz": "http://www.onvif.org/ver20/ptz/wsdl",
    "tt": "http://www.onvif.org/ver10/schema",
    "wsse": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
    "wsu": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd",
}
ENVELOPE = ('<?xml version="1.0" encoding="UTF-8"?>'
            '<s:Envelope xmlns:s="{s}" xmlns:tds="{tds}" xmlns:trt="{trt}" '
            'xmlns:tptz="{tptz}" xmlns:tt="{tt}" xmlns:ter="http://www.onvif.org/ver10/error">'
            '<s:Body>{{body}}</s:Body></s:Envelope>').format(**NS)
AUTHLESS = {"GetSystemDateAndTime"}


class Device:
    """One simulated camera's ONVIF side."""

    def __init__(self, index: int, name: str, rtsp_port: int, auth: str | None,
                 clock_offset_s: float, ptz: bool, main: tuple[int, int, str],
                 sub: tuple[int, int, str]) -> None:
        self.index = index
        self.name = name
        self.rtsp_port = rtsp_port
        self.user, _, self.password = (auth or "").partition(":")
        self.clock_offset_s = clock_offset_s
        self.ptz = ptz
        self.main, self.sub = main, sub
        self.lock = threading.Lock()
        self.position = [0.0, 0.0, 0.0]  # pan, tilt, zoom
        self.velocity = [0.0, 0.0, 0.0]
        self.moved_at = time.monotonic()
        self.presets: dict[str, tuple[str, list[float]]] = {}
        self.log: list[dict[str, Any]] = []
        self.server: ThreadingHTTPServer | None = None

    # -- PTZ state ---------------------------------------------------------------------------
    def _integrate(self) -> None:
        now = time.monotonic()
        dt = now - self.moved_at
        self.moved_at = now
        for k, lo in ((0, -1.0), (1, -1.0), (2, 0.0)):
            self.position[k] = max(lo, min(1.0, self.position[k] + self.velocity[k] * dt * 0.5))

    def state(self) -> dict[str, Any]:
        with self.lock:
            self._integrate()
            return {"position": [round(v, 4) for v in self.position],
                    "moving": any(self.velocity), "presets": {
                        t: {"name": n, "position": [round(v, 4) for v in p]}
                        for t, (n, p) in self.presets.items()},
                    "log": list(self.log)}

    def _record(self, op: str, **detail: Any) -> None:
        self.log.append({"op": op, **detail})
        del self.log[:-200]

    # -- requests ----------------------------------------------------------------------------
    def authorised(self, root: ET.Element) -> bool:
        if not self.user:
            return True
        tok = root.find(".//wsse:UsernameToken", NS)
        if tok is None:
            return False
        user = tok.findtext("wsse:Username", "", NS)
        pw = tok.find("wsse:Password", NS)
        if user != self.user or pw is None:
            return False
        given = pw.text or ""
        if pw.get("Type", "").endswith("#PasswordText"):
            return given == self.password
        nonce = base64.b64decode(tok.findtext("wsse:Nonce", "", NS) or "")
        created = tok.findtext("wsu:Created", "", NS) or ""
        want = base64.b64encode(hashlib.sha1(
            nonce + created.encode() + self.password.encode()).digest()).decode()
        return given == want

    def handle(self, service: str, body: bytes) -> tuple[int, str]:
        try:
            root = ET.fromstring(body)
        except ET.ParseError:
            return 400, fault("s:Sender", "ter:WellFormed", "not XML")
        b = root.find("s:Body", NS)
        if b is None or len(b) == 0:
            return 400, fault("s:Sender", "ter:WellFormed", "no body")
        req = b[0]
        op = req.tag.rsplit("}", 1)[-1]
        if op not in AUTHLESS and not self.authorised(root):
            return 400, fault("s:Sender", "ter:NotAuthorized",
                              "Sender not Authorized")
        handler = getattr(self, f"op_{op}", None)
        if handler is None:
            return 400, fault("s:Receiver", "ter:ActionNotSupported",
                              f"{op} is not supported")
        return 200, ENVELOPE.format(body=handler(req))

    def _base(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/onvif"

    # Device
    def op_GetSystemDateAndTime(self, req: ET.Element) -> str:  # noqa: N802
        t = datetime.now(UTC) + timedelta(seconds=self.clock_offset_s)
        local = t + timedelta(hours=7)

        def dt(x: datetime) -> str:
            return (f"<tt:Time><tt:Hour>{x.hour}</tt:Hour><tt:Minute>{x.minute}</tt:Minute>"
                    f"<tt:Second>{x.second}</tt:Second></tt:Time>"
                    f"<tt:Date><tt:Year>{x.year}</tt:Year><tt:Month>{x.month}</tt:Month>"
                    f"<tt:Day>{x.day}</tt:Day></tt:Date>")

        return ("<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime>"
                "<tt:DateTimeType>Manual</tt:DateTimeType>"
                "<tt:DaylightSavings>false</tt:DaylightSavings>"
                "<tt:TimeZone><tt:TZ>ICT-7</tt:TZ></tt:TimeZone>"
                f"<tt:UTCDateTime>{dt(t)}</tt:UTCDateTime>"
                f"<tt:LocalDateTime>{dt(local)}</tt:LocalDateTime>"
                "</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>")

    def op_GetServices(self, req: ET.Element) -> str:  # noqa: N802
        base = self._base()
        items = [(NS["tds"], "device_service", 2, 40), (NS["trt"], "media_service", 2, 40)]
        if self.ptz:
            items.append((NS["tptz"], "ptz_service", 2, 40))
        return "<tds:GetServicesResponse>" + "".join(
            f"<tds:Service><tds:Namespace>{ns}</tds:Namespace>"
            f"<tds:XAddr>{base}/{path}</tds:XAddr><tds:Version><tt:Major>{ma}</tt:Major>"
            f"<tt:Minor>{mi}</tt:Minor></tds:Version></tds:Service>"
            for ns, path, ma, mi in items) + "</tds:GetServicesResponse>"

    def op_GetDeviceInformation(self, req: ET.Element) -> str:  # noqa: N802
        model = "SIM-PTZ-4MP" if self.ptz else "SIM-BULLET-2MP"
        return ("<tds:GetDeviceInformationResponse>"
                "<tds:Manufacturer>controlroom simulator</tds:Manufacturer>"
                f"<tds:Model>{model}</tds:Model>"
                "<tds:FirmwareVersion>V5.7.3 build 231102</tds:FirmwareVersion>"
                f"<tds:SerialNumber>{model}-2026{self.index:04d}</tds:SerialNumber>"
                f"<tds:HardwareId>88-{self.index:02d}</tds:HardwareId>"
                "</tds:GetDeviceInformationResponse>")

    # Media
    def _profile(self, token: str, name: str, w: int, h: int, enc: str) -> str:
        ptz = ""
        if self.ptz:
            ptz = ('<tt:PTZConfiguration token="ptz0"><tt:Name>PTZ</tt:Name>'
                   "<tt:UseCount>2</tt:UseCount><tt:NodeToken>node0</tt:NodeToken>"
                   "</tt:PTZConfiguration>")
        return (f'<trt:Profiles token="{token}" fixed="true"><tt:Name>{name}</tt:Name>'
                f'<tt:VideoEncoderConfiguration token="venc_{token}">'
                f"<tt:Name>{name}</tt:Name><tt:UseCount>1</tt:UseCount>"
                f"<tt:Encoding>{enc}</tt:Encoding><tt:Resolution><tt:Width>{w}</tt:Width>"
                f"<tt:Height>{h}</tt:Height></tt:Resolution><tt:Quality>4</tt:Quality>"
                "<tt:SessionTimeout>PT60S</tt:SessionTimeout>"
                f"</tt:VideoEncoderConfiguration>{ptz}</trt:Profiles>")

    def op_GetProfiles(self, req: ET.Element) -> str:  # noqa: N802
        return ("<trt:GetProfilesResponse>"
                + self._profile("Profile_1", "mainStream", *self.main)
                + self._profile("Profile_2", "subStream", *self.sub)
                + "</trt:GetProfilesResponse>")

    def op_GetStreamUri(self, req: ET.Element) -> str:  # noqa: N802
        token = req.findtext("trt:ProfileToken", "", NS)
        stream = "sub" if token == "Profile_2" else "main"
        uri = f"rtsp://127.0.0.1:{self.rtsp_port}/cam{self.index}/{stream}"
        return ("<trt:GetStreamUriResponse><trt:MediaUri>"
                f"<tt:Uri>{escape(uri)}</tt:Uri>"
                "<tt:InvalidAfterConnect>false</tt:InvalidAfterConnect>"
                "<tt:InvalidAfterReboot>false</tt:InvalidAfterReboot>"
                "<tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:GetStreamUriResponse>")

    # PTZ
    def op_ContinuousMove(self, req: ET.Element) -> str:  # noqa: N802
        vel = req.find("tptz:Velocity", NS)
        pt = vel.find("tt:PanTilt", NS) if vel is not None else None
        zm = vel.find("tt:Zoom", NS) if vel is not None else None
        v = [float(pt.get("x", 0)) if pt is not None else 0.0,
             float(pt.get("y", 0)) if pt is not None else 0.0,
             float(zm.get("x", 0)) if zm is not None else 0.0]
        with self.lock:
            self._integrate()
            self.velocity = v
            self._record("ContinuousMove", velocity=v)
        return "<tptz:ContinuousMoveResponse/>"

    def op_Stop(self, req: ET.Element) -> str:  # noqa: N802
        with self.lock:
            self._integrate()
            self.velocity = [0.0, 0.0, 0.0]
            self._record("Stop")
        return "<tptz:StopResponse/>"

    def op_GetPresets(self, req: ET.Element) -> str:  # noqa: N802
        with self.lock:
            items = sorted(self.presets.items(), key=lambda kv: int(kv[0]))
        return "<tptz:GetPresetsResponse>" + "".join(
            f'<tptz:Preset token="{t}"><tt:Name>{escape(n)}</tt:Name>'
            f'<tt:PTZPosition><tt:PanTilt x="{p[0]:.4f}" y="{p[1]:.4f}"/>'
            f'<tt:Zoom x="{p[2]:.4f}"/></tt:PTZPosition></tptz:Preset>'
            for t, (n, p) in items) + "</tptz:GetPresetsResponse>"

    def op_SetPreset(self, req: ET.Element) -> str:  # noqa: N802
        name = req.findtext("tptz:PresetName", "", NS)
        token = req.findtext("tptz:PresetToken", "", NS)
        with self.lock:
            self._integrate()
            if not token:
                token = str(max((int(t) for t in self.presets), default=0) + 1)
            self.presets[token] = (name or f"Preset {token}", list(self.position))
            self._record("SetPreset", token=token, name=name)
        return (f"<tptz:SetPresetResponse><tptz:PresetToken>{escape(token)}"
                "</tptz:PresetToken></tptz:SetPresetResponse>")

    def op_GotoPreset(self, req: ET.Element) -> str:  # noqa: N802
        token = req.findtext("tptz:PresetToken", "", NS)
        with self.lock:
            if token not in self.presets:
                raise KeyError(token)
            self.velocity = [0.0, 0.0, 0.0]
            self.position = list(self.presets[token][1])
            self.moved_at = time.monotonic()
            self._record("GotoPreset", token=token)
        return "<tptz:GotoPresetResponse/>"


def fault(code: str, subcode: str, reason: str) -> str:
    return ENVELOPE.format(body=(
        f"<s:Fault><s:Code><s:Value>{code}</s:Value><s:Subcode><s:Value>{subcode}"
        f"</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang=\"en\">{escape(reason)}"
        "</s:Text></s:Reason></s:Fault>"))


def serve(device: Device) -> int:
    """Start the device's HTTP server on 127.0.0.1 (a free port) in a thread."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            n = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(n)
            service = self.path.rsplit("/", 1)[-1]
            try:
                code, text = device.handle(service, body)
            except (KeyError, ValueError) as e:
                code, text = 400, fault("s:Sender", "ter:InvalidArgVal", f"bad argument {e}")
            data = text.encode("utf-8")
            self.send_response(code)
            self.send_header("Content-Type", "application/soap+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    device.server = server
    threading.Thread(target=server.serve_forever, daemon=True,
                     name=f"onvif-{device.index}").start()
    return int(server.server_address[1])
