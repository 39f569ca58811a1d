"""What every PDF the post prints shares: the embedded DejaVu fonts (every Vietnamese
diacritic prints whatever fonts the printing machine has), the paragraph styles, markup
escaping for reportlab paragraphs and the canvas that numbers pages "Trang x/y".

Used by the custody record and the incident record (evidence/), the periodic report and
the meeting minutes (reporting/) and the roster's month and handover book (records/).
No Qt. Only modules that write PDFs import this (it imports reportlab; the recorder
must not).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from controlroom.paths import RESOURCES

FONT_DIR = RESOURCES / "fonts"
SYSTEM_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"


def register_fonts() -> None:
    """Register DejaVu Sans (resources/fonts, with its licence; the system's copy if
    missing) with reportlab, once per process."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    for name, file in ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf")):
        path = FONT_DIR / file
        if not path.exists():
            path = SYSTEM_FONT_DIR / file
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                  boldItalic=FONT_BOLD)


def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of every record: base, small, mono, center, center_b, title,
    h (section heading) and demo (red warning)."""
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=12.5)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
        "mono": ParagraphStyle("mono", parent=base, fontSize=6.6, leading=8.2),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "center_b": ParagraphStyle("center_b", parent=base, alignment=TA_CENTER,
                                   fontName=FONT_BOLD),
        "title": ParagraphStyle("title", parent=base, alignment=TA_CENTER, fontName=FONT_BOLD,
                                fontSize=14, leading=18, spaceBefore=6, spaceAfter=2),
        "h": ParagraphStyle("h", parent=base, fontName=FONT_BOLD, fontSize=10.5, leading=14,
                            spaceBefore=7, spaceAfter=2),
        "demo": ParagraphStyle("demo", parent=base, alignment=TA_CENTER, fontName=FONT_BOLD,
                               fontSize=12, leading=15, textColor=colors.red),
    }


def esc(text: object, *, line_breaks: bool = False) -> str:
    """`text` (None prints as nothing) safe inside a reportlab Paragraph's markup; with
    `line_breaks`, each newline becomes a line break on paper."""
    out = str(text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return out.replace("\n", "<br/>") if line_breaks else out


class NumberedCanvas(Canvas):
    """Holds every page until the end so each can say "Trang 2/3" (the total is known
    only then): a missing last page of a paper record must be noticeable. A subclass made
    by `with_footer` also prints a grey line of text at the bottom left of every page."""

    number_size = 7.0
    number_y = 10 * mm
    footer_left = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    @classmethod
    def with_footer(cls, footer_left: str, *, number_size: float = 7.0,
                    number_y: float = 10 * mm) -> type[NumberedCanvas]:
        return type("FooterCanvas", (cls,), {"footer_left": footer_left,
                                             "number_size": number_size,
                                             "number_y": number_y})

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.saveState()
            self.setFont(FONT, self.number_size)
            self.setFillColor(colors.black)
            self.drawRightString(195 * mm, self.number_y, f"Trang {self._pageNumber}/{total}")
            if self.footer_left:
                self.setFont(FONT, 6.5)
                self.setFillColor(colors.grey)
                self.drawString(15 * mm, self.number_y, self.footer_left[:150])
            self.restoreState()
            super().showPage()
        super().save()
