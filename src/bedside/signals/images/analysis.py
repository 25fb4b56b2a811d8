"""One image in, everything found in it out: OCR identifiers, metadata, faces, DICOM header and pixels.

Results are cached by content for the life of the process, so checking a post and then redacting the
same image (the web app's flow) reads its text once.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path

from PIL import Image, ImageOps

from bedside.model import Attachment, InputError
from bedside.signals import Signal
from bedside.signals import identifiers as identifier_finders
from bedside.signals.identifiers import find_identifiers
from bedside.signals.images import dicom, faces, metadata, ocr
from bedside.signals.images.loading import MAX_PIXELS, Source, open_image, read_source
from bedside.signals.images.model import ImageAnalysis, ImageItem, Origin
from bedside.signals.patient import patient_context
from bedside.signals.reader import Mention, Reading, read

HEALTH_RECORD = frozenset({"nhs-number", "chi-number", "hc-number", "hospital-number", "date-of-birth"})
READ_KINDS = frozenset({"name", "date", "date-of-birth", "phone", "email", "handle", "hospital-number", "address"})
READ_PATIENT = 0.6  # the reader's probability from which a name no finder found is the patient's (OCR text)
# Words that make a picture of text a clinical record, report, label or wristband.
_RECORD = re.compile(
    r"\b(?:patient|pt\s+name|d\.?o\.?b|date\s+of\s+birth|nhs\s*(?:no|number)|hosp(?:ital)?\s*(?:no|number)|mrn|"
    r"unit\s+no|ward|bed|consultant|referrer|referring|clinician|discharge|admission|admitted|radiology|"
    r"report|diagnosis|clinical\s+(?:details|history|notes)|allerg|medication|prescription|gp\b|"
    r"x-?ray|ct\b|mri\b|ultrasound|blood|results?)\b",
    re.IGNORECASE,
)
# "LANGLEY, EDITH" alone on a line: how wristbands, labels and record banners write a patient's name.
_SURNAME_FIRST = re.compile(r"^[ \t]*[A-Z][A-Z'\-]+,[ \t]*[A-Z][A-Za-z'\-]+(?:[ \t]+[A-Z][A-Za-z'\-]+)?[ \t]*$", re.M)
_CACHE: OrderedDict[tuple[str, str, str], ImageAnalysis] = OrderedDict()
_CACHE_SIZE = 8
OCR_TEXT_KINDS = ("text", "owner", "place", "device-name", "person")  # metadata fields worth the text detectors
MAX_FRAMES_CHECKED = 20  # distinct frames of an animated GIF, WebP or multi-page TIFF read for text and faces
# A camera's burned-in timestamp ("20-03-16 10:42"): a date, then the hour, which the phone finder joins up.
_CLOCK_AFTER_DATE = re.compile(r"[ \t]+\d{1,4}")


def analyse(item: str | Path | bytes | Attachment, index: int = 0, *, country: str = "GB",
            engine: str = "rapidocr", name: str = "") -> ImageAnalysis:
    """Read one image (a path, bytes, or bytes with their name) and find everything identifying in it."""
    source = read_source(item.data, name or item.name) if isinstance(item, Attachment) else read_source(item, name)
    key = (hashlib.sha256(source.data).hexdigest(), country, engine)
    cached = _CACHE.get(key)
    if cached is None:
        cached = _analyse(source, country, engine)
        _CACHE[key] = cached
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return replace(cached, index=index, name=source.name, items=list(cached.items), warnings=list(cached.warnings))


def load_upright(source: Source) -> tuple[Image.Image, int]:
    """The first frame, turned the way EXIF says it is shown (the redacted copy is written that way), and
    the number of frames in the file."""
    image = open_image(source)
    frames = int(getattr(image, "n_frames", 1) or 1)
    upright = ImageOps.exif_transpose(image)
    return (upright if upright is not None else image), frames


def _analyse(source: Source, country: str, engine: str) -> ImageAnalysis:
    if source.format == "DICOM":
        return _analyse_dicom(source, country, engine)
    image, frames = load_upright(source)  # first: a broken file is reported as such, not as bad metadata
    items = [_with_identifiers(m, country) for m in metadata.read_metadata(source)]
    result = ImageAnalysis(0, source.name, source.format, image.width, image.height, frames, items=items)
    _read_pixels(result, image, "ocr", country, engine, page=0)
    _find_faces(result, image, page=0)
    if source.format in ("GIF", "WEBP", "TIFF") and result.frames > 1:
        _read_later_frames(result, source, image, country, engine)
    return result


def _find_faces(result: ImageAnalysis, image: Image.Image, page: int) -> None:
    for region, score in faces.find_faces(image):
        region = replace(region, page=page)
        result.items.append(ImageItem("face", "face", "a face", region, "FACE", attrs={"score": round(score, 3)}))


def _read_later_frames(result: ImageAnalysis, source: Source, first: Image.Image, country: str, engine: str) -> None:
    """Text and faces in the other frames of an animation or pages of a TIFF: each distinct frame up to
    MAX_FRAMES_CHECKED (animations repeat frames), decoding no more than four images' worth of pixels."""
    seen = {hashlib.sha256(first.convert("RGB").tobytes()).digest()}
    checked, budget = 1, MAX_PIXELS * 4
    image = Image.open(io.BytesIO(source.data))
    for page in range(1, result.frames):
        budget -= image.width * image.height
        if checked >= MAX_FRAMES_CHECKED or budget < 0:
            result.warnings.append(f"{source.name}: text and faces were checked in {checked} distinct frames; "
                                   f"frames {page + 1} to {result.frames} of {result.frames} were not checked")
            return
        try:
            image.seek(page)
            frame = image.convert("RGB")
        except (OSError, ValueError, EOFError, SyntaxError) as error:
            result.warnings.append(f"{source.name}: frame {page + 1} of {result.frames} cannot be decoded "
                                   f"({str(error)[:80]}); it and the frames after it were not checked")
            return
        digest = hashlib.sha256(frame.tobytes()).digest()
        if digest in seen:
            continue
        seen.add(digest)
        checked += 1
        _merge_pixels(result, frame, "ocr", country, engine, page)
        if not result.of("face"):  # one face is enough to ask for consent; the same face on every frame is noise
            _find_faces(result, frame, page)


