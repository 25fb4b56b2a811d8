"""Confidentiality (CONF): what could identify a patient. CONF001 identifiers in the text (identifiers.py),
CONF002 details that identify together (jigsaw.py), CONF003-CONF006 images, their metadata, faces and DICOM
(images.py)."""
