"""Reading a logo upload from a multipart request (the API and the edit page)."""

from flask import request

from app.branding.images import MAX_LOGO_BYTES
from app.errors import ValidationError

LOGO_MULTIPART = {
    "type": "object",
    "required": ["logo"],
    "properties": {
        "logo": {
            "type": "string",
            "format": "binary",
            "description": "PNG, JPEG or WebP, at most 1 MB and 2000×2000 pixels.",
        }
    },
}


def read_logo_upload() -> bytes:
    """The uploaded `logo` file's bytes (one byte past the limit, to refuse it)."""
    upload = request.files.get("logo")
    data = upload.read(MAX_LOGO_BYTES + 1) if upload else b""
    if not data:
        raise ValidationError(details={"logo": ["Choose an image file to upload."]})
    return data
