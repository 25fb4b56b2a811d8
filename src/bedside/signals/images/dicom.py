"""DICOM: header identifiers per the PS3.15 basic confidentiality profile, frames rendered for OCR, and a
de-identified copy that is still a valid DICOM file.

The profile's attribute list is long; bedside applies it by class as well as by name: every person name
(VR PN), date and time (DA, DT, TM), instance UID, private attribute, overlay and curve, plus the named
identifiers, institution, device and free-text attributes below. Type 2 attributes that a valid file must
carry (PatientName, PatientID, StudyDate …) are kept empty rather than removed.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import numpy as np
from PIL import Image

from bedside.model import InputError
from bedside.signals.images.loading import Source, check_size, looks_like_raw_dicom
from bedside.signals.images.model import ImageItem, Region

IDS = frozenset({
    "PatientID", "OtherPatientIDs", "IssuerOfPatientID", "AccessionNumber", "StudyID", "MedicalRecordLocator",
    "AdmissionID", "RequestedProcedureID", "PerformedProcedureStepID", "ScheduledProcedureStepID",
    "FillerOrderNumberImagingServiceRequest", "PlacerOrderNumberImagingServiceRequest", "ServiceEpisodeID",
    "InsurancePlanIdentification", "PatientTransportArrangements", "OtherPatientIDsSequence",
})
CONTACT = frozenset({
    "PatientAddress", "PatientTelephoneNumbers", "ReferringPhysicianAddress", "ReferringPhysicianTelephoneNumbers",
    "PatientInstitutionResidence", "CountryOfResidence", "RegionOfResidence", "ResponsibleOrganization",
    "PersonAddress", "PersonTelephoneNumbers",
})
INSTITUTION = frozenset({
    "InstitutionName", "InstitutionAddress", "InstitutionalDepartmentName", "InstitutionCodeSequence",
    "RequestingService", "PerformedLocation", "ScheduledProcedureStepLocation", "CurrentPatientLocation",
    "ReferringPhysicianIdentificationSequence", "PhysiciansOfRecordIdentificationSequence",
    "PerformingPhysicianIdentificationSequence", "OperatorIdentificationSequence",
})
DEVICE = frozenset({
    "DeviceSerialNumber", "StationName", "StationAETitle", "DetectorID", "GantryID", "PlateID", "CassetteID",
    "DeviceUID", "SourceSerialNumber", "GeneratorID",
})
TEXT = frozenset({
    "PatientComments", "ImageComments", "StudyComments", "AdditionalPatientHistory", "AdmittingDiagnosesDescription",
    "StudyDescription", "SeriesDescription", "PerformedProcedureStepDescription", "RequestedProcedureDescription",
    "RequestedProcedureComments", "ProtocolName", "DerivationDescription", "ReasonForStudy",
    "ReasonForTheRequestedProcedure", "ServiceEpisodeDescription", "VisitComments", "MedicalAlerts", "Allergies",
    "Occupation", "TextString", "TextComments", "FrameComments", "InterpretationText", "ImpressionsText",
    "RequestAttributesSequence", "ContentSequence", "PatientState", "SpecialNeeds", "PregnancyStatus",
    "MilitaryRank", "BranchOfService", "EthnicGroup", "PatientReligiousPreference", "PatientBirthName",
    "PatientMotherBirthName", "OtherPatientNames", "ResponsiblePerson", "IdentifyingComments", "AcquisitionComments",
})
DEMOGRAPHIC = frozenset({"PatientSex", "PatientAge", "PatientSize", "PatientWeight", "SmokingStatus"})
KEEP_EMPTY = frozenset({  # Type 2 in the common image IODs: present, empty
    "PatientName", "PatientID", "PatientBirthDate", "PatientSex", "StudyDate", "StudyTime",
    "ReferringPhysicianName", "StudyID", "AccessionNumber", "ContentDate", "ContentTime", "SeriesNumber",
    "InstanceNumber",
})
KEEP_UIDS = frozenset(
    {"TransferSyntaxUID", "ImplementationClassUID", "CodingSchemeUID", "ContextGroupExtensionCreatorUID"}
)
PROFILE = "bedside: PS3.15 basic profile"
BEDSIDE_METHOD = f"{PROFILE}, burned-in text painted"
HEADER_ONLY_METHOD = f"{PROFILE}, pixels not checked"
TRAILING_PADDING = 0xFFFCFFFC  # DataSetTrailingPadding


def _class_of(element: Any) -> str | None:
    """The identifier class of one header element, or None when it is not an identifier."""
    keyword = element.keyword or ""
    return _structural_class(element) or _named_class(keyword, element.VR) or _typed_class(keyword, element.VR)


def _structural_class(element: Any) -> str | None:
    if element.tag.is_private:
        return "private"
    if element.tag == TRAILING_PADDING:  # PS3.15 removes it: bytes after the data set can hold leftovers
        return "padding"
    if element.tag.group & 0xFF00 in (0x5000, 0x6000):
        return "overlay"
    return None


def _named_class(keyword: str, vr: str) -> str | None:
    if vr == "PN" or keyword in ("PatientBirthName", "PatientMotherBirthName", "OtherPatientNames"):
        return "name"
    for keywords, kind in ((IDS, "id"), (CONTACT, "contact"), (INSTITUTION, "institution"), (DEVICE, "serial")):
        if keyword in keywords:
            return kind
    return None


def _typed_class(keyword: str, vr: str) -> str | None:
    if vr in ("DA", "DT", "TM"):
        return "date"
    if vr == "UI" and keyword not in KEEP_UIDS and not keyword.endswith("ClassUID"):
        return "uid"
    if keyword in TEXT:
        return "text"
    if keyword in DEMOGRAPHIC:
        return "demographic"
    return None


def number(dataset: Any, keyword: str, default: int = 0) -> int:
    """An integer attribute, or the default; a malformed value is bad input, not a crash."""
    try:
        return int(dataset.get(keyword, default) or default)
    except (TypeError, ValueError) as error:
        raise InputError(f"the DICOM attribute {keyword} is not a number: {dataset.get(keyword)!r}") from error


def read(source: Source) -> Any:
    """The dataset, header and (still encoded) pixels; the pixels are decoded and limited by `frames`."""
    import pydicom
    from pydicom.errors import InvalidDicomError

    data = source.data
    preamble = data[128:132] == b"DICM"
    if not preamble and data[:4] == b"DICM":
        data = data[4:]  # the magic without its preamble
    if not preamble and not looks_like_raw_dicom(data):
        raise InputError(f"{source.name} is not a readable DICOM file: no preamble and no DICOM data set at its start")
    try:
        dataset = pydicom.dcmread(io.BytesIO(data), force=not preamble)
    except (InvalidDicomError, OSError, ValueError, EOFError, KeyError, TypeError, AttributeError) as error:
        raise InputError(f"{source.name} is not a readable DICOM file: {str(error)[:100]}") from error
    meta = getattr(dataset, "file_meta", None)
    if not dataset.get("SOPClassUID") and not (meta is not None and meta.get("MediaStorageSOPClassUID")):
        raise InputError(f"{source.name} is not a readable DICOM file: it has no SOP Class UID")
    if "TransferSyntaxUID" not in dataset.file_meta:  # a bare data set: say how it was read, to decode its pixels
        dataset.file_meta.TransferSyntaxUID = _syntax_read(dataset)
    return dataset


def _syntax_read(dataset: Any) -> Any:
    from pydicom.uid import ExplicitVRBigEndian, ExplicitVRLittleEndian, ImplicitVRLittleEndian

    implicit, little = getattr(dataset, "original_encoding", (True, True))
    if implicit:
        return ImplicitVRLittleEndian
    return ExplicitVRLittleEndian if little else ExplicitVRBigEndian


def header_items(dataset: Any) -> list[ImageItem]:
    """Every identifying attribute with a value, per the basic profile."""
    if str(dataset.get("PatientIdentityRemoved", "")).upper() == "YES" and str(
        dataset.get("DeidentificationMethod", "")
    ).startswith(PROFILE):
        replaced = True  # bedside's own output: its UIDs are new, not the record's
    else:
        replaced = False
    items = []
    for element in _walk(dataset):
        kind = _class_of(element)
        if kind is None or (kind == "uid" and replaced):
            continue
        text = _value_text(element)
        if not text:
            continue
        items.append(ImageItem("dicom-header", kind, text, key=element.keyword or str(element.tag)))
    return items


def _walk(dataset: Any) -> Iterator[Any]:
    for element in dataset:
        if element.tag == 0x7FE00010:
            continue
        yield element
        if element.VR == "SQ" and _class_of(element) is None:
            for item in element.value or []:
                yield from _walk(item)


def _value_text(element: Any) -> str:
    if element.VR == "SQ":
        return f"{len(element.value)} item(s)" if element.value else ""
    if element.VR in ("OB", "OW", "OF", "OD", "OL", "OV", "UN"):
        return f"{len(element.value or b'')} bytes" if element.value else ""
    value = element.value
    if value is None or value == "":
        return ""
    if isinstance(value, list | tuple) or type(value).__name__ == "MultiValue":
        return "\\".join(str(v) for v in value)[:500]
    return str(value)[:500]


def frames(dataset: Any, name: str) -> np.ndarray:
    """The pixel data as an array of frames: (frames, rows, columns[, 3]), within the size limits."""
    check_size(number(dataset, "Columns"), number(dataset, "Rows"), number(dataset, "NumberOfFrames", 1), name)
    try:
        array: np.ndarray = dataset.pixel_array
    except Exception as error:
        syntax = getattr(getattr(dataset, "file_meta", None), "TransferSyntaxUID", None)
        what = f"{syntax.name} " if syntax is not None and hasattr(syntax, "name") else ""
        reason = " ".join(str(error).split())  # pydicom lists each plugin's failure on its own line
        raise InputError(f"{name}: cannot decode its {what}pixel data ({reason[:160]})") from error
    count = number(dataset, "NumberOfFrames", 1)
    if count == 1:
        array = array[None]
    return array


def render(dataset: Any, array: np.ndarray) -> Image.Image:
    """One frame (or a stack's brightest pixels) as 8-bit greyscale or RGB, as a viewer would show it."""
    data = array.astype(np.float32)
    if data.ndim == 2 or (data.ndim == 3 and data.shape[-1] != 3):
        try:
            from pydicom.pixels.processing import apply_modality_lut

            data = apply_modality_lut(array, dataset).astype(np.float32)
        except Exception:
            data = array.astype(np.float32)
        low, high = float(np.percentile(data, 0.5)), float(np.percentile(data, 99.8))
        if high <= low:
            low, high = float(data.min()), float(data.max()) or 1.0
        scaled = np.clip((data - low) / max(high - low, 1e-6) * 255, 0, 255).astype(np.uint8)
        if str(dataset.get("PhotometricInterpretation", "")) == "MONOCHROME1":
            scaled = 255 - scaled
        return Image.fromarray(scaled, "L")
    return Image.fromarray(np.clip(data, 0, 255).astype(np.uint8), "RGB")


def deidentify(dataset: Any, boxes: list[Region], name: str, *, pixels_checked: bool = True) -> bytes:
    """A valid DICOM file without identifiers: header per the basic profile, boxes painted into every frame.

    With pixels_checked=False (pixels no installed codec decodes) the pixels are kept as they are and the file
    says so: BurnedInAnnotation is left as it was and the method names the pixels as unchecked.
    """
    from pydicom.uid import ExplicitVRLittleEndian, generate_uid

    if boxes and "PixelData" in dataset:
        _paint(dataset, boxes, name)
    dataset.remove_private_tags()
    uids: dict[str, str] = {}
    _clean(dataset, uids, generate_uid)
    meta = dataset.file_meta
    if "SOPInstanceUID" in dataset:
        meta.MediaStorageSOPInstanceUID = dataset.SOPInstanceUID
    for keyword in ("SourceApplicationEntityTitle", "SendingApplicationEntityTitle", "ReceivingApplicationEntityTitle",
                    "PrivateInformation", "PrivateInformationCreatorUID"):
        if keyword in meta:
            delattr(meta, keyword)
    dataset.PatientIdentityRemoved = "YES"
    dataset.DeidentificationMethod = BEDSIDE_METHOD if pixels_checked else HEADER_ONLY_METHOD
    if "PixelData" in dataset and pixels_checked:
        dataset.BurnedInAnnotation = "NO"
    if "TransferSyntaxUID" not in meta:
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
    out = io.BytesIO()
    try:
        dataset.save_as(out, enforce_file_format=True)
    except Exception as error:
        raise InputError(f"{name}: cannot write the de-identified DICOM ({str(error)[:100]})") from error
    return out.getvalue()


def _clean(dataset: Any, uids: dict[str, str], generate_uid: Any) -> None:
    for element in list(dataset):
        if element.tag == 0x7FE00010:
            continue
        kind = _class_of(element)
        if kind == "uid":
            element.value = _new_uids(element.value, uids, generate_uid)
        elif kind is not None:
            if element.keyword in KEEP_EMPTY:
                element.value = "" if element.VR != "SQ" else []
            else:
                del dataset[element.tag]
        elif element.VR == "SQ":
            for item in element.value or []:
                _clean(item, uids, generate_uid)


def _new_uids(value: Any, uids: dict[str, str], generate_uid: Any) -> Any:
    def one(uid: Any) -> str:
        text = str(uid)
        if text.startswith("1.2.840.10008.") or not text:  # DICOM's own well-known UIDs
            return text
        if text not in uids:
            uids[text] = str(generate_uid())
        return uids[text]

    if isinstance(value, list | tuple) or type(value).__name__ == "MultiValue":
        return [one(v) for v in value]
    return one(value)


def _paint(dataset: Any, boxes: list[Region], name: str) -> None:
    if number(dataset, "BitsAllocated", 8) == 1:
        raise InputError(f"{name}: 1-bit pixel data cannot be redacted")
    if dataset.file_meta.TransferSyntaxUID.is_compressed:
        try:
            dataset.decompress()
        except Exception as error:
            raise InputError(f"{name}: cannot decompress its pixel data to redact it ({str(error)[:80]})") from error
    array = frames(dataset, name).copy()
    fill = array.max() if str(dataset.get("PhotometricInterpretation", "")) == "MONOCHROME1" else array.min()
    for box in boxes:  # burned-in text sits at the same place in every frame: paint them all
        array[:, box.y : box.y + box.height, box.x : box.x + box.width] = fill
    if number(dataset, "NumberOfFrames", 1) == 1:
        array = array[0]
    if array.ndim >= 3 and array.shape[-1] == 3:  # pixel_array gives interleaved RGB whatever was stored
        dataset.PhotometricInterpretation = "RGB"
        dataset.PlanarConfiguration = 0
    dataset.PixelData = array.tobytes()
