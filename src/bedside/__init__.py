"""bedside: a second pair of eyes before clinicians post."""

from bedside.config import Config
from bedside.engine import check, check_many, redact
from bedside.model import Attachment, Box, Finding, InputError, Post, Reference, Report

__version__ = "0.1.0"
__all__ = ["Attachment", "Box", "Config", "Finding", "InputError", "Post", "Reference", "Report", "__version__",
           "check", "check_many", "redact"]
