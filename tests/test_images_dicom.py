"""DICOM (CONF006): header identifiers per PS3.15, burned-in text (multi-frame too), and a redacted copy
that is still valid DICOM, keeps the image and holds no identifier."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pydicom
import pytest
from pydicom.data import get_testdata_file

from bedside import check
from bedside.config import Config
from bedside.model import Post
from bedside.redaction import redact_bytes, redact_file
from image_helpers import dicom_with_text

BURNED = ("LANGLEY EDITH", "NHS 943 476 5919")

CONF = Config(select=("CONF",))  # the confidentiality rules: image checks without other areas' models


def dicom_findings(data: bytes | str) -> list:
    return [f for f in check(Post(text="", images=[data]), CONF).findings if f.code == "CONF006"]


def test_header_identifiers_are_do_not_post() -> None:
    found = dicom_findings(get_testdata_file("CT_small.dcm"))
    attributes = {f.details.get("attribute"): f.severity for f in found}
    for keyword in ("PatientName", "PatientID", "InstitutionName", "StudyDate"):
        assert attributes[keyword] == "do-not-post"
    assert attributes["PatientSex"] == "info"
    classes = {f.details.get("class") for f in found}
    assert {"uid", "private"} <= classes


def test_redacted_ct_is_valid_and_clean(tmp_path: Path) -> None:
    src = Path(get_testdata_file("CT_small.dcm"))
    dst = tmp_path / "ct.clean.dcm"
    redact_file(src, dst, Config())
    before, after = pydicom.dcmread(src), pydicom.dcmread(dst)
    assert np.array_equal(before.pixel_array, after.pixel_array), "no text burned in: pixels unchanged"
    assert str(after.PatientName) == "" and after.PatientID == ""
    assert "InstitutionName" not in after and "StationName" not in after and "OtherPatientIDsSequence" not in after
    assert not any(element.tag.is_private for element in after.iterall())
    assert after.StudyInstanceUID != before.StudyInstanceUID and after.SOPInstanceUID != before.SOPInstanceUID
    assert after.file_meta.MediaStorageSOPInstanceUID == after.SOPInstanceUID
    assert after.PatientIdentityRemoved == "YES"
    assert not dicom_findings(str(dst)) or all(f.severity == "info" for f in dicom_findings(str(dst)))


def test_burned_in_text_is_found_and_painted() -> None:
    data = dicom_with_text(BURNED)
    found = [f for f in dicom_findings(data) if f.details.get("identifier")]
    assert any(f.details["identifier"] == "nhs-number" and f.box is not None for f in found)
    clean, name, _ = redact_bytes(data, "study.dcm", Config())
    assert name == "study.redacted.dcm"
    after = pydicom.dcmread(io.BytesIO(clean))
    assert after.pixel_array.shape == (160, 520) and after.BurnedInAnnotation == "NO"
    assert after.pixel_array[:70, :].max() < 255, "the burned-in lines are painted over"
    assert after.pixel_array[100, 200] == 90, "the anatomy is kept"
    assert not [f for f in dicom_findings(clean) if f.severity != "info"]


def test_multi_frame_text_in_a_later_frame() -> None:
    data = dicom_with_text(BURNED, frames=3, text_frame=2)
    found = [f for f in dicom_findings(data) if f.details.get("identifier") == "nhs-number"]
    assert found
    clean, _, _ = redact_bytes(data, "cine.dcm", Config())
    after = pydicom.dcmread(io.BytesIO(clean)).pixel_array
    assert after.shape == (3, 160, 520)
    box = found[0].box
    assert box is not None
    assert after[2, box.y + box.height // 2, box.x : box.x + box.width].max() == 0


def test_clean_dicom_gives_no_identifier_finding() -> None:
    clean, _, _ = redact_bytes(Path(get_testdata_file("MR_small.dcm")).read_bytes(), "mr.dcm", Config())
    assert not [f for f in dicom_findings(clean) if f.severity != "info"]


def test_dicom_cannot_become_a_png(tmp_path: Path) -> None:
    from bedside.model import InputError

    with pytest.raises(InputError, match="DICOM"):
        redact_file(Path(get_testdata_file("MR_small.dcm")), tmp_path / "mr.png", Config())
    assert not (tmp_path / "mr.png").exists()
