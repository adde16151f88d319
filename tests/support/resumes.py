"""Real resume files made in the test: a text PDF written by hand (one page, one
Helvetica text stream, a correct xref table), a DOCX written by python-docx, and the
bad files the upload must refuse or mark."""

import io
import zipfile


def _pdf(content: bytes, with_font: bool = True) -> bytes:
    resources = b"<< /Font << /F1 5 0 R >> >>" if with_font else b"<< >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
        + resources
        + b" /Contents 4 0 R >>",
        b"<< /Length "
        + str(len(content)).encode()
        + b" >>\nstream\n"
        + content
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text pypdf can extract, one line per entry."""
    ops = [b"BT", b"/F1 11 Tf", b"14 TL", b"50 740 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"(" + escaped.encode("latin-1") + b") Tj T*")
    ops.append(b"ET")
    return _pdf(b"\n".join(ops))


def scanned_pdf() -> bytes:
    """A PDF with a page but no text (what a scan looks like to a text extractor)."""
    return _pdf(b"0 0 1 rg 50 50 200 200 re f", with_font=False)


def docx_resume(paragraphs: list[str]) -> bytes:
    """A Word document written by python-docx."""
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb_docx() -> bytes:
    """A ZIP that looks like a DOCX but inflates to 200 MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (200 * 1024 * 1024))
    return out.getvalue()


def executable_as_pdf() -> bytes:
    """A Windows executable's first bytes (what a renamed .exe starts with)."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 200


def corrupt_pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nbroken" + b"x" * 50


RESUME_LINES = [
    "Ada Lovelace - Backend Engineer",
    "6 years of professional experience building APIs.",
    "Skills: Python, PostgreSQL, Docker, Kubernetes, Redis.",
    "Led the payments platform team at Acme.",
]
