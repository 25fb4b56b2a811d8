"""Images through the API: check them (boxes, faces, metadata), and hand back a clean copy.

Nothing is stored: each upload is read into memory, checked or redacted, and dropped when the response is
sent. The browser keeps the file, so the clean copy is made only when the user asks for it.
"""

from __future__ import annotations

import base64
import io
import time
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response

from bedside.engine import check
from bedside.model import PROFESSIONS, Attachment, InputError, Post, verdict_of
from bedside.web import features
from bedside.web.api import config_for, parse_settings, report_out
from bedside.web.schemas import FindingOut, ImageResult, ImagesOut
from bedside.web.security import require_token

router = APIRouter(prefix="/api", dependencies=[Depends(require_token)])
MAX_FILES = 20
PREVIEW_PIXELS = 30_000_000
COUNTRY = r"^[A-Za-z]{2}$"
PROFESSION = "^(" + "|".join(PROFESSIONS) + ")$"


async def _read(files: list[UploadFile]) -> list[tuple[str, bytes]]:
    if not files:
        raise InputError("no image given")
    if len(files) > MAX_FILES:
        raise InputError(f"at most {MAX_FILES} images at a time")
    read = []
    for upload in files:
        data = await upload.read()
        await upload.close()
        if not data:
            raise InputError(f"{upload.filename or 'an image'} is empty")
        read.append((upload.filename or "image", data))
    return read


@router.post("/image", response_model=ImagesOut, summary="Check images")
async def check_images(
    request: Request,
    files: Annotated[list[UploadFile], File(description="Images (JPEG, PNG, WebP, TIFF, HEIC, GIF) or DICOM files")],
    text: Annotated[str, Form(max_length=200_000)] = "",
    country: Annotated[str, Form(pattern=COUNTRY)] = "GB",
    profession: Annotated[str, Form(pattern=PROFESSION)] = "doctor",
    settings: Annotated[str, Form(max_length=100_000, description="The settings as JSON")] = "{}",
) -> ImagesOut:
    """Text in the images, metadata, faces and DICOM headers that could identify a patient; each image
    finding has a box in the image's pixels."""
    features.require("images")
    config = config_for(request, parse_settings(settings))
    uploads = await _read(files)
    started = time.perf_counter()
    post = Post(text=text, images=[Attachment(data, name) for name, data in uploads], country=country,
                profession=profession)  # type: ignore[arg-type]
    report = check(post, config)
    results = []
    for index, (name, data) in enumerate(uploads):
        own = [f for f in report.findings if (f.box is not None and f.box.image == index)
               or (f.start is None and f.box is None and f.details.get("image") == index)]
        results.append(ImageResult(name=name, verdict=verdict_of(own),
                                   findings=[FindingOut.model_validate(f.to_dict()) for f in own],
                                   preview=_preview(name, data)))
    text_findings = [f for f in report.findings if f.start is not None]
    text_report = report_out(report, text, started) if text else None
    if text_report is not None:
        text_report.findings = [FindingOut.model_validate(f.to_dict()) for f in text_findings]
    return ImagesOut(verdict=report.verdict, images=results, text=text_report)


@router.post("/image/clean", summary="A clean copy of an image", response_class=Response,
             responses={200: {"content": {"application/octet-stream": {}}, "description": "The clean file"}})
async def clean_image(
    request: Request,
    file: Annotated[UploadFile, File(description="One image or DICOM file")],
    settings: Annotated[str, Form(max_length=100_000)] = "{}",
) -> Response:
    """The image with identifying text painted out, faces blurred and every metadata block dropped (for
    DICOM: a valid file without identifiers). bedside checks its own output before handing it back."""
    redact_bytes = features.require("images")
    config = config_for(request, parse_settings(settings))
    ((name, data),) = await _read([file])
    clean, filename, report = redact_bytes(data, name, config)
    safe_name = "".join(c for c in filename if c.isalnum() or c in "._-") or "clean"
    return Response(clean, media_type="application/octet-stream", headers={
        "Content-Disposition": f'attachment; filename="{safe_name}"',
        "X-Bedside-Removed": str(len(report.findings)),
    })


def _preview(name: str, data: bytes) -> str | None:
    """A PNG data URL for formats a browser cannot show (DICOM, TIFF, HEIC), rendered as bedside's own
    analysis sees them, so the boxes line up; None for formats the browser shows itself."""
    from PIL import Image, ImageOps

    from bedside.signals.images import dicom, loading

    kind = loading.sniff(data)
    if kind not in ("DICOM", "TIFF", "HEIF"):
        return None
    try:  # the check has already refused files that are corrupt or too large
        if kind == "DICOM":
            dataset = dicom.read(loading.read_source(data, name))
            image = dicom.render(dataset, dicom.frames(dataset, name)[0])
        else:
            if kind == "HEIF":
                from pillow_heif import register_heif_opener

                register_heif_opener()
            image = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
        if image.width * image.height > PREVIEW_PIXELS:
            return None
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
    except Exception:  # a preview is a nicety: a file that cannot be rendered still gets its findings
        return None
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