def _merge_pixels(result: ImageAnalysis, image: Image.Image, origin: Origin, country: str, engine: str,
                  page: int) -> None:
    """What `_read_pixels` finds in one more frame, added to what the others found."""
    extra = ImageAnalysis(0, "", "", result.width, result.height)
    _read_pixels(extra, image, origin, country, engine, page)
    before = {(i.kind, i.text) for i in result.items}  # once is enough: the same label on every frame
    result.items.extend(i for i in extra.items if (i.kind, i.text) not in before)
    result.text = "\n".join(t for t in (result.text, extra.text) if t)
    result.record_like = result.record_like or extra.record_like


def _analyse_dicom(source: Source, country: str, engine: str) -> ImageAnalysis:
    dataset = dicom.read(source)
    items = [_with_identifiers(i, country) for i in dicom.header_items(dataset)]
    rows, columns = dicom.number(dataset, "Rows"), dicom.number(dataset, "Columns")
    count = dicom.number(dataset, "NumberOfFrames", 1)
    result = ImageAnalysis(0, source.name, "DICOM", columns, rows, count, items=items)
    if "PixelData" not in dataset:
        return result
    try:  # the header is checked whatever happens to the pixels
        stack = dicom.frames(dataset, source.name)
    except InputError as error:
        result.items.append(ImageItem("dicom-pixels", "undecoded", str(error), key="PixelData"))
        result.warnings.append(f"{error}: its pixels were not checked for burned-in text")
        return result
    _read_pixels(result, dicom.render(dataset, stack[0]), "dicom-pixels", country, engine, page=0)
    if count > 1:  # text burned into any frame shows in the brightest pixels of the stack
        _merge_pixels(result, dicom.render(dataset, stack.max(axis=0)), "dicom-pixels", country, engine, page=0)
    return result


