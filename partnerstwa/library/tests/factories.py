"""Documents for tests, and small real files of each format built in memory."""

import io
import zipfile

from partnerstwa.library import services, tasks


def pdf_bytes(text: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from partnerstwa.lib.pdf import FONT, register_fonts

    register_fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont(FONT, 11)
    y = 800
    for line in text.splitlines():
        pdf.drawString(50, y, line)
        y -= 16
    pdf.save()
    return buffer.getvalue()


_OOXML = "http://schemas.openxmlformats.org"
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_RELS = "application/vnd.openxmlformats-package.relationships+xml"
_ODT = "application/vnd.oasis.opendocument.text"
_ODF = "urn:oasis:names:tc:opendocument:xmlns"


def docx_bytes(text: str) -> bytes:
    w = f"{_OOXML}/wordprocessingml/2006/main"
    paragraphs = "".join(
        f"<w:p><w:r><w:t>{_xml(line)}</w:t></w:r></w:p>" for line in text.splitlines()
    )
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<Types xmlns="{_OOXML}/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="{_RELS}"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{_DOCX_MAIN}"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<Relationships xmlns="{_OOXML}/package/2006/relationships">'
            f'<Relationship Id="rId1" Target="word/document.xml" '
            f'Type="{_OOXML}/officeDocument/2006/relationships/officeDocument"/>'
            "</Relationships>"
        ),
        "word/document.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body>'
            f"{paragraphs}</w:body></w:document>"
        ),
    }
    return _zip(files)


def odt_bytes(text: str) -> bytes:
    paragraphs = "".join(f"<text:p>{_xml(line)}</text:p>" for line in text.splitlines())
    files = {
        "mimetype": _ODT,
        "META-INF/manifest.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<manifest:manifest xmlns:manifest="{_ODF}:manifest:1.0">'
            f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{_ODT}"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>"
        ),
        "content.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<office:document-content xmlns:office="{_ODF}:office:1.0" '
            f'xmlns:text="{_ODF}:text:1.0" office:version="1.2">'
            f"<office:body><office:text>{paragraphs}</office:text></office:body>"
            "</office:document-content>"
        ),
    }
    return _zip(files)


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            # The OpenDocument mimetype comes first, stored, as the format requires.
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=method)
    return buffer.getvalue()


def document(*, title: str = "Raport z działań", text: str = "Współpraca gmin.", **fields):
    """A PDF document holding `text`, stored and its text read (as the task queued after the
    upload's commit does; a test's transaction never commits)."""
    created = services.document_create(
        title=title, content=pdf_bytes(text), filename=f"{title[:20]}.pdf", **fields
    )
    tasks.extract_document_text.call(created.pk)
    created.refresh_from_db()
    return created
