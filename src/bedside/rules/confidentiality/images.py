"""Images: CONF003 text in an image, CONF004 metadata, CONF005 faces, CONF006 DICOM.

Text read from an image is judged like the text of the post (CONF001's severities); a picture of a
record, report or label counts as being about a patient whatever the post says. Findings carry the
image's index and the box of what they found; metadata and DICOM header findings carry the whole
picture's box, since they are about the file rather than a place in it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bedside.model import Box, Category, Finding, Severity
from bedside.rules import RuleContext, rule
from bedside.rules.confidentiality.identifiers import (
    DESCRIPTIONS,
    HEALTH_RECORD,
    NOBODYS,
    OWN_ROLES,
    QUASI,
    ROLE_TRUSTED,
    quiet_reading,
    severity_of,
)
from bedside.signals.keys import IMAGES, PATIENT

IMAGE_PATIENT_READINGS = frozenset({"person:patient", "identifier:patient", "date:birth"})
REDACT_FIX = "bedside redact --image FILE -o CLEAN writes a copy with this painted out and no metadata."


def _box(analysis: Any, item: Any = None) -> Box:
    region = item.region if item is not None else None
    if region is None:
        return Box(analysis.index, 0, 0, analysis.width, analysis.height, 0)
    return Box(analysis.index, region.x, region.y, region.width, region.height, region.page)


def _where(analysis: Any) -> str:
    return f"image {analysis.index + 1} ({analysis.name})"


def _about_patient(ctx: RuleContext, analysis: Any) -> bool:
    return bool(
        ctx.signals[PATIENT].about_patient or analysis.record_like
        or any(item.kind in HEALTH_RECORD for item in analysis.items if item.origin in ("ocr", "dicom-pixels"))
    )


def _text_severity(item: Any, about: bool) -> tuple[Category, Severity] | None:
    """CONF001's judgement, applied to a word read from an image, with the reader's reading of its role:
    a name read as staff, a dummy record or the organisation's number stays quiet like in a post, and one
    read as the patient's is the patient's whatever else the picture shows."""
    read_as, probability = item.attrs.get("read_as", ""), float(item.attrs.get("read_probability", 0.0))
    role = read_as.split(":")[-1]
    if quiet_reading(item.kind, role, probability):
        return None
    if role in OWN_ROLES and probability >= ROLE_TRUSTED:
        return "personal-data", "info"
    if read_as in IMAGE_PATIENT_READINGS and probability >= ROLE_TRUSTED:
        about = True
    return severity_of(item.kind, item.attrs, about, patient="image-text")


def _describe(kind: str) -> str:
    what = DESCRIPTIONS.get(kind, kind.replace("-", " "))
    return what[:1].upper() + what[1:]


@rule(
    code="CONF003",
    name="patient-identifier-in-image",
    category="image-text",
    severity="do-not-post",
    summary="Text in an image (a screenshot, scan, photo of a screen, label or wristband) that identifies a patient.",
    what=(
        "Names, NHS and hospital numbers, dates of birth, addresses, phone numbers and other identifiers read "
        "from the pixels of an attached image, judged as CONF001 judges the text of a post. A picture of a "
        "record, report, label or wristband counts as being about a patient."
    ),
    why=(
        "A cropped screenshot of a report or a photo of a screen keeps the header with the patient's details "
        "more often than the author notices, and an image cannot be searched or edited once shared."
    ),
    example="Fascinating case! [screenshot of a CT report showing 'Patient: Edith Langley  NHS No 943 476 5919']",
    fix="Crop or paint out the details; " + REDACT_FIX,
)
def image_text(ctx: RuleContext) -> Iterator[Finding]:
    if not ctx.post.images:
        return
    for analysis in ctx.signals[IMAGES]:
        if analysis.format == "DICOM":
            continue  # CONF006 judges DICOM pixels
        about = _about_patient(ctx, analysis)
        for item in analysis.of("ocr"):
            judged = _text_severity(item, about)
            if judged is None:
                continue
            category, severity = judged
            if category == "personal-data":
                message = f"{_describe(item.kind)} in {_where(analysis)}: personal data of someone who may not " \
                          "have agreed to its posting."
            else:
                message = f"{_describe(item.kind)} in {_where(analysis)} could identify the patient."
            yield ctx.finding(severity, message, box=_box(analysis, item), text=item.text, category=category,
                              details={"identifier": item.kind, "image": analysis.index})


_METADATA: dict[str, tuple[Severity, str]] = {
    "gps": ("do-not-post", "The GPS position where the photo was taken ({text}) is in its metadata."),
    "serial": ("do-not-post", "The camera's serial number ({text}) is in its metadata: it links the photo to "
                              "a device and its owner."),
    "owner": ("review", "The metadata names the photographer, author or the camera's owner ({text}): it "
                        "identifies who took the photo."),
    "person": ("review", "The metadata names a person ({text})."),
    "device-name": ("review", "The metadata names the computer or phone it came from ({text})."),
    "unique-id": ("review", "The metadata carries a unique image ID that can link it to the original."),
    "thumbnail": ("review", "The file carries an embedded preview, which can show the picture before it was "
                            "cropped or edited."),
    "place": ("review", "The metadata names a place ({text})."),
    "date-taken": ("info", "The metadata says when the photo was taken ({text})."),
    "camera": ("info", "The metadata names the camera or phone ({text})."),
    "software": ("info", "The metadata names the software that wrote it ({text})."),
    "text": ("info", "The metadata carries a caption or comment ({text})."),
}


@rule(
    code="CONF004",
    name="image-metadata",
    category="image-metadata",
    severity="do-not-post",
    summary="Metadata in an image: GPS position, camera serial, owner, date taken, captions, embedded thumbnail.",
    what=(
        "EXIF (maker notes included), XMP, IPTC and PNG text in an attached image: GPS coordinates or a device "
        "serial number are do-not-post; the photographer's or owner's name, device name, unique ID, embedded "
        "thumbnail or a caption naming someone is review; the date taken (review in a clinical picture), camera "
        "and software are info."
    ),
    why=(
        "A photo taken on a ward carries the hospital's coordinates and the time it was taken, and an "
        "embedded thumbnail can show the uncropped original: enough to identify the patient or the "
        "place without anything visible in the picture."
    ),
    example="[a wound photo from a phone, with GPS coordinates and the phone's serial in its EXIF]",
    fix="Strip the metadata: " + REDACT_FIX,
)
def image_metadata(ctx: RuleContext) -> Iterator[Finding]:
    if not ctx.post.images:
        return
    for analysis in ctx.signals[IMAGES]:
        about = _about_patient(ctx, analysis)
        for item in analysis.of("metadata"):
            severity: Severity
            severity, template = _METADATA.get(item.kind, ("info", "Metadata: {text}"))
            identifiers = item.attrs.get("identifiers", [])
            if identifiers and item.kind in ("text", "place", "owner", "device-name", "person"):
                severity = "do-not-post" if about else "review"
                template = "The metadata field {key} holds " + ", ".join(
                    DESCRIPTIONS.get(k, k) for k in identifiers) + " ({text})."
            elif item.kind == "date-taken" and about:
                severity = "review"
            message = template.format(text=_short(item.text), key=item.key) + f" [{_where(analysis)}]"
            yield ctx.finding(severity, message, box=_box(analysis), text=_short(item.text),
                              details={"metadata": item.kind, "field": item.key, "image": analysis.index})


@rule(
    code="CONF005",
    name="face-in-image",
    category="face",
    severity="review",
    summary="A face in an attached image: a recognisable patient needs their written consent.",
    what="Faces found in an attached photo (a CPU face detector, BlazeFace, run offline).",
    why=(
        "A face identifies a patient on its own. Clinical photographs that show one need the patient's "
        "explicit, written consent to publication, and a family member can recognise a face in the background."
    ),
    example="Great outcome after the graft! [photo of the patient smiling beside the wound]",
    fix="Crop the face out, or get written consent; " + REDACT_FIX.replace("painted out", "blurred"),
)
def face_in_image(ctx: RuleContext) -> Iterator[Finding]:
    if not ctx.post.images:
        return
    for analysis in ctx.signals[IMAGES]:
        for item in analysis.of("face"):
            yield ctx.finding("review", f"A face in {_where(analysis)}: publishing it needs the person's consent.",
                              box=_box(analysis, item), text="",
                              details={"score": item.attrs.get("score"), "image": analysis.index})


_HEADER = {
    "name": "a person's name", "id": "a patient or record identifier", "contact": "an address or phone number",
    "institution": "the institution or department", "serial": "a device or station identifier",
    "date": "a date or time", "text": "free text", "demographic": "a demographic detail",
    "overlay": "an overlay or curve (graphics that can hold text)",
    "padding": "trailing padding (bytes after the data set, which can hold leftovers)",
}


@rule(
    code="CONF006",
    name="dicom-identifiers",
    category="dicom",
    severity="do-not-post",
    summary="A DICOM file with identifiers in its header (PS3.15 basic profile) or text burned into its pixels.",
    what=(
        "Attributes of the DICOM basic confidentiality profile that carry a value (patient and staff names, "
        "IDs, dates, institution, referrer, device serials, UIDs, private attributes, overlays) and "
        "identifiers read from the rendered frames. Pixels that no installed codec decodes are named (review): "
        "the header is checked all the same."
    ),
    why=(
        "A DICOM file carries the patient's name, ID and dates in its header even when the image looks "
        "anonymous, and many modalities burn the same details into the pixels. UIDs link the image back "
        "to the record in the hospital's archive."
    ),
    example="Classic appearance on this CT [study.dcm with PatientName LANGLEY^EDITH]",
    fix="Post an exported screenshot without the overlay, or " + REDACT_FIX.replace("FILE", "FILE.dcm"),
)
def dicom_identifiers(ctx: RuleContext) -> Iterator[Finding]:
    if not ctx.post.images:
        return
    for analysis in ctx.signals[IMAGES]:
        if analysis.format == "DICOM":
            yield from _dicom_header(ctx, analysis)
            yield from _dicom_pixels(ctx, analysis)


def _dicom_header(ctx: RuleContext, analysis: Any) -> Iterator[Finding]:
    """One finding per identifying attribute; UIDs and private attributes, one finding each in all."""
    header = analysis.of("dicom-header")
    grouped = {"uid": [i for i in header if i.kind == "uid"], "private": [i for i in header if i.kind == "private"]}
    for item in header:
        if item.kind in grouped:
            continue
        what = _HEADER.get(item.kind, item.kind)
        yield ctx.finding(_header_severity(item), f"The DICOM header of {_where(analysis)} holds {what}: {item.key}.",
                          box=_box(analysis), text=_short(item.text),
                          details={"attribute": item.key, "class": item.kind, "image": analysis.index})
    if grouped["uid"]:
        keys = ", ".join(sorted({i.key for i in grouped["uid"]}))
        yield ctx.finding("do-not-post", f"The DICOM header of {_where(analysis)} holds {len(grouped['uid'])} "
                          f"instance UID(s) that link it to the hospital's archive ({keys}).",
                          box=_box(analysis), text="", details={"class": "uid", "image": analysis.index})
    if grouped["private"]:
        yield ctx.finding("review", f"The DICOM header of {_where(analysis)} holds {len(grouped['private'])} "
                          "private attribute(s), whose content no standard describes.",
                          box=_box(analysis), text="", details={"class": "private", "image": analysis.index})


def _header_severity(item: Any) -> Severity:
    if item.kind == "demographic" or (item.kind == "text" and not item.attrs.get("identifiers")):
        return "info"
    if item.kind in ("overlay", "padding"):
        return "review"
    return "do-not-post"


def _dicom_pixels(ctx: RuleContext, analysis: Any) -> Iterator[Finding]:
    for item in analysis.of("dicom-pixels"):
        if item.kind == "undecoded":  # never a quiet OK: what was not read may hold the patient's name
            yield ctx.finding("review", f"The pixels of {_where(analysis)} could not be decoded, so they were "
                              f"not checked for burned-in text ({_short(item.text, 160)}).",
                              box=_box(analysis), text="", details={"undecoded": True, "image": analysis.index})
        elif item.kind == "text":
            yield ctx.finding("info", f"Text is burned into the pixels of {_where(analysis)}.",
                              box=_box(analysis, item), text=item.text,
                              details={"burned-in": True, "image": analysis.index})
        elif item.kind not in QUASI and item.kind not in NOBODYS:
            yield ctx.finding("do-not-post", f"{_describe(item.kind)} is burned into the pixels of "
                              f"{_where(analysis)}.", box=_box(analysis, item), text=item.text,
                              details={"identifier": item.kind, "image": analysis.index})


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