def _read_pixels(result: ImageAnalysis, image: Image.Image, origin: Origin, country: str, engine: str,
                 page: int) -> None:
    text = ocr.read_text(image, engine)
    result.text = text.text
    found = _identifiers(text.text, country) if text.text else []  # (signal, span to paint)
    result.record_like = bool(
        text.text
        and (patient_context(text.text).about_patient or _RECORD.search(text.text)
             or any(s.kind in HEALTH_RECORD for s, _ in found))
    )
    reading = read(text.text) if text.text else None
    for signal, (start, end) in found:
        attrs = dict(signal.attrs)
        if reading is not None and signal.kind in READ_KINDS:
            attrs.update(_read_as(reading.roles_at(signal.start, signal.end)))
        for region in text.regions(start, end, page):
            result.items.append(ImageItem(origin, signal.kind, signal.text, region, signal.label, attrs=attrs))
    for mention in _unfound_patients(reading, found):
        for region in text.regions(mention.start, mention.end, page):
            result.items.append(ImageItem(origin, "name", mention.text, region, "NAME",
                                          attrs=_read_as([mention])))
    if origin == "dicom-pixels":  # burned-in annotation: every line, identifiers found in it or not
        start = 0
        for line in text.text.split("\n"):
            for region in text.regions(start, start + len(line), page):
                result.items.append(ImageItem(origin, "text", line, region, "TEXT"))
            start += len(line) + 1


def _read_as(mentions: list[Mention]) -> dict[str, object]:
    """The reader's most likely reading of a span, as attrs: read_as ("person:staff") and read_probability."""
    if not mentions:
        return {}
    best = max(mentions, key=lambda m: m.probability)
    return {"read_as": f"{best.type}:{best.role}", "read_probability": round(best.probability, 2)}


def _unfound_patients(reading: Reading | None, found: list[tuple[Signal, tuple[int, int]]]) -> list[Mention]:
    """Names the reader calls the patient's where no finder found anything: a name without a pattern."""
    if reading is None:
        return []
    return [m for m in reading.mentions if m.type == "person" and m.role == "patient"
            and m.probability >= READ_PATIENT and not any(s.start < m.end and m.start < s.end for s, _ in found)]


def _identifiers(text: str, country: str) -> list[tuple[Signal, tuple[int, int]]]:
    """The identifiers of OCR text, each with the span to paint: widened, within its line, to cover every
    detector's overlapping span.

    For text, one reading of an overlap is enough ("14 Lemon Street, Truro TR1" as an address); for
    pixels, the part of the postcode "TR1 2LS" outside that span would be left showing.
    """
    raw = _timestamps_are_not_phones(identifier_finders.raw_identifiers(text, country, prose=False), text)
    kept = identifier_finders.resolve_overlaps(raw)
    if _RECORD.search(text):
        labels = [Signal("name", m.start(), m.end(), m.group(), "NAME", 0.8) for m in _SURNAME_FIRST.finditer(text)]
        kept = identifier_finders.resolve_overlaps(kept + labels)
    widened: list[tuple[Signal, tuple[int, int]]] = []
    seen: set[tuple[str, int, int]] = set()
    for signal in kept:
        line_start = text.rfind("\n", 0, signal.start) + 1
        line_end = text.find("\n", signal.end)
        line_end = len(text) if line_end < 0 else line_end
        start, end = signal.start, signal.end
        for other in raw:
            if other.start < end and other.end > start:
                start, end = max(line_start, min(start, other.start)), min(line_end, max(end, other.end))
        if (signal.kind, start, end) not in seen:
            seen.add((signal.kind, start, end))
            widened.append((signal, (start, end)))
    return widened


def _timestamps_are_not_phones(raw: list[Signal], text: str) -> list[Signal]:
    """Without the phone numbers that are a date and the hour after it: the timestamp a camera burns into its
    photos ("20-03-16 10:42") reads to the phone finder as "20-03-16 10". The date and time stay found."""
    dates = [s for s in raw if s.kind == "date"]

    def is_timestamp(phone: Signal) -> bool:
        return any(d.start == phone.start and d.end < phone.end
                   and _CLOCK_AFTER_DATE.fullmatch(text, d.end, phone.end) for d in dates)

    return [s for s in raw if not (s.kind == "phone" and is_timestamp(s))]


def _with_identifiers(item: ImageItem, country: str) -> ImageItem:
    """Metadata text that names or numbers someone says so in its attrs (`identifiers`: kinds found)."""
    if item.kind not in OCR_TEXT_KINDS and not (item.origin == "dicom-header" and item.kind == "text"):
        return item
    kinds = sorted({s.kind for s in find_identifiers(item.text, country)})
    return replace(item, attrs={**item.attrs, "identifiers": kinds}) if kinds else item
