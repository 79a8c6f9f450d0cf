"""The supervisor's report as an editable Word document (python-docx), since offices add
their number and edit the text before signing: the same content as the PDF (report_content.py)
in the layout of Nghị định 30/2020 — A4 portrait, margins 20/20/30/15 mm, Times New Roman
13 pt, the head and the signature block as borderless two-column tables, the figures in real
Word tables whose header row repeats on every page, the inputs as an annex.

Table rows are written as WordprocessingML text and parsed once per table: python-docx's
row, cell and element objects cost a fraction of a millisecond each, and a year of 200
stations has thousands of rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as _xml

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable

from broadcaster.proof.office import Office, frame
from broadcaster.proof.pdf_frame import BOTTOM, LEFT, RIGHT, TOP
from broadcaster.proof.report_content import Content, Part, Row, Table, report_content
from broadcaster.proof.report_print import report_day, report_office
from broadcaster.proof.report_words import GROUP_FILL, HEAD_FILL, Rgb

FONT = "Times New Roman"
BODY_PT = 13
TABLE_PT = {8.5: 10, 8.0: 9, 7.5: 8}  # the PDF's print size → Word's (Word has more room)
USABLE_MM = 210 - LEFT - RIGHT
ALIGN = {"L": "left", "C": "center", "R": "right"}


def _hex(rgb: Rgb) -> str:
    return "{:02X}{:02X}{:02X}".format(*rgb)


def _cell_xml(
    text: str, width_mm: float, size_pt: float, bold: bool, align: str, fill: Rgb | None, span: int
) -> str:
    props = f'<w:tcW w:w="{int(Mm(width_mm).twips)}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if fill:
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{_hex(fill)}"/>'
    run_props = ("<w:b/>" if bold else "") + f'<w:sz w:val="{int(size_pt * 2)}"/>'
    paragraphs = "".join(
        f'<w:p><w:pPr><w:spacing w:before="0" w:after="0"/><w:jc w:val="{align}"/></w:pPr>'
        + (
            f'<w:r><w:rPr>{run_props}</w:rPr><w:t xml:space="preserve">{_xml(line)}</w:t></w:r>'
            if line
            else ""
        )
        + "</w:p>"
        for line in text.split("\n")
    )
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs}</w:tc>"


def _row_xml(
    table: Table, row: Row, widths: Sequence[float], size_pt: float, head: bool = False
) -> str:
    # cantSplit: a row never splits across pages, as in the PDF; tblHeader: the header row
    # is repeated at the top of every page.
    props = "<w:cantSplit/>" + ("<w:tblHeader/>" if head else "")
    if row.span:
        text = row.cells[0]
        cells = _cell_xml(text, sum(widths), size_pt, True, "left", GROUP_FILL, len(widths))
        return f"<w:tr><w:trPr>{props}</w:trPr>{cells}</w:tr>"
    parts = []
    for i, (text, width) in enumerate(zip(row.cells, widths, strict=False)):
        fill: Rgb | None = HEAD_FILL if head else (row.fills[i] if i < len(row.fills) else None)
        align = "center" if head else ALIGN.get(table.columns[i].align, "left")
        parts.append(_cell_xml(text, width, size_pt, head or row.bold, align, fill, 1))
    return f"<w:tr><w:trPr>{props}</w:trPr>{''.join(parts)}</w:tr>"


def _grid_table(doc: Any, table: Table) -> None:
    shares = [c.share for c in table.columns]
    widths = [USABLE_MM * s / (sum(shares) or 1) for s in shares]
    size_pt = TABLE_PT.get(table.size, 9)
    docx_table = doc.add_table(rows=0, cols=len(widths))
    docx_table.style = "Table Grid"
    docx_table.autofit = False
    for column, width in zip(docx_table.columns, widths, strict=True):
        column.width = Mm(width)
    rows = [_row_xml(table, row, widths, size_pt) for row in table.rows]
    if table.header:
        head = Row(tuple(c.head for c in table.columns))
        rows.insert(0, _row_xml(table, head, widths, size_pt, head=True))
    # One parse for the whole table: lxml reads a string far faster than python-docx
    # builds element by element.
    parsed = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(rows)}</w:tbl>")
    tbl = docx_table._tbl
    for tr in list(parsed):
        tbl.append(tr)


def _paragraph(
    doc: Any,
    text: str,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    align: Any = None,
    underline: bool = False,
    after: float = 3,
    into: Any = None,
) -> Any:
    paragraph = (into or doc).add_paragraph()
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)
    return paragraph


def _borderless(doc: Any, columns: int) -> DocxTable:
    """Two columns with no rules: how an administrative document lays out its head and its
    signatures (the default table style of python-docx's template draws no borders)."""
    table = doc.add_table(rows=1, cols=columns)
    table.autofit = False
    return table


def _cell_lines(cell: Any, lines: Sequence[tuple[str, dict[str, Any]]]) -> None:
    # The cell's own first paragraph takes the first line, so no blank line leads.
    first = cell.paragraphs[0]
    for i, (text, style) in enumerate(lines):
        paragraph = first if i == 0 else cell.add_paragraph()
        run = paragraph.add_run(text)
        run.font.size = Pt(style.get("size", BODY_PT))
        run.bold = style.get("bold", False)
        run.italic = style.get("italic", False)
        run.underline = style.get("underline", False)
        paragraph.alignment = style.get("align", WD_ALIGN_PARAGRAPH.CENTER)
        paragraph.paragraph_format.space_after = Pt(0)


def _head(doc: Any, office: Office, content: Content, report: Mapping[str, Any], lang: str) -> Any:
    texts = frame(office, report_day(report), lang)
    table = _borderless(doc, 2)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(USABLE_MM * 0.42), Mm(USABLE_MM * 0.58)
    bodies = [
        (b, {"size": 13, "bold": i == len(texts.bodies) - 1}) for i, b in enumerate(texts.bodies)
    ]
    _cell_lines(left, [*bodies, ("", {}), (texts.number, {"size": 13})])
    _cell_lines(
        right,
        [
            (texts.motto[0], {"size": 12, "bold": True}),
            (texts.motto[1], {"size": 13, "bold": True, "underline": True}),
            ("", {}),
            (texts.place_date, {"size": 13, "italic": True}),
        ],
    )
    _paragraph(doc, "", after=6)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(doc, content.title[0], 14, bold=True, align=centre, after=0)
    _paragraph(doc, content.title[1], 14, bold=True, align=centre, after=12)
    return texts


def _signatures(doc: Any, texts: Any, with_preparer: bool) -> None:
    table = _borderless(doc, 2)
    left, right = table.rows[0].cells
    left.width = right.width = Mm(USABLE_MM / 2)
    blank: list[tuple[str, dict[str, Any]]] = [("", {})] * 4  # room for the signature and the seal

    def signer(title: str, hint: str, name: str) -> list[tuple[str, dict[str, Any]]]:
        return [
            (title, {"size": 13, "bold": True}),
            (hint, {"size": 12, "italic": True}),
            *blank,
            (name, {"size": 13, "bold": True}),
        ]

    left_align = WD_ALIGN_PARAGRAPH.LEFT
    recipients = [
        (texts.recipients_title, {"size": 12, "bold": True, "italic": True, "align": left_align})
    ]
    recipients += [(r, {"size": 11, "align": left_align}) for r in texts.recipients]
    main = signer(texts.signer_title, texts.sign_hint, texts.signer_name)
    if with_preparer:
        _cell_lines(left, signer(texts.preparer_title, texts.preparer_hint, texts.preparer_name))
        _cell_lines(right, main)
        below = table.add_row().cells[0]
        _cell_lines(below, recipients)
    else:
        _cell_lines(left, recipients)
        _cell_lines(right, main)


def _section(doc: Any, section: Part) -> None:
    if section.heading:
        _paragraph(doc, section.heading, BODY_PT, bold=True, after=4)
    for block in section.blocks:
        if isinstance(block, Table):
            _grid_table(doc, block)
            _paragraph(doc, "", 6, after=0)
        else:
            _paragraph(doc, block, 11, italic=True)


def _page_numbers(page: Any) -> None:
    """Nghị định 30: pages numbered from the second, centred in the top margin."""
    page.different_first_page_header_footer = True
    paragraph = page.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"/>'))


def build_docx(report: Mapping[str, Any], lang: str, office: Office | None = None) -> Any:
    content = report_content(report, lang)
    office = report_office(office)
    doc = Document()
    page = doc.sections[0]
    page.orientation = WD_ORIENT.PORTRAIT
    page.page_width, page.page_height = Mm(210), Mm(297)
    page.top_margin, page.bottom_margin = Mm(TOP), Mm(BOTTOM)
    page.left_margin, page.right_margin = Mm(LEFT), Mm(RIGHT)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    # Word picks the east-Asian font for some Vietnamese runs unless it is named too.
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    doc.core_properties.title = " ".join(content.title)
    _page_numbers(page)
    texts = _head(doc, office, content, report, lang)
    for line in content.intro:
        _paragraph(doc, line, BODY_PT, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    for section in content.summary:
        _section(doc, section)
    _signatures(doc, texts, bool(office.preparer_name))
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(doc, content.annex_title[0], 14, bold=True, align=centre, after=0)
    _paragraph(doc, content.annex_title[1], 13, bold=True, align=centre, after=8)
    for section in content.annex:
        _section(doc, section)
    return doc


def write_report_docx(
    report: Mapping[str, Any], path: Path, lang: str, office: Office | None = None
) -> None:
    """Write the report (report_version 2) as a Word document at `path`."""
    build_docx(report, lang, office).save(str(path))
